// Steps a user takes in the Activities app, shared by the browser test files. Each step goes
// through real mouse and keyboard events (see harness.mjs); state checks read the small
// summary the app publishes in test mode (save state, counts, signed-in user).
import test from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  clickItem, findItem, typeText, pressKey, waitForItemGone, waitForInputTaken, getTestState, launchBrowser,
  startAppServer,
} from './harness.mjs';

// One browser and one app server for all tests of a file: `suite.browser`, `suite.server`.
export function useBrowserAndServer() {
  const suite = {};
  test.before(async () => {
    suite.browser = await launchBrowser();
    suite.server = await startAppServer();
  });
  test.after(async () => {
    await suite.browser?.close();
    await suite.server?.close();
  });
  return suite;
}

export async function waitForState(page, predicate, what, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  let state;
  while (Date.now() < deadline) {
    state = await getTestState(page);
    if (state && predicate(state)) return state;
    await page.mouse.move(5, 5 + (Date.now() % 3));  // frames are drawn on input only
    await page.waitForTimeout(50);
  }
  assert.fail(`timed out waiting for ${what}; last state: ${JSON.stringify({ ...state, items: undefined })}`);
}

export const saved = (page) => waitForState(page, (s) => s.save === 'saved', 'all changes saved');

// Today's date in the page's time zone, as YYYY-MM-DD.
export async function localToday(page) {
  return page.evaluate(() => {
    const d = new Date();
    const pad = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  });
}

// `welcome`: the welcome dialog's title in the page's language.
export async function signIn(page, name, welcome = 'Welcome to Activities') {
  await clickItem(page, name, { exact: false, window: welcome });
  await waitForItemGone(page, welcome);
}

export async function chooseFromCombo(page, comboLabel, optionLabel, { window } = {}) {
  await clickItem(page, comboLabel, { window });
  await clickItem(page, optionLabel, { window: 'Combo_' });
}

export async function createTask(page, subject, dueDate) {
  await clickItem(page, '+ New activity');
  await clickItem(page, 'Task', { window: 'Popup_' });
  await findItem(page, 'subject', { window: 'New Task' });
  await typeText(page, subject);  // the subject field has focus when the dialog opens
  await clickItem(page, 'due_date', { window: 'New Task' });
  await typeText(page, dueDate);
  await clickItem(page, 'Save & Close', { window: 'New Task' });
  await waitForItemGone(page, 'Save & Close');
}


// A real mouse drag between two points in canvas pixels: press, move in steps (ImGui needs to
// see the motion), release.
export async function dragOnCanvas(page, from, to, steps = 12) {
  const box = await page.locator('canvas').boundingBox();
  await page.mouse.move(box.x + from.x, box.y + from.y);
  await page.mouse.down();
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(box.x + from.x + ((to.x - from.x) * i) / steps, box.y + from.y + ((to.y - from.y) * i) / steps);
    await page.waitForTimeout(30);
  }
  await page.waitForTimeout(100);
  await page.mouse.up();
  await waitForInputTaken(page);
}

// Whether the centre of `item` lies inside `area` (both in canvas pixels).
export function inside(item, area) {
  const x = item.x + item.w / 2, y = item.y + item.h / 2;
  return x >= area.x && x <= area.x + area.w && y >= area.y && y <= area.y + area.h;
}

// Wait until an item labelled `label` is drawn inside `area` (a lane, a day column).
export function waitForItemInside(page, label, area, what) {
  return waitForState(page, (s) => s.items.some((it) => it.label === label && inside(it, area)), what);
}

// The kanban board showing only the cards matching `subject`; returns the first such card.
export async function showBoardFor(page, subject) {
  await clickItem(page, 'Kanban');
  await findItem(page, 'lane Open');  // the board is drawn before its search field is used
  await clickItem(page, 'grid_search');
  await typeText(page, subject);
  await pressKey(page, 'Enter');
  return findItem(page, subject);
}

// Sync & data: sync set up by hand with a server address and a database name.
export async function connectSync(page, serverUrl, db) {
  await clickItem(page, 'Sync & data');
  await clickItem(page, 'sync_url');
  await typeText(page, serverUrl, { delay: 5 });
  await clickItem(page, 'sync_database');
  await typeText(page, db, { delay: 5 });
  await clickItem(page, 'Save and sync now');
}

// Sync & data › Export to a file: saves the download into `dir` and returns its path.
export async function exportFile(page, dir) {
  await clickItem(page, 'Sync & data');
  const download = page.waitForEvent('download');
  await clickItem(page, 'Export to a file');
  const file = path.join(dir, (await download).suggestedFilename());
  await (await download).saveAs(file);
  return file;
}

// Sync & data › Import from a file; `confirm` also presses Import in the summary dialog.
export async function importFile(page, file, { confirm = false } = {}) {
  await clickItem(page, 'Sync & data');
  const chooser = page.waitForEvent('filechooser');
  await clickItem(page, 'Import from a file...');
  await (await chooser).setFiles(file);
  if (confirm) await clickItem(page, 'Import', { window: 'Import data' });
}
