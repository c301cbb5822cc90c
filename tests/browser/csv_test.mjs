// CSV through the real page: a spreadsheet file picked in the file chooser is mapped (one column
// chosen by hand in its combo), previewed with its refused row, imported, and its rows appear in
// the grid; the grid's view is exported as a real download whose bytes start with the UTF-8 BOM,
// carry the header and the Polish and Chinese subjects; the same file picked again finds its rows
// already in the data and imports nothing unless asked; contacts import the same way; a file in
// Windows-1250 is refused with a message that says so, and nothing changes.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clickItem, findItem, getTestState, openApp, pressKey, screenshot, typeText, waitForItemGone } from './harness.mjs';
import { chooseFromCombo, saved, signIn, useBrowserAndServer, waitForState } from './app_actions.mjs';

const suite = useBrowserAndServer();
const VIEWPORT = { viewport: { width: 1400, height: 850 }, timezoneId: 'Europe/Warsaw', acceptDownloads: true };

async function pickCsv(page, button, file) {
  await clickItem(page, 'Sync & data');
  const chooser = page.waitForEvent('filechooser');
  await clickItem(page, button);
  await (await chooser).setFiles(file);
}

test('CSV: import with mapping and preview, see the rows, export the grid view, refuse a broken encoding', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-csv-'));
  const started = Date.now();
  const context = await suite.browser.newContext(VIEWPORT);
  const page = await openApp(context, suite.server.url);
  await signIn(page, 'Anna Kowalska');
  const stamp = String(Date.now()).slice(-6);
  const polish = `Zażółć gęślą jaźń ${stamp}`;
  const chinese = `會議記錄 與客戶 ${stamp}`;
  // Polish Excel: semicolons, a BOM, CRLF; "Zadanie" is no header the app knows, so it is mapped by hand.
  const file = path.join(dir, 'zadania.csv');
  fs.writeFileSync(file, '\uFEFFZadanie;Termin;Typ;Opis\r\n' +
    `${polish};2026-11-24;Task;"Spotkanie w Łodzi; wtorek"\r\n` +
    `${chinese};2026-11-25 10:00;Phone Call;"第一行\n第二行"\r\n` +
    `Bad row ${stamp};2026-02-30;Task;\r\n`);
  const before = (await getTestState(page)).activities;
  await pickCsv(page, 'Import activities from CSV...', file);
  await findItem(page, 'No column is imported as Subject, which every row needs.', { window: 'Import activities from CSV' });
  await chooseFromCombo(page, 'csv_map_0', 'Subject', { window: 'Import activities from CSV' });
  await findItem(page, 'Row 4, Termin: "2026-02-30" is not a date (use YYYY-MM-DD or YYYY-MM-DD HH:MM).');
  await findItem(page, '2 rows will be imported, 1 row refused.');
  await screenshot(page, 'csv-import-preview');
  await clickItem(page, 'Import', { window: 'Import activities from CSV' });
  await waitForItemGone(page, 'Import activities from CSV');
  await waitForState(page, (s) => s.activities === before + 2 && s.save === 'saved', 'the two valid rows imported and saved');

  // The rows are in the grid; the search leaves just them in the view.
  await clickItem(page, 'Activities');
  await pressKey(page, '/');
  await typeText(page, stamp);
  await pressKey(page, 'Enter');
  await waitForState(page, (s) => s.gridRows === 2, 'the search to leave the two imported rows');
  await findItem(page, polish);
  await findItem(page, chinese);

  // Export of that view: a real download, its bytes checked.
  const download = page.waitForEvent('download');
  await clickItem(page, 'Export CSV');
  const exported = path.join(dir, (await download).suggestedFilename());
  await (await download).saveAs(exported);
  assert.match(path.basename(exported), /^activities-\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = fs.readFileSync(exported);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xEF, 0xBB, 0xBF], 'starts with the UTF-8 BOM');
  const text = bytes.subarray(3).toString('utf8');
  const lines = text.split('\r\n');
  assert.equal(lines[0], 'Type,Subject,Regarding,Due,Status,Status Reason,Priority,Owner,Created By');
  assert.equal(lines.length, 4, 'header, two rows and the final CRLF');
  assert.ok(lines.includes(`Task,${polish},,2026-11-24,Open,Not Started,Normal,Anna Kowalska,Anna Kowalska`), text);
  assert.ok(lines.includes(`Phone Call,${chinese},,2026-11-25T10:00+01:00,Open,Open,Normal,Anna Kowalska,Anna Kowalska`), text);

  // The same file again: both rows are in the data now, so nothing would be imported twice
  // unless asked for; cancelled, nothing changes.
  const imported = (await getTestState(page)).activities;
  await pickCsv(page, 'Import activities from CSV...', file);
  await chooseFromCombo(page, 'csv_map_0', 'Subject', { window: 'Import activities from CSV' });
  await findItem(page, '0 rows will be imported, 2 rows already in your data skipped, 1 row refused.');
  await screenshot(page, 'csv-import-duplicates');
  await clickItem(page, 'Import the rows already in your data as well (they would be there twice)', { window: 'Import activities from CSV' });
  await findItem(page, '2 rows will be imported, 1 row refused.');
  await clickItem(page, 'Import the rows already in your data as well (they would be there twice)', { window: 'Import activities from CSV' });
  await findItem(page, '0 rows will be imported, 2 rows already in your data skipped, 1 row refused.');
  await clickItem(page, 'Cancel', { window: 'Import activities from CSV' });
  await waitForItemGone(page, 'Import activities from CSV');
  assert.equal((await getTestState(page)).activities, imported, 'nothing imported twice');

  // Contacts: English headers, an account resolved by name, one refused row.
  const contacts = path.join(dir, 'contacts.csv');
  fs.writeFileSync(contacts, `Full Name,Company,Email\r\nŁucja Wróbel ${stamp},,lucja@example.com\r\n` +
    `陳大文 ${stamp},No Such Company,chan@example.com\r\n`);
  await pickCsv(page, 'Import contacts from CSV...', contacts);
  await findItem(page, 'Row 3, Company: There is no account named "No Such Company".', { window: 'Import contacts from CSV' });
  await clickItem(page, 'Import', { window: 'Import contacts from CSV' });
  await waitForItemGone(page, 'Import contacts from CSV');
  await saved(page);
  await clickItem(page, 'Contacts');
  await findItem(page, `Łucja Wróbel ${stamp}`);

  // Windows-1250 bytes: refused, the message names the encoding, the row and the byte; nothing changes.
  const state = await getTestState(page);
  const legacy = path.join(dir, 'cp1250.csv');
  fs.writeFileSync(legacy, Buffer.from([...Buffer.from('Temat;Termin\r\nZa'), 0xBF, 0xF3, 0xB3, 0xE6, ...Buffer.from(';2026-11-24\r\n')]));
  await pickCsv(page, 'Import activities from CSV...', legacy);
  await findItem(page, 'Close', { window: 'Import refused' });
  await findItem(page, 'Row 2: The file is not UTF-8: byte 17 of the file (0xBF) is not a UTF-8 character. ' +
    'It was probably saved as Windows-1250 (Central European). Save it as "CSV UTF-8" and import it again.');
  await screenshot(page, 'csv-import-refused-encoding');
  await clickItem(page, 'Close', { window: 'Import refused' });
  assert.equal((await getTestState(page)).activities, state.activities, 'nothing imported');
  await context.close();
  console.log(`csv browser test: ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
