// Customer records in the browser: the Chris Preston / Imported Sports roll-up through the UI,
// standalone activities found through the Regarding filter, quick search with folded text,
// and an attachment round trip (upload, reload, download, same bytes; oversize refused).
import test from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import {
  openApp, clickItem, doubleClickItem, findItem, typeText, pressKey, waitForItemGone, getTestState, screenshot,
} from './harness.mjs';
import { useBrowserAndServer, waitForState, saved, signIn, chooseFromCombo } from './app_actions.mjs';

const suite = useBrowserAndServer();

async function newPage(timezoneId = 'Europe/Warsaw') {
  const context = await suite.browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId });
  const page = await openApp(context, suite.server.url);
  return { context, page };
}

test('a task on contact Chris Preston shows on his timeline and, via him, on Imported Sports', async () => {
  const { context, page } = await newPage();
  await signIn(page, 'Anna Kowalska');
  await clickItem(page, 'Contacts');
  await doubleClickItem(page, 'Chris Preston');
  const contactForm = 'Contact: Chris Preston';
  await clickItem(page, '+ Add activity', { window: contactForm });
  await clickItem(page, 'Task', { window: 'Popup_' });
  const subject = 'Confirm ski boot sizes ' + Date.now();
  await findItem(page, 'subject', { window: 'New Task' });
  await typeText(page, subject);
  await clickItem(page, 'Save & Close', { window: 'New Task' });
  await findItem(page, subject, { window: contactForm });  // on Chris Preston's timeline
  await saved(page);

  await clickItem(page, 'Open', { window: contactForm });  // his account, stacked on top
  const accountForm = 'Account: Imported Sports';
  await clickItem(page, 'timeline_search', { window: accountForm });
  await typeText(page, subject);
  await findItem(page, subject, { window: accountForm });
  await findItem(page, 'via contact Chris Preston', { window: accountForm });
  await screenshot(page, 'records-rollup-imported-sports');
  await chooseFromCombo(page, 'timeline_rollup', 'This record only', { window: accountForm });
  await screenshot(page, 'records-rollup-none');
  await waitForItemGone(page, subject, { window: accountForm });
  await chooseFromCombo(page, 'timeline_rollup', 'Related', { window: accountForm });
  await findItem(page, subject, { window: accountForm });

  // closing the account returns to Chris Preston's form
  await clickItem(page, 'Cancel', { window: accountForm });
  await findItem(page, subject, { window: contactForm });
  await context.close();
});

test('an activity created from Create has no Regarding and is found with the Regarding filter', async () => {
  const { context, page } = await newPage();
  await signIn(page, 'Marek Nowak');
  await clickItem(page, '+ Create');
  await clickItem(page, 'Phone Call', { window: 'Popup_' });
  const subject = 'Unlinked call ' + Date.now();
  await findItem(page, 'subject', { window: 'New Phone Call' });
  await typeText(page, subject);
  await clickItem(page, 'Save & Close', { window: 'New Phone Call' });
  await saved(page);
  await chooseFromCombo(page, 'regarding_filter', 'Without Regarding');
  await findItem(page, subject);
  await chooseFromCombo(page, 'regarding_filter', 'With Regarding');
  await waitForItemGone(page, subject);
  await context.close();
});

test('quick search ignores case and Polish diacritics, and Enter opens the best hit', async () => {
  const { context, page } = await newPage();
  await signIn(page, 'Emma Fischer');
  await clickItem(page, 'quick_search');
  await typeText(page, 'ZOLW');
  await findItem(page, 'Hurtownia Żółw sp. z o.o.');
  await pressKey(page, 'Enter');
  await findItem(page, 'Save & Close', { window: 'Account: Hurtownia Żółw sp. z o.o.' });
  await context.close();
});

test('an attachment survives reload and downloads byte for byte; an oversized file is refused', async () => {
  const { context, page } = await newPage();
  await signIn(page, 'Sarah Johnson');
  await clickItem(page, '+ Create');
  await clickItem(page, 'Note', { window: 'Popup_' });
  const subject = 'Signed offer ' + Date.now();
  await findItem(page, 'subject', { window: 'New Note' });
  await typeText(page, subject);
  await clickItem(page, 'Save', { window: 'New Note' });  // attachments need a saved note
  const form = 'Note: ' + subject;
  const bytes = crypto.randomBytes(300_000);
  const name = 'oferta-żółw.bin';
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), clickItem(page, 'Add files...', { window: form })]);
  await chooser.setFiles({ name, mimeType: 'application/octet-stream', buffer: bytes });
  await findItem(page, 'Download', { window: form });
  await saved(page);

  // 26 MB is over the 25 MB limit: refused with a message, nothing attached
  const [chooser2] = await Promise.all([page.waitForEvent('filechooser'), clickItem(page, 'Add files...', { window: form })]);
  await chooser2.setFiles({ name: 'too-big.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(26 * 1024 * 1024, 7) });
  const refused = await waitForState(page, (s) => /too large/i.test(s.notice), 'the size limit message');
  assert.match(refused.notice, /too-big\.bin/);
  await screenshot(page, 'records-attachment');
  await clickItem(page, 'Save & Close', { window: form });
  await saved(page);

  await page.reload();
  await waitForState(page, (s) => s.ready && s.user === 'Sarah Johnson', 'ready after reload');
  await chooseFromCombo(page, 'state_filter', 'Any state');
  await clickItem(page, 'grid_search');
  await typeText(page, subject);
  await pressKey(page, 'Enter');
  await doubleClickItem(page, subject);
  const [download] = await Promise.all([page.waitForEvent('download'), clickItem(page, 'Download', { window: form })]);
  assert.equal(download.suggestedFilename(), name);
  const got = fs.readFileSync(await download.path());
  assert.equal(got.length, bytes.length);
  assert.ok(got.equals(bytes), 'downloaded bytes differ from the uploaded file');
  await context.close();
});

test('files dropped on the page attach to the open note; removing one deletes it', async () => {
  const { context, page } = await newPage();
  await signIn(page, 'David Lee');
  await clickItem(page, '+ Create');
  await clickItem(page, 'Note', { window: 'Popup_' });
  const subject = 'Meeting photos ' + Date.now();
  await findItem(page, 'subject', { window: 'New Note' });
  await typeText(page, subject);
  await clickItem(page, 'Save', { window: 'New Note' });
  const form = 'Note: ' + subject;
  await findItem(page, 'Add files...', { window: form });
  // the browser's drop event, carrying a real File, as a drag from the desktop delivers it
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array([1, 2, 3, 4, 5])], 'whiteboard.png', { type: 'image/png' }));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await findItem(page, 'Download', { window: form });
  await waitForState(page, (s) => /Attached whiteboard\.png/.test(s.notice), 'the attached notice');
  await clickItem(page, 'Remove', { window: form });
  await waitForItemGone(page, 'Download', { window: form });
  const blobs = await page.evaluate(() => new Promise((resolve) => {
    const req = indexedDB.open('activities-crm');
    req.onsuccess = () => {
      const get = req.result.transaction('blobs').objectStore('blobs').count();
      get.onsuccess = () => resolve(get.result);
    };
  }));
  assert.equal(blobs, 0, 'the removed file\'s bytes are deleted');
  await context.close();
});

test('from an activity, its Regarding record opens on top and closing it keeps the unsaved edit', async () => {
  const { context, page } = await newPage();
  await signIn(page, 'Anna Kowalska');
  await clickItem(page, 'quick_search');
  await typeText(page, 'Chris Preston');
  await pressKey(page, 'Enter');
  const contactForm = 'Contact: Chris Preston';
  await clickItem(page, '+ Add activity', { window: contactForm });
  await clickItem(page, 'Task', { window: 'Popup_' });
  await findItem(page, 'subject', { window: 'New Task' });
  const subject = 'Edited under a stacked dialog ' + Date.now();
  await typeText(page, subject);
  await clickItem(page, 'Open', { window: 'New Task' });  // Chris Preston again, on top of the task
  await findItem(page, 'Save & Close', { window: contactForm });
  await waitForState(page, (s) => s.dialogs === 3, 'three stacked dialogs');
  await screenshot(page, 'records-stacked-dialogs');
  await clickItem(page, 'Cancel', { window: contactForm });
  await waitForState(page, (s) => s.dialogs === 2, 'back to the task');
  await clickItem(page, 'Save & Close', { window: 'New Task' });
  await findItem(page, subject, { window: contactForm });  // the typed subject was kept and saved
  await context.close();
});
