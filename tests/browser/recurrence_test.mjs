// A repeating appointment in the browser, with real mouse and keyboard: a weekly series made in
// the form shows on Mondays and Wednesdays in the week and month views; one occurrence dragged
// to Thursday with "This occurrence" moves only it; that occurrence gets its own subject; a
// series edit renames every other occurrence (the split-off one keeps the subject it changed on
// its own, and its day); after a reload everything is where it was. A daily task series that
// started two days ago is overdue until its first occurrence is done; marked complete together
// with a one-off task from the grid, it completes that occurrence and goes on (still overdue,
// yesterday's is not done), where completing it used to end the whole series.
import test from 'node:test';
import assert from 'node:assert/strict';
import { openApp, clickItem, findItem, typeText, pressKey, waitForItemGone, listItems, screenshot, getTestState } from './harness.mjs';
import {
  useBrowserAndServer, waitForState, saved, signIn, dragOnCanvas as drag, inside, localToday, createTask, chooseFromCombo,
} from './app_actions.mjs';

const suite = useBrowserAndServer();

// The week's day columns (the empty-slot buttons), Sunday first in English.
async function dayColumns(page) {
  const slots = (await listItems(page)).filter((i) => i.label.startsWith('slots ')).sort((a, b) => a.x - b.x);
  assert.equal(slots.length, 7, 'a week shows seven day columns');
  return slots;
}

// A click near the top left of a calendar item (its label is its subject, shared by occurrences).
async function clickAt(page, item) {
  const box = await page.locator('canvas').boundingBox();
  await page.mouse.click(box.x + item.x + 10, box.y + item.y + 4, { delay: 50 });
  await waitForState(page, (s) => s.items.some((i) => i.label === 'Open' && (i.window ?? '').startsWith('Popup_')), 'the summary');
}

const itemsLabelled = async (page, label) => (await listItems(page)).filter((i) => i.label === label && i.w > 0);

// Which of the seven columns hold an item labelled `label`.
async function daysWith(page, label) {
  const columns = await dayColumns(page);
  const items = await itemsLabelled(page, label);
  return columns.map((c, d) => (items.some((it) => inside(it, c)) ? d : -1)).filter((d) => d >= 0);
}

function waitForDays(page, label, expected, what) {
  return waitForState(page, (s) => {
    const slots = s.items.filter((i) => i.label.startsWith('slots ')).sort((a, b) => a.x - b.x);
    if (slots.length !== 7) return false;
    const days = slots.map((c, d) => (s.items.some((it) => it.label === label && it.w > 0 && inside(it, c)) ? d : -1)).filter((d) => d >= 0);
    return JSON.stringify(days) === JSON.stringify(expected);
  }, `${what}: ${label} on days ${expected}`);
}

test('a weekly series: made in the form, shown every week, one occurrence moved, the series renamed', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: 'Europe/Warsaw' });
  const page = await openApp(context, suite.server.url);
  await signIn(page, 'Anna Kowalska');
  await clickItem(page, 'Calendar');
  await clickItem(page, 'Week');
  // next week, so every occurrence of it lies ahead whatever today is
  await clickItem(page, '>');
  const columns = await dayColumns(page);

  // Monday's column, at the hour the grid shows first: a new appointment there
  await clickItem(page, columns[1].label);
  await findItem(page, 'subject', { window: 'New Appointment' });
  const subject = 'Weekly sync ' + Date.now();
  await typeText(page, subject);
  await clickItem(page, 'repeat', { window: 'New Appointment' });
  await clickItem(page, 'Weekly', { window: 'Combo_' });
  await clickItem(page, 'Wed', { window: 'New Appointment' });  // Monday is on already: the start's day
  await clickItem(page, 'Save & Close', { window: 'New Appointment' });
  await waitForItemGone(page, 'Save & Close');
  await waitForDays(page, subject, [1, 3], 'this week');
  await saved(page);

  await clickItem(page, '>');
  await waitForDays(page, subject, [1, 3], 'the week after');
  await clickItem(page, 'Month');
  const inMonth = await waitForState(page, (s) => s.items.filter((i) => i.label === subject && i.w > 0).length >= 7,
    'the month shows the occurrences of its Mondays and Wednesdays');
  const monthCount = inMonth.items.filter((i) => i.label === subject && i.w > 0).length;
  assert.ok(monthCount <= 12, `at most 12 occurrences in a month grid (saw ${monthCount})`);
  await screenshot(page, 'recurrence-month');
  await clickItem(page, 'Week');
  await clickItem(page, '<');
  await waitForDays(page, subject, [1, 3], 'back to the first week');

  // Drag Wednesday's occurrence to Thursday, same time: this occurrence only
  const wednesday = (await itemsLabelled(page, subject)).find((it) => inside(it, columns[3]));
  await drag(page, { x: wednesday.x + 10, y: wednesday.y + 4 }, { x: columns[4].x + columns[4].w / 2, y: wednesday.y + 4 });
  await findItem(page, 'Move this occurrence or the whole series?');
  await clickItem(page, 'This occurrence', { window: 'Repeating activity' });
  await waitForDays(page, subject, [1, 4], 'only Wednesday moved, to Thursday');
  await saved(page);

  // The moved occurrence is an activity of its own now: it opens without asking, and gets its own subject
  const thursday = (await itemsLabelled(page, subject)).find((it) => inside(it, columns[4]));
  await clickAt(page, thursday);
  await clickItem(page, 'Open', { window: 'Popup_' });
  await findItem(page, 'subject', { window: 'Appointment:' });
  const own = subject + ' (with the client)';
  await clickItem(page, 'subject', { window: 'Appointment:' });
  await pressKey(page, 'End');
  await typeText(page, ' (with the client)');
  await clickItem(page, 'Save & Close', { window: 'Appointment:' });
  await waitForDays(page, own, [4], 'the moved occurrence has its own subject');

  // The whole series renamed from Monday's occurrence
  const monday = (await itemsLabelled(page, subject)).find((it) => inside(it, columns[1]));
  await clickAt(page, monday);
  await clickItem(page, 'Open', { window: 'Popup_' });
  await findItem(page, 'Open this occurrence or the whole series?');
  await clickItem(page, 'The whole series', { window: 'Repeating activity' });
  await findItem(page, 'subject', { window: 'Appointment:' });
  const renamed = 'Team sync ' + Date.now();
  await clickItem(page, 'subject', { window: 'Appointment:' });
  await pressKey(page, 'Control+a');
  await typeText(page, renamed);
  await clickItem(page, 'Save & Close', { window: 'Appointment:' });
  await waitForDays(page, renamed, [1], 'Monday renamed');
  await waitForDays(page, own, [4], 'the split-off occurrence keeps its own subject and day');
  await clickItem(page, '>');
  await waitForDays(page, renamed, [1, 3], 'the next week renamed');
  await screenshot(page, 'recurrence-week');
  await saved(page);

  await page.reload();
  await waitForState(page, (s) => s.ready && s.user === 'Anna Kowalska', 'ready after reload');
  await findItem(page, 'Week');
  await clickItem(page, '>');
  await waitForDays(page, renamed, [1], 'Monday after reload');
  await waitForDays(page, own, [4], 'Thursday after reload');
  assert.deepEqual(await daysWith(page, subject), [], 'no occurrence keeps the old subject');
  await context.close();
});

test('a task series is overdue from its first open occurrence; marked complete with another row, it completes that one and goes on', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1400, height: 850 }, timezoneId: 'Europe/Warsaw' });
  const page = await openApp(context, suite.server.url);
  await signIn(page, 'Anna Kowalska');
  const stamp = Date.now();
  const series = `Daily report ${stamp}`;
  const oneOff = `One-off ${stamp}`;
  const today = await localToday(page);
  const twoDaysAgo = new Date(Date.parse(`${today}T12:00:00Z`) - 2 * 86_400_000).toISOString().slice(0, 10);
  await clickItem(page, '+ New activity');
  await clickItem(page, 'Task', { window: 'Popup_' });
  await findItem(page, 'subject', { window: 'New Task' });
  await typeText(page, series);
  await clickItem(page, 'due_date', { window: 'New Task' });
  await typeText(page, twoDaysAgo);
  await clickItem(page, 'repeat', { window: 'New Task' });
  await clickItem(page, 'Daily', { window: 'Combo_' });
  await clickItem(page, 'Save & Close', { window: 'New Task' });
  await waitForItemGone(page, 'Save & Close');
  await createTask(page, oneOff, today);
  await saved(page);
  const before = (await getTestState(page)).activities;

  // the grid, searched for the two; Overdue leaves the series (its first day is not done)
  await pressKey(page, '/');
  await pressKey(page, 'Control+a');
  await typeText(page, String(stamp));
  await pressKey(page, 'Enter');
  await waitForState(page, (s) => s.gridRows === 2, 'both tasks in the grid');
  await chooseFromCombo(page, 'due_filter', 'Overdue');
  await waitForState(page, (s) => s.gridRows === 1, 'only the series is overdue');
  await findItem(page, series, { exact: false });  // the row's label starts with the repeat mark's room
  await chooseFromCombo(page, 'due_filter', 'Any due date');
  await waitForState(page, (s) => s.gridRows === 2, 'both tasks again');

  // both selected, Mark complete: the dialog asks once what the repeating one completes
  await clickItem(page, series, { exact: false });
  await pressKey(page, 'Control+a');
  await pressKey(page, 'm');
  await findItem(page, '2 activities selected.', { window: 'Mark complete' });
  await findItem(page, '1 of them repeats:', { window: 'Mark complete' });
  const occurrences = await findItem(page, 'Complete the occurrence each row shows; the series go on', { window: 'Mark complete' });
  assert.equal(occurrences.checked, true, 'the occurrence is the default');
  await screenshot(page, 'bulk-complete-with-series');
  await clickItem(page, 'Mark complete', { window: 'Mark complete' });
  await waitForItemGone(page, '1 of them repeats:');
  const after = await saved(page);
  assert.equal(after.activities, before + 1, 'the completed occurrence is an activity of its own');
  // the one-off left the open rows; the series is still open, and still overdue (yesterday)
  await waitForState(page, (s) => s.gridRows === 1, 'the series still open');
  await findItem(page, series, { exact: false });  // the row's label starts with the repeat mark's room
  await chooseFromCombo(page, 'due_filter', 'Overdue');
  await waitForState(page, (s) => s.gridRows === 1, "the series overdue with yesterday's occurrence");
  await context.close();
});
