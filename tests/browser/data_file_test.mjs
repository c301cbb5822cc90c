// Export and import of the whole database through the UI: the export downloads a JSON file, the
// import of that file into another browser profile reproduces the data, and a damaged file is
// refused with the place of the error while nothing changes.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clickItem, findItem, getTestState, openApp, pressKey, screenshot, typeText, waitForItemGone } from './harness.mjs';
import { createTask, exportFile, importFile, localToday, saved, signIn, useBrowserAndServer, waitForState } from './app_actions.mjs';

const suite = useBrowserAndServer();
const VIEWPORT = { viewport: { width: 1400, height: 850 }, timezoneId: 'Asia/Taipei', acceptDownloads: true };

test('export, import into a new profile, and the data round-trips with Polish and Chinese text', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-export-'));
  const a = await suite.browser.newContext(VIEWPORT);
  const page = await openApp(a, suite.server.url);
  await signIn(page, 'Anna Kowalska');
  const stamp = Date.now();
  const subject = `Send the offer ${stamp}`;
  await createTask(page, subject, await localToday(page));
  await saved(page);
  const total = (await getTestState(page)).activities;
  const file = await exportFile(page, dir);
  const data = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.equal(data.format, 'activities-crm');
  assert.equal(data.version, 1);
  assert.equal(data.activities.filter((x) => !x.deleted).length, total);
  assert.deepEqual(data.activities.filter((x) => x.subject.endsWith(String(stamp))).map((x) => x.subject), [subject],
    'the new task is exported');
  assert.ok(!fs.readFileSync(file, 'utf8').includes('sync.password'), 'no device settings in the export');
  // Polish and Chinese text go in through the file (typing them needs IME support, issue 6).
  const task = data.activities.find((x) => x.subject === subject);
  task.subject = `Zażółć gęślą jaźń — 與客戶開會 ${stamp}`;
  task.description = 'Spotkanie w Łodzi.\n會議記錄：討論報價與交期。';
  data.accounts[0].name = '台北貿易股份有限公司 Żółw';
  fs.writeFileSync(file, JSON.stringify(data, null, 1));

  // Another profile starts with its own demo data; the import adds this one's records.
  const b = await suite.browser.newContext(VIEWPORT);
  const other = await openApp(b, suite.server.url);
  await signIn(other, 'Anna Kowalska');
  const before = (await getTestState(other)).activities;
  await importFile(other, file);
  await findItem(other, 'Import', { window: 'Import data' });
  await screenshot(other, 'import-confirm');
  await clickItem(other, 'Import', { window: 'Import data' });
  await waitForState(other, (s) => s.activities === before + total && s.save === 'saved', 'the import applied and saved');
  // Quick search finds the imported Chinese and Polish text (typed without diacritics).
  await clickItem(other, 'quick_search');
  await typeText(other, `zazolc gesla jazn`);
  await findItem(other, `Zażółć gęślą jaźń — 與客戶開會 ${stamp}`, { exact: false });
  await screenshot(other, 'import-quick-search');
  await pressKey(other, 'Escape');

  // Exporting the imported profile gives every record of the first file back, field for field.
  const again = JSON.parse(fs.readFileSync(await exportFile(other, dir), 'utf8'));
  for (const section of ['users', 'teams', 'accounts', 'contacts', 'opportunities', 'cases', 'activities']) {
    const byId = new Map(again[section].map((x) => [x.id, x]));
    for (const record of data[section]) assert.deepEqual(byId.get(record.id), record, `${section} ${record.id}`);
  }
  await a.close();
  await b.close();
});

test('a truncated or wrong file is refused with where the problem is, and nothing changes', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-import-'));
  const context = await suite.browser.newContext(VIEWPORT);
  const page = await openApp(context, suite.server.url);
  await signIn(page, 'Anna Kowalska');
  const file = await exportFile(page, dir);
  const text = fs.readFileSync(file, 'utf8');
  const before = await getTestState(page);

  const truncated = path.join(dir, 'truncated.json');
  fs.writeFileSync(truncated, text.slice(0, Math.floor(text.length / 2)));
  await importFile(page, truncated);
  await findItem(page, 'Close', { window: 'Import refused' });
  await screenshot(page, 'import-refused-truncated');
  const items = (await getTestState(page)).items.map((i) => i.label).join('\n');
  assert.match(items, /not valid JSON at line \d+, column \d+/);
  await clickItem(page, 'Close', { window: 'Import refused' });
  await waitForItemGone(page, 'Close');

  const data = JSON.parse(text);
  data.activities[3].due = { date: '2026-02-30' };
  data.activities[5].type = 'telegram';
  const wrong = path.join(dir, 'wrong.json');
  fs.writeFileSync(wrong, JSON.stringify(data));
  await importFile(page, wrong);
  await findItem(page, 'Close', { window: 'Import refused' });
  const listed = (await getTestState(page)).items.map((i) => i.label).join('\n');
  assert.match(listed, /activities\[3\]\.due\.date: expected a date YYYY-MM-DD, got "2026-02-30"/);
  assert.match(listed, /activities\[5\]\.type: unknown value "telegram"/);
  await clickItem(page, 'Close', { window: 'Import refused' });
  const after = await getTestState(page);
  assert.equal(after.activities, before.activities);
  await context.close();
});

test('a file too large for the browser is refused before it is read, naming its size and the limit', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-import-big-'));
  const context = await suite.browser.newContext(VIEWPORT);
  const page = await openApp(context, suite.server.url);
  await signIn(page, 'Anna Kowalska');
  const before = await getTestState(page);
  const big = path.join(dir, 'huge.json');
  fs.writeFileSync(big, '{');
  fs.truncateSync(big, 300 * 1024 * 1024);  // sparse: 300 MB on paper, nothing written
  await importFile(page, big);
  await findItem(page, 'Close', { window: 'Import refused' });
  const items = (await getTestState(page)).items.map((i) => i.label).join('\n');
  assert.match(items, /The file is 300 MB; a file over 256 MB cannot be imported in the browser/);
  await clickItem(page, 'Close', { window: 'Import refused' });
  assert.equal((await getTestState(page)).activities, before.activities);
  fs.rmSync(dir, { recursive: true, force: true });
  await context.close();
});
