// The kanban board and the calendar in the browser, with real mouse drags: a card dragged from
// Open to Completed stays completed after reload (and the page comes back as a board), a status
// reason is asked where the type has several, refused moves say why, moves can be undone; a
// repeating task dropped on Completed asks whether this occurrence or the whole series; an
// appointment created by clicking an empty slot is dragged to another day and hour.
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  openApp, clickItem, findItem, typeText, pressKey, waitForItemGone, getTestState, screenshot, listItems,
} from './harness.mjs';
import {
  useBrowserAndServer, waitForState, saved, localToday, signIn, createTask, dragOnCanvas as drag, showBoardFor, inside,
  waitForItemInside,
} from './app_actions.mjs';

const suite = useBrowserAndServer();

async function newPage() {
  const context = await suite.browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: 'Europe/Warsaw' });
  const page = await openApp(context, suite.server.url);
  return { context, page };
}

function centre(item) {
  return { x: item.x + Math.min(item.w / 2, 60), y: item.y + item.h / 2 };
}

test('a task dragged from Open to Completed stays completed after reload; undo moves it back', async () => {
  const { context, page } = await newPage();
  await signIn(page, 'Anna Kowalska');
  const subject = 'Board task ' + Date.now();
  await createTask(page, subject, await localToday(page));
  const card = await showBoardFor(page, subject);
  const open = await findItem(page, 'lane Open');
  assert.ok(inside(card, open), 'the new task starts in Open');
  const completed = await findItem(page, 'lane Completed');
  await drag(page, centre(card), { x: completed.x + completed.w / 2, y: completed.y + 80 });
  await waitForItemInside(page, subject, completed, 'the card is in Completed after the drop');

  // undo (this session's history) puts it back in Open, then it is moved again
  await clickItem(page, 'Undo: Moved to Completed', { exact: false });
  await waitForItemInside(page, subject, open, 'undo puts it back in Open');
  await drag(page, centre(await findItem(page, subject)), { x: completed.x + completed.w / 2, y: completed.y + 80 });
  await waitForItemInside(page, subject, completed, 'the card in its lane');
  await screenshot(page, 'kanban-after-drop');
  await saved(page);

  await page.reload();
  await waitForState(page, (s) => s.ready && s.user === 'Anna Kowalska', 'ready after reload');
  const lane = await findItem(page, 'lane Completed');  // the page came back as the board
  await waitForItemInside(page, subject, lane, 'still completed after reload');
  await context.close();
});

test('a repeating task dropped on Completed asks: this occurrence completes one day, undo takes it back, the whole series ends it', async () => {
  const { context, page } = await newPage();
  await signIn(page, 'Anna Kowalska');
  const subject = 'Daily check ' + Date.now();
  await clickItem(page, '+ New activity');
  await clickItem(page, 'Task', { window: 'Popup_' });
  await findItem(page, 'subject', { window: 'New Task' });
  await typeText(page, subject);
  await clickItem(page, 'due_date', { window: 'New Task' });
  await typeText(page, await localToday(page));
  await clickItem(page, 'repeat', { window: 'New Task' });
  await clickItem(page, 'Daily', { window: 'Combo_' });
  await clickItem(page, 'Save & Close', { window: 'New Task' });
  await waitForItemGone(page, 'Save & Close');
  const card = await showBoardFor(page, subject);
  const open = await findItem(page, 'lane Open');
  const completed = await findItem(page, 'lane Completed');
  assert.ok(inside(card, open), 'the series starts in Open');
  const cardsIn = (s, lane) => s.items.filter((i) => i.label === subject && i.w > 0 && inside(i, lane)).length;

  // This occurrence: today's is completed as an activity of its own; the series stays open
  await drag(page, centre(card), { x: completed.x + completed.w / 2, y: completed.y + 80 });
  await findItem(page, 'Complete this occurrence or the whole series?');
  await clickItem(page, 'This occurrence', { window: 'Repeating activity' });
  await waitForState(page, (s) => cardsIn(s, open) === 1 && cardsIn(s, completed) === 1,
    "today's occurrence in Completed, the series still in Open");
  await saved(page);

  // One undo step takes the completed occurrence away again
  await clickItem(page, 'Undo: Marked complete', { exact: false });
  await waitForState(page, (s) => cardsIn(s, open) === 1 && cardsIn(s, completed) === 0, 'undo: only the series, in Open');

  // The whole series: the status dialog, then the series is completed
  await drag(page, centre(await findItem(page, subject)), { x: completed.x + completed.w / 2, y: completed.y + 80 });
  await findItem(page, 'Complete this occurrence or the whole series?');
  await clickItem(page, 'The whole series', { window: 'Repeating activity' });
  await clickItem(page, 'Mark complete', { window: 'Mark complete' });
  await waitForState(page, (s) => cardsIn(s, open) === 0 && cardsIn(s, completed) === 1, 'the series in Completed');
  await saved(page);
  await context.close();
});

test('a phone call dropped on Completed asks for Made or Received; a note cannot be completed', async () => {
  const { context, page } = await newPage();
  await signIn(page, 'Marek Nowak');
  await clickItem(page, '+ Create');
  await clickItem(page, 'Phone Call', { window: 'Popup_' });
  const call = 'Board call ' + Date.now();
  await findItem(page, 'subject', { window: 'New Phone Call' });
  await typeText(page, call);
  await clickItem(page, 'Save & Close', { window: 'New Phone Call' });
  await waitForItemGone(page, 'Save & Close');
  const card = await showBoardFor(page, call);
  const completed = await findItem(page, 'lane Completed');
  await drag(page, centre(card), { x: completed.x + completed.w / 2, y: completed.y + 80 });
  await clickItem(page, 'Received', { window: 'Status Reason' });
  await clickItem(page, 'Move', { window: 'Status Reason' });
  await waitForItemInside(page, call, completed, 'the card in its lane');

  // a note: dropping it on Completed is refused with the reason
  await clickItem(page, '+ Create');
  await clickItem(page, 'Note', { window: 'Popup_' });
  const note = 'Board note ' + Date.now();
  await findItem(page, 'subject', { window: 'New Note' });
  await typeText(page, note);
  await clickItem(page, 'Save & Close', { window: 'New Note' });
  await waitForItemGone(page, 'Save & Close');
  await clickItem(page, 'grid_search');
  await pressKey(page, 'Control+a');
  await typeText(page, note);
  await pressKey(page, 'Enter');
  const noteCard = await findItem(page, note);
  await drag(page, centre(noteCard), { x: completed.x + completed.w / 2, y: completed.y + 80 });
  const state = await waitForState(page, (s) => /Notes have no status/.test(s.notice), 'the refusal');
  assert.match(state.notice, new RegExp(note));
  await waitForItemInside(page, note, await findItem(page, 'lane Open'), 'the note stays in Open');
  await context.close();
});

test('an appointment made by clicking an empty slot is dragged to another day and hour', async () => {
  const { context, page } = await newPage();
  await signIn(page, 'Sarah Johnson');
  await clickItem(page, 'Calendar');
  await clickItem(page, 'Week');
  const items = await listItems(page);
  const slots = items.filter((i) => i.label.startsWith('slots ')).sort((a, b) => a.x - b.x);
  assert.equal(slots.length, 7, 'a week shows seven day columns');
  // the time grid starts scrolled to an hour before the working day: 44 px per hour
  const first = slots[1];
  await clickItem(page, first.label);
  await findItem(page, 'subject', { window: 'New Appointment' });
  const subject = 'Calendar meeting ' + Date.now();
  await typeText(page, subject);
  await clickItem(page, 'Save & Close', { window: 'New Appointment' });
  const placed = await findItem(page, subject);
  assert.ok(inside(placed, first), 'the appointment is on the clicked day');
  await saved(page);

  const target = slots[3];
  await drag(page, { x: placed.x + 10, y: placed.y + 4 }, { x: target.x + target.w / 2, y: placed.y + 4 + 88 });
  await waitForItemInside(page, subject, target, 'moved to the other day');
  const moved = await findItem(page, subject);
  assert.ok(Math.abs(moved.y - placed.y - 88) <= 12, `moved two hours later (dy ${moved.y - placed.y})`);
  await screenshot(page, 'calendar-after-drag');
  await saved(page);
  await page.reload();
  await waitForState(page, (s) => s.ready && s.user === 'Sarah Johnson', 'ready after reload');
  const again = await findItem(page, subject);
  assert.ok(Math.abs(again.x - moved.x) <= 2 && Math.abs(again.y - moved.y) <= 12, 'same place after reload');
  await context.close();
});
