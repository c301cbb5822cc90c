// End-to-end tests of the Activities page in headless Chromium: the real wasm build, real
// IndexedDB, real mouse and keyboard events on the canvas. Widgets are located through the
// item rectangles the app publishes in test mode (?test=1), so each click lands where a person
// would click.
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  openApp, clickItem, doubleClickItem, findItem, typeText, pressKey, waitForItemGone,
  getTestState, screenshot, pageErrors,
} from './harness.mjs';
import { useBrowserAndServer, waitForState, saved, localToday, signIn, chooseFromCombo, createTask } from './app_actions.mjs';

const suite = useBrowserAndServer();

test('create a task with mouse and keyboard, mark it complete, and find it again after reload', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1400, height: 850 }, timezoneId: 'Europe/Warsaw' });
  const page = await openApp(context, suite.server.url);
  await signIn(page, 'Anna Kowalska');
  const before = await getTestState(page);
  const subject = 'Send contract to Imported Sports ' + Date.now();
  await createTask(page, subject, await localToday(page));
  await saved(page);
  const afterCreate = await getTestState(page);
  assert.equal(afterCreate.activities, before.activities + 1);
  await screenshot(page, 'activities-created');

  // select the new row, then Mark complete with the default status reason
  await clickItem(page, subject);
  await clickItem(page, 'Mark complete', { window: 'Activities CRM' });
  await findItem(page, 'Mark complete', { window: 'Mark complete' });
  await screenshot(page, 'activities-complete-dialog');
  await clickItem(page, 'Mark complete', { window: 'Mark complete' });
  await waitForItemGone(page, subject);  // leaves the default "Open and scheduled" view
  await saved(page);

  await page.reload();
  await waitForState(page, (s) => s.ready && s.user === 'Anna Kowalska', 'ready after reload as Anna', 30_000);
  await chooseFromCombo(page, 'state_filter', 'Completed');
  await findItem(page, subject);
  await screenshot(page, 'activities-completed-after-reload');
  assert.deepEqual(pageErrors(page), []);
  await context.close();
});

test('select two activities with Ctrl+click and complete both at once', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1400, height: 850 }, timezoneId: 'Asia/Taipei' });
  const page = await openApp(context, suite.server.url);
  await signIn(page, 'Marek Nowak');
  const stamp = Date.now();
  const today = await localToday(page);
  await createTask(page, `Bulk A ${stamp}`, today);
  await createTask(page, `Bulk B ${stamp}`, today);
  await saved(page);
  await clickItem(page, `Bulk A ${stamp}`);
  await page.keyboard.down('Control');
  await clickItem(page, `Bulk B ${stamp}`);
  await page.keyboard.up('Control');
  await clickItem(page, 'Mark complete', { window: 'Activities CRM' });
  await clickItem(page, 'Mark complete', { window: 'Mark complete' });
  await waitForItemGone(page, `Bulk A ${stamp}`);
  await waitForItemGone(page, `Bulk B ${stamp}`);
  await saved(page);
  await chooseFromCombo(page, 'state_filter', 'Completed');
  await findItem(page, `Bulk A ${stamp}`);
  await findItem(page, `Bulk B ${stamp}`);
  await context.close();
});

test('a date-only due date of today counts as "Due today" far east of UTC', async () => {
  // UTC+14: when it is already tomorrow here, UTC is still on the previous date
  const context = await suite.browser.newContext({ viewport: { width: 1400, height: 850 }, timezoneId: 'Pacific/Kiritimati' });
  const page = await openApp(context, suite.server.url);
  const state = await getTestState(page);
  assert.equal(state.zone, 'Pacific/Kiritimati');
  await signIn(page, 'David Lee');
  const subject = 'Due today in Kiritimati ' + Date.now();
  await createTask(page, subject, await localToday(page));
  await chooseFromCombo(page, 'due_filter', 'Due today');
  await findItem(page, subject);
  await chooseFromCombo(page, 'due_filter', 'Overdue');
  await waitForItemGone(page, subject);
  await context.close();
});

test('invalid input is refused with the form kept open and nothing saved', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1400, height: 850 } });
  const page = await openApp(context, suite.server.url);
  await signIn(page, 'Emma Fischer');
  const before = await getTestState(page);
  await clickItem(page, '+ New activity');
  await clickItem(page, 'Task', { window: 'Popup_' });
  await findItem(page, 'subject', { window: 'New Task' });
  await clickItem(page, 'due_date', { window: 'New Task' });
  await typeText(page, '2026-02-30');
  await clickItem(page, 'Save', { window: 'New Task' });
  await findItem(page, 'Save & Close', { window: 'New Task' });  // still open
  await screenshot(page, 'activities-invalid-input');
  const after = await getTestState(page);
  assert.equal(after.activities, before.activities);
  await pressKey(page, 'Escape');
  await waitForItemGone(page, 'Save & Close');
  await context.close();
});

test('an idle page draws no frames', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1200, height: 800 } });
  const page = await openApp(context, suite.server.url);
  await signIn(page, 'Sarah Johnson');
  await page.waitForTimeout(1000);  // the app keeps drawing for 0.7 s after the last input
  const a = await page.evaluate(() => window.__crmTest.framesDrawn);
  await page.waitForTimeout(1500);
  const b = await page.evaluate(() => window.__crmTest.framesDrawn);
  assert.equal(b, a, `frames drawn while idle: ${b - a}`);
  await context.close();
});

test('keyboard only: create a task, find it, and mark it complete', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1400, height: 850 }, timezoneId: 'America/Los_Angeles' });
  const page = await openApp(context, suite.server.url);
  await signIn(page, 'Sarah Johnson');
  const subject = 'Keyboard task ' + Date.now();
  await pressKey(page, 'n');
  await pressKey(page, 't');
  await findItem(page, 'subject', { window: 'New Task' });
  await typeText(page, subject);
  await pressKey(page, 'Control+Enter');
  await waitForItemGone(page, 'Save & Close');
  await saved(page);
  await pressKey(page, '/');
  await typeText(page, subject);
  await pressKey(page, 'Enter');
  await waitForState(page, (s) => s.gridRows === 1, 'the search to leave one row');
  await pressKey(page, 'ArrowDown');
  await pressKey(page, 'm');
  await findItem(page, 'Mark complete', { window: 'Mark complete' });
  await pressKey(page, 'Enter');
  await waitForItemGone(page, subject);
  await saved(page);
  await waitForState(page, (s) => s.gridRows === 0, 'the completed task to leave the open view');
  await context.close();
});

test('open an activity with a double-click, edit it, and see the edit after reload', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1400, height: 850 }, timezoneId: 'Europe/Warsaw' });
  const page = await openApp(context, suite.server.url);
  await signIn(page, 'Anna Kowalska');
  const stamp = Date.now();
  await createTask(page, `Draft agenda ${stamp}`, await localToday(page));
  await saved(page);
  await doubleClickItem(page, `Draft agenda ${stamp}`);
  const dialog = `Task: Draft agenda ${stamp}`;
  await clickItem(page, 'subject', { window: dialog });
  await pressKey(page, 'Control+a');
  await typeText(page, `Final agenda ${stamp}`);
  await clickItem(page, 'High', { window: dialog });
  await clickItem(page, 'Save & Close', { window: dialog });
  await waitForItemGone(page, 'Save & Close');
  await findItem(page, `Final agenda ${stamp}`);
  await saved(page);
  await page.reload();
  await waitForState(page, (s) => s.ready && s.user === 'Anna Kowalska', 'ready after reload');
  await doubleClickItem(page, `Final agenda ${stamp}`);
  await findItem(page, 'Save & Close', { window: `Task: Final agenda ${stamp}` });
  await screenshot(page, 'activities-edited-after-reload');
  await context.close();
});
