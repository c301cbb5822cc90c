// Keyboard only, from the welcome dialog on: no mouse clicks at all (the harness only moves the
// mouse by a pixel to wake an idle page). Signs in, creates tasks with N T and Ctrl+Enter
// (and one with Ctrl+S, which keeps the form open),
// marks one complete from the grid, opens the help overlay and reads a shortcut line in it,
// moves a card on the kanban board with Shift+Right, steps the calendar with J / T, opens a
// contact from its list with Tab and Enter, and goes to pages and back with G / V sequences. Every key goes through page.keyboard.press.
import test from 'node:test';
import assert from 'node:assert/strict';
import { openApp, findItem, typeText, pressKey, waitForItemGone, getTestState, screenshot, pageErrors } from './harness.mjs';
import { useBrowserAndServer, waitForState, saved } from './app_actions.mjs';

const suite = useBrowserAndServer();

const inside = (item, area) =>
  item.x >= area.x && item.x + item.w <= area.x + area.w + 1 && item.y >= area.y && item.y <= area.y + area.h;

async function newTaskByKeyboard(page, subject) {
  await pressKey(page, 'n');
  await pressKey(page, 't');
  await findItem(page, 'subject', { window: 'New Task' });
  await typeText(page, subject);  // the subject field has focus when the dialog opens
  await pressKey(page, 'Control+Enter');
  await waitForItemGone(page, 'Save & Close');
  await saved(page);
}

async function searchActivities(page, text) {
  await pressKey(page, '/');
  await pressKey(page, 'Control+a');  // replaces what the field held
  await typeText(page, text);
  await pressKey(page, 'Enter');
}

test('keyboard only: sign in, create, complete, help, kanban move, calendar, pages', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1400, height: 850 }, timezoneId: 'Europe/Warsaw' });
  const page = await openApp(context, suite.server.url);

  // the welcome dialog: arrows move ImGui's focus frame between the profiles, Enter picks one
  await findItem(page, 'Create profile', { window: 'Welcome' });
  await pressKey(page, 'ArrowDown');
  await pressKey(page, 'ArrowUp');
  await screenshot(page, 'keyboard-welcome-focus');
  await pressKey(page, 'Enter');
  await waitForItemGone(page, 'Create profile');
  const signedIn = await waitForState(page, (s) => s.user !== '', 'a signed-in user');
  assert.ok(signedIn.user.length > 0);

  const stamp = Date.now();
  const toComplete = `Keyboard complete ${stamp}`;
  const toMove = `Keyboard move ${stamp}`;
  const before = await getTestState(page);
  await newTaskByKeyboard(page, toComplete);
  await newTaskByKeyboard(page, toMove);
  assert.equal((await getTestState(page)).activities, before.activities + 2);

  // Ctrl+S while typing the subject: saved, the form stays open (now named by the saved
  // subject) and no "s" was typed; Escape leaves the field, a second one closes the form
  const keptOpen = `Keyboard save ${stamp}`;
  await pressKey(page, 'n');
  await pressKey(page, 't');
  await findItem(page, 'subject', { window: 'New Task' });
  await typeText(page, keptOpen);
  await pressKey(page, 'Control+s');
  const field = await findItem(page, 'subject', { window: `Task: ${keptOpen}` });
  assert.equal(field.value, keptOpen, 'the subject as typed, without an s from the shortcut');
  assert.equal((await saved(page)).activities, before.activities + 3);
  await pressKey(page, 'Escape');
  await pressKey(page, 'Escape');
  await waitForItemGone(page, 'subject', { window: `Task: ${keptOpen}` });

  // the grid: find the task, move to its row, mark it complete through the status reason dialog
  await searchActivities(page, toComplete);
  await waitForState(page, (s) => s.gridRows === 1, 'the search to leave one row');
  await pressKey(page, 'ArrowDown');
  await pressKey(page, 'm');
  await findItem(page, 'Mark complete', { window: 'Mark complete' });
  await pressKey(page, 'Enter');
  await waitForItemGone(page, toComplete);
  await saved(page);
  const completed = await waitForState(page, (s) => s.gridRows === 0, 'the completed task to leave the open view');
  assert.match(completed.notice, /1 activities marked complete/);

  // the help overlay, from the same table as the keys
  await pressKey(page, 'Shift+Slash');
  const line = await findItem(page, 'Mark the selected activities complete', { window: 'Keyboard shortcuts' });
  const keys = await findItem(page, 'M', { window: 'Keyboard shortcuts' });
  assert.ok(Math.abs(keys.y - line.y) < 4, 'the key sits on the line it belongs to');
  await findItem(page, 'G then A', { window: 'Keyboard shortcuts' });
  await screenshot(page, 'keyboard-help-overlay');
  await pressKey(page, 'Escape');
  await waitForItemGone(page, 'Mark the selected activities complete');
  await pressKey(page, 'F1');
  await findItem(page, 'Go to Activities', { window: 'Keyboard shortcuts' });
  await pressKey(page, 'Escape');
  await waitForItemGone(page, 'Go to Activities');

  // the kanban board: the search now leaves the other task; Shift+Right moves it past the
  // Scheduled lane (tasks cannot be scheduled) to Completed
  await searchActivities(page, toMove);
  await pressKey(page, 'v');
  await pressKey(page, 'k');
  const open = await findItem(page, 'lane Open');
  const card = await findItem(page, toMove);
  assert.ok(inside(card, open), 'the new task starts in the Open lane');
  await pressKey(page, 'ArrowDown');  // picks the card
  await pressKey(page, 'Shift+ArrowRight');
  const done = await findItem(page, 'lane Completed');
  await waitForState(page, (s) => s.notice.startsWith('Moved to Completed'), 'the card to move');
  const moved = await findItem(page, toMove);
  assert.ok(inside(moved, done), `the card is in the Completed lane: ${JSON.stringify({ moved, done })}`);
  await screenshot(page, 'keyboard-kanban-moved');
  await pressKey(page, 'Control+z');
  await waitForState(page, (s) => s.notice.startsWith('Undone'), 'the move to be undone');
  assert.ok(inside(await findItem(page, toMove), await findItem(page, 'lane Open')), 'back in Open after Ctrl+Z');

  // the calendar: J shows the next period, T comes back to today
  await pressKey(page, 'v');
  await pressKey(page, 'c');
  const slotDays = async () => {
    const items = await page.evaluate(() => window.__crmTest.items.map((i) => i.label));
    return items.filter((l) => l.startsWith('slots ')).sort();
  };
  await findItem(page, 'Today');
  const thisWeek = await slotDays();
  assert.equal(thisWeek.length, 7);
  await pressKey(page, 'j');
  const nextWeek = await slotDays();
  assert.notDeepEqual(nextWeek, thisWeek);
  assert.ok(nextWeek[0] > thisWeek[6], `${nextWeek[0]} comes after ${thisWeek[6]}`);
  await pressKey(page, 't');
  assert.deepEqual(await slotDays(), thisWeek);

  // pages: G then C goes to Contacts with the focus at the top of the page; Tab walks + New and
  // the list's search to the list, Enter enters it, Down reaches the first row, Enter opens that
  // contact; Esc closes the form
  await pressKey(page, 'g');
  await pressKey(page, 'c');
  await findItem(page, '+ New');
  for (let i = 0; i < 3; i++) await pressKey(page, 'Tab');
  await pressKey(page, 'Enter');
  await pressKey(page, 'ArrowDown');
  await pressKey(page, 'Enter');
  await findItem(page, 'Save & Close', { window: 'Contact' });
  await screenshot(page, 'keyboard-contact-opened');
  await pressKey(page, 'Escape');
  await waitForItemGone(page, 'Save & Close');
  await pressKey(page, 'g');
  await pressKey(page, 'u');
  await findItem(page, '+ New');
  await pressKey(page, 'v');
  await pressKey(page, 'g');
  await findItem(page, '+ New activity');
  await waitForItemGone(page, '+ New');

  assert.deepEqual(pageErrors(page), []);
  await context.close();
});
