// Storage in a real browser: data survives a full browser restart (on-disk profile), the user is
// told when IndexedDB is unavailable or refuses writes, and no edit is dropped meanwhile, and
// "clear demo data" removes the records for good.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  launchPersistent, openApp, clickItem, findItem, getTestState, screenshot,
} from './harness.mjs';
import { useBrowserAndServer, waitForState, saved, localToday, signIn, chooseFromCombo, createTask } from './app_actions.mjs';

const suite = useBrowserAndServer();

test('activities survive closing and relaunching the browser (on-disk IndexedDB)', async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-profile-'));
  try {
    let context = await launchPersistent(profile, { viewport: { width: 1400, height: 850 } });
    let page = await openApp(context, suite.server.url);
    await signIn(page, 'Anna Kowalska');
    const subject = 'Survives a restart ' + Date.now();
    await createTask(page, subject, await localToday(page));
    const before = await saved(page);
    await context.close();  // the whole browser goes away

    context = await launchPersistent(profile, { viewport: { width: 1400, height: 850 } });
    page = await openApp(context, suite.server.url);
    const after = await waitForState(page, (s) => s.ready && s.user === 'Anna Kowalska', 'signed in after restart');
    assert.equal(after.activities, before.activities);
    await findItem(page, subject);
    await context.close();
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
});

test('without IndexedDB the app says so and keeps working in memory', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1400, height: 850 } });
  await context.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', { get: () => undefined, configurable: true });
  });
  const page = await openApp(context, suite.server.url);
  const state = await getTestState(page);
  assert.equal(state.save, 'unavailable');
  await signIn(page, 'Anna Kowalska');
  const subject = 'In memory only ' + Date.now();
  await createTask(page, subject, await localToday(page));
  await findItem(page, subject);
  assert.equal(await page.evaluate(() => window.__crmUnsaved), true, 'the page must warn before closing');
  await screenshot(page, 'storage-unavailable');
  await context.close();
});

test('a refused write is kept, shown, retried, and lands once storage accepts it again', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1400, height: 850 } });
  // Simulates a full disk: every put fails with QuotaExceededError while the flag is set.
  await context.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (...args) {
      if (window.__failPuts) throw new DOMException('simulated full disk', 'QuotaExceededError');
      return put.apply(this, args);
    };
  });
  const page = await openApp(context, suite.server.url);
  await signIn(page, 'Marek Nowak');
  await saved(page);
  await page.evaluate(() => { window.__failPuts = true; });
  const subject = 'Written after the disk recovers ' + Date.now();
  await createTask(page, subject, await localToday(page));
  await waitForState(page, (s) => s.save === 'failed', 'the failed write to be reported');
  assert.equal(await page.evaluate(() => window.__crmUnsaved), true);
  await screenshot(page, 'storage-write-refused');

  await page.evaluate(() => { window.__failPuts = false; });
  await waitForState(page, (s) => s.save === 'saved', 'the retried write to land', 40_000);
  assert.equal(await page.evaluate(() => window.__crmUnsaved), false);
  await page.reload();
  await waitForState(page, (s) => s.ready && s.user === 'Marek Nowak', 'ready after reload');
  await findItem(page, subject);
  await context.close();
});

test('clearing the demo data removes every record, keeps users, and does not seed again', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1400, height: 850 } });
  const page = await openApp(context, suite.server.url);
  await signIn(page, 'Emma Fischer');
  assert.ok((await getTestState(page)).activities > 100);
  await clickItem(page, 'Settings');
  await clickItem(page, 'Clear demo data...');
  await clickItem(page, 'Remove all records');
  await waitForState(page, (s) => s.activities === 0, 'no activities left');
  await saved(page);
  await page.reload();
  const state = await waitForState(page, (s) => s.ready, 'ready after reload');
  assert.equal(state.activities, 0);
  assert.equal(state.user, 'Emma Fischer');
  await context.close();
});
