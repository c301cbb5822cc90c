// A repeating appointment in the browser, with real mouse and keyboard: a weekly series made in
// the form shows on Mondays and Wednesdays in the week and month views; one occurrence dragged
// to Thursday with "This occurrence" moves only it; that occurrence gets its own subject; a
// series edit renames every other occurrence (the split-off one keeps the subject it changed on
// its own, and its day); after a reload everything is where it was.
import test from 'node:test';
import assert from 'node:assert/strict';
import { openApp, clickItem, findItem, typeText, pressKey, waitForItemGone, listItems, screenshot } from './harness.mjs';
import { useBrowserAndServer, waitForState, saved, signIn, dragOnCanvas as drag, inside } from './app_actions.mjs';

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
