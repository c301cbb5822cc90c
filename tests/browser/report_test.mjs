// The dashboard in the browser with the real mouse: Show as › Dashboard over the demo data,
// a click on a status bar opens the grid on exactly that many rows with the drill-down chip in
// the filter bar, the chip removes the filter, the CSV download has the BOM, the header and the
// same counts as the bars, and nothing is drawn while the dashboard sits idle.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openApp, clickItem, findItem, listItems, getTestState, screenshot, waitForItemGone } from './harness.mjs';
import { useBrowserAndServer, waitForState, signIn, chooseFromCombo } from './app_actions.mjs';

const suite = useBrowserAndServer();

// The dashboard bars drawn now whose label is "<name>: <count>", by name.
async function bars(page, names) {
  const out = {};
  for (const it of await listItems(page)) {
    const m = /^(.+): ([\d,]+)$/.exec(it.label);  // "1,234": counts are grouped as the UI language groups them
    if (m && names.includes(m[1]) && it.w > 0) out[m[1]] = { item: it, count: Number(m[2].replaceAll(',', '')) };
  }
  return out;
}

test('a dashboard bar opens the grid on exactly its rows; the CSV has the same counts', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: 'Europe/Warsaw', acceptDownloads: true });
  const page = await openApp(context, suite.server.url);
  await signIn(page, 'Anna Kowalska');
  await chooseFromCombo(page, 'view', 'All Activities');
  await clickItem(page, 'Dashboard');
  await findItem(page, 'By status');
  await findItem(page, 'Completion rate');
  const states = await bars(page, ['Open', 'Scheduled', 'Completed', 'Canceled']);
  const types = await bars(page, ['Email', 'Phone Call', 'Task', 'Appointment', 'Note']);
  assert.equal(Object.keys(states).length, 4, 'four status bars');
  assert.equal(Object.keys(types).length, 5, 'five type bars');
  const all = (await getTestState(page)).activities;
  assert.equal(Object.values(states).reduce((n, b) => n + b.count, 0), all, 'the status bars add up to every activity');
  assert.equal(Object.values(types).reduce((n, b) => n + b.count, 0), all, 'so do the type bars');
  await screenshot(page, 'dashboard');
  // the screen-reader mirror reads the bars as buttons named with their numbers, under headings
  const mirror = page.locator('#a11y-mirror');
  await mirror.getByRole('heading', { name: 'By status', exact: true, includeHidden: true }).waitFor({ state: 'attached' });
  await mirror.getByRole('button', { name: states.Completed.item.label, exact: true, includeHidden: true }).waitFor({ state: 'attached' });

  // nothing animates: no frames while idle
  await page.waitForTimeout(1000);  // the app keeps drawing for 0.7 s after the last input (hover tooltips)
  const idleFrom = (await getTestState(page)).framesDrawn;
  await page.waitForTimeout(1500);
  assert.equal((await getTestState(page)).framesDrawn, idleFrom, 'no frames drawn while the dashboard is idle');

  // CSV first (the grid's drill-down changes the page's filters)
  const download = page.waitForEvent('download');
  await clickItem(page, 'Export CSV');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'crm-report-')), (await download).suggestedFilename());
  await (await download).saveAs(file);
  assert.match(path.basename(file), /^activities-dashboard-\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = fs.readFileSync(file);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte order mark');
  const lines = bytes.subarray(3).toString('utf8').split('\r\n');
  assert.equal(lines[0], 'Chart,Item,Activities,Completed,Completion rate');
  for (const [name, b] of Object.entries(states)) assert.ok(lines.includes(`By status,${name},${b.count},,`), `CSV row for ${name}`);
  for (const [name, b] of Object.entries(types)) assert.ok(lines.includes(`By type,${name},${b.count},,`), `CSV row for ${name}`);
  assert.equal(lines.filter((l) => l.startsWith('Completion rate,')).length, 12, 'twelve weeks of completion rate');

  // a click on Completed: the grid shows exactly that many rows, and says why
  const completed = states.Completed.count;
  assert.ok(completed > 0, 'the demo data has completed activities');
  await clickItem(page, states.Completed.item.label);
  await waitForState(page, (s) => s.gridRows === completed, `the grid shows the ${completed} completed activities`);
  const chip = await findItem(page, 'Status: Completed', { exact: false });
  await screenshot(page, 'dashboard-drill-down');
  await clickItem(page, chip.label);
  await waitForItemGone(page, 'Status: Completed', { exact: false });
  await waitForState(page, (s) => s.gridRows === all, 'every activity once the chip is removed');
  await context.close();
});
