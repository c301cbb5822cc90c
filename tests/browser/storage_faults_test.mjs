// Storage faults in a real browser, each with a message that says what happened, what still
// works and what to do: a full disk (the browser's QuotaExceededError from put), the database
// blocked by an older version held open in another page, damaged stored values (garbage in a log
// entry, a chunk that is not bytes) kept in quarantine, offered as a download and discarded when
// the user says so, and the site's storage cleared or the database deleted while the app runs
// (re-created and written again).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { callHook, launchPersistent, openApp, clickItem, findItem, getTestState, screenshot, waitForItemGone } from './harness.mjs';
import { useBrowserAndServer, waitForState, saved, localToday, signIn, createTask, exportFile } from './app_actions.mjs';

const suite = useBrowserAndServer();

// A task made through the store's command path (see crash_test.mjs), waited for until saved.
async function savedTask(page, subject) {
  const { result, frame } = await callHook(page, '_crm_test_edit', ['create', '', subject]);
  assert.ok(!result.error, result.error);
  await waitForState(page, (s) => s.frame > frame && s.save === 'saved', `"${subject}" saved`);
  return result.id;
}
const lookUp = async (page, idOrSubject) => (await callHook(page, '_crm_test_activity', [idOrSubject])).result;

function tempDir() { return fs.mkdtempSync(path.join(os.tmpdir(), 'crm-faults-')); }

// CDP Storage.overrideQuotaForOrigin was tried first: in this Chromium (156, headless) it answers {}
// and changes nothing (navigator.storage.estimate() still says 10 GB and a 5 MB put succeeds,
// with incognito and on-disk profiles alike), so the full disk is a put that throws the browser's
// own QuotaExceededError, as IndexedDB does when the quota is used up.
test('quota exceeded: the edit stays in memory, the indicator says why, export works, and it lands once space is back', async () => {
  const profile = tempDir();
  const context = await launchPersistent(profile, { viewport: { width: 1400, height: 850 }, acceptDownloads: true });
  await context.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (...args) {
      if (window.__storageFull) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
  });
  try {
    const page = await openApp(context, suite.server.url, { query: { db: 'quota' } });
    await signIn(page, 'Marek Nowak');
    await saved(page);
    await page.evaluate(() => { window.__storageFull = true; });
    const subject = 'Written when there is room again ' + Date.now();
    await createTask(page, subject, await localToday(page));
    const failed = await waitForState(page, (s) => s.save === 'failed', 'the refused write to be reported', 20_000);
    assert.match(failed.storage.lastError, /storage is full/, 'the indicator says the storage is full');
    assert.ok(await lookUp(page, subject), 'the edit is kept in memory');
    assert.equal(await page.evaluate(() => window.__crmUnsaved), true, 'the page warns before closing');
    // the status line says what still works and what to do (the screen-reader mirror reads it too)
    assert.match(await page.evaluate(() => document.body.textContent), /free some disk space, or export your data/);
    await screenshot(page, 'storage-quota-exceeded');
    // What is in memory can be exported while nothing can be saved.
    const dir = tempDir();
    const file = await exportFile(page, dir);
    assert.ok(fs.readFileSync(file, 'utf8').includes(subject), 'the export holds the unsaved edit');
    fs.rmSync(dir, { recursive: true, force: true });

    await page.evaluate(() => { window.__storageFull = false; });  // space is back
    await waitForState(page, (s) => s.save === 'saved', 'the retried write to land', 45_000);
    await page.reload();
    await waitForState(page, (s) => s.ready && s.user === 'Marek Nowak', 'ready after reload');
    assert.ok(await lookUp(page, subject), 'nothing lost once space was back');
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
});

test('blocked by an older version held open in another page: the app says so and opens once that page goes', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1400, height: 850 } });
  const old = await context.newPage();
  await old.goto(`${suite.server.url}/manifest.webmanifest`);  // any page of the same origin
  await old.evaluate(() => new Promise((resolve, reject) => {
    const req = indexedDB.open('blocked', 1);
    req.onsuccess = () => {
      window.__oldDb = req.result;
      window.__oldDb.onversionchange = () => {};  // an old version that never lets go
      resolve();
    };
    req.onerror = () => reject(req.error);
  }));
  const page = await context.newPage();
  await page.goto(`${suite.server.url}?test=1&db=blocked`);
  const blocked = await waitForState(page, (s) => /older version/.test(s.storage?.message || ''), 'the blocked message', 20_000);
  assert.equal(blocked.ready, false);
  await findItem(page, 'Close that tab', { exact: false });  // on the page itself, not only in the test state
  assert.match(await page.evaluate(() => document.body.innerText), /older version/, 'the page status line says it too');
  await screenshot(page, 'storage-blocked');

  await old.close();
  await waitForState(page, (s) => s.ready, 'the app to open once the old page is gone', 20_000);
  await signIn(page, 'Anna Kowalska');
  await savedTask(page, 'After the block');
  await page.reload();
  await waitForState(page, (s) => s.ready && s.user === 'Anna Kowalska', 'ready after reload');
  assert.ok(await lookUp(page, 'After the block'));
  await context.close();
});

const quarantineCount = (page) => page.evaluate(() => new Promise((resolve) => {
  const req = indexedDB.open('damaged');
  req.onsuccess = () => {
    const r = req.result.transaction('quarantine').objectStore('quarantine').count();
    r.onsuccess = () => { req.result.close(); resolve(r.result); };
  };
}));

test('damaged stored values are quarantined and reported with where they were; the rest loads and stays editable; the user can discard them', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1400, height: 850 }, acceptDownloads: true });
  let page = await openApp(context, suite.server.url, { query: { db: 'damaged' } });
  await signIn(page, 'Emma Fischer');
  await saved(page);
  await savedTask(page, 'Stays readable');
  await savedTask(page, 'Will be damaged');
  const before = await getTestState(page);
  // The newest log entry (the second task) gets garbage in place of its record; a chunk that is
  // not bytes at all appears beside the snapshot.
  const damagedSeq = await page.evaluate(() => new Promise((resolve, reject) => {
    const req = indexedDB.open('damaged');
    req.onsuccess = () => {
      const db = req.result;
      const tx = db.transaction(['log', 'chunks'], 'readwrite');
      tx.objectStore('log').getAllKeys().onsuccess = (e) => {
        const seq = Math.max(...e.target.result);
        tx.objectStore('log').put(new Uint8Array([5, 0x63, 2, 1, 2, 3]).buffer, seq);  // kind 0x63: no such kind
        tx.objectStore('chunks').put('garbage, not bytes', 7);
        tx.oncomplete = () => { db.close(); resolve(seq); };
      };
      tx.onerror = () => reject(tx.error);
    };
  }));
  await page.reload();
  let state = await waitForState(page, (s) => s.ready && s.user === 'Emma Fischer', 'ready after reload');
  assert.equal(state.storage.unreadable, 2);
  assert.match(state.notice, /2 stored records could not be read/);
  assert.equal(state.activities, before.activities - 1, 'only the damaged record is missing');
  assert.ok(await lookUp(page, 'Stays readable'));
  assert.equal(await lookUp(page, 'Will be damaged'), null);

  // Kept, not dropped: the raw bytes are in the quarantine store with where they were.
  const kept = await page.evaluate(() => new Promise((resolve) => {
    const req = indexedDB.open('damaged');
    req.onsuccess = () => {
      const r = req.result.transaction('quarantine').objectStore('quarantine').getAll();
      r.onsuccess = () => resolve(r.result.map((q) => ({ where: q.where, size: q.bytes.byteLength })));
    };
  }));
  assert.equal(kept.length, 2);
  assert.ok(kept.some((q) => q.where.startsWith(`change log entry ${damagedSeq}, record 0 at byte 0`) && q.size === 6), JSON.stringify(kept));
  assert.ok(kept.some((q) => q.where.startsWith('snapshot chunk 0 (key 7): stored as text')), JSON.stringify(kept));

  // Settings lists them and offers them as a file.
  await clickItem(page, 'Settings');
  const download = page.waitForEvent('download');
  await clickItem(page, 'Download the unreadable records');
  const dir = tempDir();
  const file = path.join(dir, (await download).suggestedFilename());
  await (await download).saveAs(file);
  const quarantine = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.equal(quarantine.unreadable.length, 2);
  assert.ok(quarantine.unreadable.some((q) => Buffer.from(q.bytes_base64, 'base64').equals(Buffer.from([5, 0x63, 2, 1, 2, 3]))));
  await screenshot(page, 'storage-quarantine');

  // The rest stays editable and exportable.
  await savedTask(page, 'Edited after the damage');
  const exported = fs.readFileSync(await exportFile(page, dir), 'utf8');
  assert.ok(exported.includes('Stays readable') && exported.includes('Edited after the damage'));
  fs.rmSync(dir, { recursive: true, force: true });

  // Loading the same damage again files it once.
  await page.reload();
  state = await waitForState(page, (s) => s.ready, 'ready after a second reload');
  assert.equal(state.storage.unreadable, 2);
  assert.ok(await lookUp(page, 'Edited after the damage'));

  // Discarded on the user's word (after a confirmation): gone from Settings, from the
  // quarantine store and from where they were found, for good; the readable data stays.
  await clickItem(page, 'Settings');
  await clickItem(page, 'Discard the unreadable records...');
  await clickItem(page, 'Keep them');
  await findItem(page, 'Download the unreadable records');
  await clickItem(page, 'Discard the unreadable records...');
  await findItem(page, 'Discard them');
  await screenshot(page, 'storage-quarantine-discard');
  await clickItem(page, 'Discard them');
  await waitForItemGone(page, 'Download the unreadable records');
  await saved(page);
  await page.reload();
  state = await waitForState(page, (s) => s.ready, 'ready after the discard');
  assert.equal(state.storage.unreadable, 0, 'nothing unreadable is found or listed any more');
  assert.equal(await quarantineCount(page), 0, 'the quarantine store is empty');
  assert.ok(await lookUp(page, 'Stays readable'));
  assert.ok(await lookUp(page, 'Edited after the damage'));
  assert.equal((await page.evaluate(() => window.crmCheckStoredData())).ok, true, 'the stored data passes the integrity check');
  await context.close();
});

for (const how of ['cleared by the browser (CDP Storage.clearDataForOrigin)', 'deleted from another page']) {
  test(`storage ${how} while the app runs: it says so, re-creates the database and writes everything again`, async () => {
    const db = how.startsWith('cleared') ? 'cleared' : 'deleted';
    const context = await suite.browser.newContext({ viewport: { width: 1400, height: 850 } });
    const page = await openApp(context, suite.server.url, { query: { db } });
    await signIn(page, 'Anna Kowalska');
    await saved(page);
    await savedTask(page, 'Before the storage went');
    const before = await getTestState(page);
    if (db === 'cleared') {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Storage.clearDataForOrigin', { origin: new URL(suite.server.url).origin, storageTypes: 'indexeddb' });
    } else {
      const other = await context.newPage();
      await other.goto(`${suite.server.url}/manifest.webmanifest`);
      await other.evaluate((name) => new Promise((resolve, reject) => {
        const req = indexedDB.deleteDatabase(name);
        req.onsuccess = resolve;
        req.onerror = () => reject(req.error);
      }), db);
      await other.close();
    }
    await waitForState(page, (s) => /removed this app's stored data/.test(s.notice) || /written to storage again/.test(s.notice),
                       'the app to notice', 20_000);
    // An edit made meanwhile is kept too.
    const { frame } = await callHook(page, '_crm_test_edit', ['create', '', 'While the storage was gone']);
    await waitForState(page, (s) => s.frame > frame && s.save === 'saved' && !s.storage.lost && /written to storage again/.test(s.notice),
                       'everything written again', 30_000);
    await screenshot(page, `storage-${db}`);
    await page.reload();
    const after = await waitForState(page, (s) => s.ready && s.user === 'Anna Kowalska', 'signed in after reload');
    assert.equal(after.activities, before.activities + 1);
    assert.ok(await lookUp(page, 'Before the storage went'));
    assert.ok(await lookUp(page, 'While the storage was gone'));
    const report = await page.evaluate(() => window.crmCheckStoredData());
    assert.ok(report.ok, JSON.stringify(report.problems));
    await context.close();
  });
}
