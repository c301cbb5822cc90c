// Text entry through the browser's own text handling: while an ImGui text field is active, a
// hidden textarea at the field's caret takes the keystrokes, so Polish letters, an IME's Chinese
// and the system clipboard reach the field. Real events only: page.keyboard, CDP's IME
// composition, the clipboard through a paste event. The field's text is read from the app's test
// state (textField: the active field's text as ImGui holds it) and, after saving and reloading,
// from the grid row and the reopened dialog.
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  openApp, clickItem, findItem, typeText, pressKey, waitForItemGone, screenshot, pageErrors,
} from './harness.mjs';
import {
  useBrowserAndServer, waitForState, saved, signIn, createTask, localToday, dragOnCanvas, showBoardFor, inside,
  waitForItemInside,
} from './app_actions.mjs';

const suite = useBrowserAndServer();

async function newContext() {
  const context = await suite.browser.newContext({ viewport: { width: 1400, height: 850 }, timezoneId: 'Europe/Warsaw' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(suite.server.url).origin });
  return context;
}

async function openNewTask(page) {
  await clickItem(page, '+ New activity');
  await clickItem(page, 'Task', { window: 'Popup_' });
  await findItem(page, 'subject', { window: 'New Task' });
  await waitForState(page, (s) => s.textField !== null, 'the subject field to take the keyboard');
}

const fieldText = (page, text, what) =>
  waitForState(page, (s) => s.textField && s.textField.text === text, what ?? `the field to hold ${JSON.stringify(text)}`);

function textInputBox(page) {
  return page.evaluate(() => {
    const el = document.getElementById('crm-text-input');
    const r = el.getBoundingClientRect();
    return { x: r.x, y: r.y, w: r.width, h: r.height, value: el.value, focused: document.activeElement === el,
             name: el.getAttribute('aria-label'),
             composing: el.classList.contains('crm-composing'), opacity: getComputedStyle(el).opacity };
  });
}

function assertOverlaps(box, item, what) {
  const overlaps = box.x < item.x + item.w && box.x + box.w > item.x && box.y < item.y + item.h && box.y + box.h > item.y;
  assert.ok(overlaps, `${what}: text input at ${JSON.stringify(box)} does not overlap the field ${JSON.stringify(item)}`);
}

// The clipboard is written asynchronously (navigator.clipboard.writeText after ImGui's copy).
async function clipboardHolds(page, expected) {
  const deadline = Date.now() + 5000;
  let text;
  while (Date.now() < deadline) {
    text = await page.evaluate(() => navigator.clipboard.readText());
    if (text === expected) return;
    await page.waitForTimeout(50);
  }
  assert.equal(text, expected, 'the system clipboard');
}

async function saveAndClose(page, window) {
  await clickItem(page, 'Save & Close', { window });
  await waitForItemGone(page, 'Save & Close');
  await saved(page);
}

async function reloadAs(page, user) {
  await page.reload();
  await waitForState(page, (s) => s.ready && s.user === user, `ready after reload as ${user}`, 30_000);
}

// Narrows the grid to one row with its search field (the row may be below the visible rows) and
// returns the row, whose label is the subject as stored.
async function findRow(page, subject, search) {
  await clickItem(page, 'grid_search');
  await pressKey(page, 'Control+a');
  await typeText(page, search);
  await waitForState(page, (s) => s.gridRows === 1, `the search for ${search} to leave one row`);
  return findItem(page, subject);
}

// Opens a task from its grid row: a click selects it, Enter opens it (a double-click can come
// apart on a busy machine, where frames are slow).
async function openRow(page, subject) {
  await clickItem(page, subject);
  await pressKey(page, 'Enter');
  await findItem(page, 'Save & Close', { window: `Task: ${subject}` });
}

// Opens the saved task from its grid row and returns the subject as its field holds it.
async function reopenSubject(page, subject) {
  await openRow(page, subject);
  const dialog = `Task: ${subject}`;
  await clickItem(page, 'subject', { window: dialog });
  const state = await waitForState(page, (s) => s.textField !== null, 'the subject field to be active');
  return { dialog, text: state.textField.text };
}

test('Polish letters typed into a subject are kept exactly, through save and reload', async () => {
  const context = await newContext();
  const page = await openApp(context, suite.server.url);
  await signIn(page, 'Anna Kowalska');
  await openNewTask(page);
  const field = await findItem(page, 'subject', { window: 'New Task' });
  let box = await textInputBox(page);
  assert.ok(box.focused, 'the hidden text input has focus while the subject field is active');
  assert.equal(box.opacity, '0', 'the text input is invisible while nothing is being composed');
  assert.equal(box.name, 'Subject', 'the text input carries the field\'s name for screen readers');
  assertOverlaps(box, field, 'before typing');

  const stamp = String(Date.now());
  const subject = `Zażółć gęślą jaźń ${stamp}`;
  await typeText(page, subject);
  await fieldText(page, subject);
  box = await textInputBox(page);
  assert.equal(box.value, '', 'the text input is emptied after each insertion');
  assertOverlaps(box, field, 'after typing (at the caret)');
  assert.ok(box.x > field.x + 60, `the text input follows the caret to the end of the text (x ${box.x}, field x ${field.x})`);
  await screenshot(page, 'text-input-polish-typed');

  await saveAndClose(page, 'New Task');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'canvas', 'the canvas has focus again when no field is active');
  await reloadAs(page, 'Anna Kowalska');
  await findRow(page, subject, stamp);  // the grid row shows the subject exactly
  const { dialog, text } = await reopenSubject(page, subject);
  assert.equal(text, subject);
  await findItem(page, 'Save & Close', { window: dialog });
  assert.deepEqual(pageErrors(page), []);
  await context.close();
});

test('Chinese composed with an IME is committed once, without the romanisation', async () => {
  const context = await newContext();
  const page = await openApp(context, suite.server.url);
  await signIn(page, 'Marek Nowak');
  await openNewTask(page);
  const field = await findItem(page, 'subject', { window: 'New Task' });
  const stamp = String(Date.now());
  const prefix = `IME ${stamp} `;
  await typeText(page, prefix);
  await fieldText(page, prefix);

  const cdp = await context.newCDPSession(page);
  await cdp.send('Input.imeSetComposition', { text: 'zhui', selectionStart: 4, selectionEnd: 4 });
  // While composing, the textarea shows the composing text over the field; ImGui has none of it.
  const composing = await textInputBox(page);
  assert.ok(composing.composing && composing.value === 'zhui', `composing text shown: ${JSON.stringify(composing)}`);
  assert.equal(composing.opacity, '1');
  assertOverlaps(composing, field, 'while composing');
  await screenshot(page, 'text-input-ime-composing');
  const during = await waitForState(page, (s) => s.textField !== null, 'the field to stay active while composing');
  assert.equal(during.textField.text, prefix, 'nothing reaches the field before the IME commits');

  await cdp.send('Input.insertText', { text: '追蹤' });
  const subject = prefix + '追蹤';
  await fieldText(page, subject, 'the committed Chinese in the field');
  const after = await textInputBox(page);
  assert.equal(after.value, '');
  assert.equal(after.composing, false);
  // A few more letters after the commit still arrive once each.
  await typeText(page, ' ok');
  await fieldText(page, subject + ' ok');
  await cdp.detach();

  await saveAndClose(page, 'New Task');
  await reloadAs(page, 'Marek Nowak');
  await findRow(page, subject + ' ok', stamp);
  const { text } = await reopenSubject(page, subject + ' ok');
  assert.equal(text, subject + ' ok');
  assert.ok(!text.includes('zhui'));
  await context.close();
});

test('paste from the system clipboard is one edit: one Ctrl+Z removes it, Ctrl+Y brings it back', async () => {
  const context = await newContext();
  const page = await openApp(context, suite.server.url);
  await signIn(page, 'Emma Fischer');
  await openNewTask(page);
  const stamp = String(Date.now());
  const pasted = `Oferta – żółw 追蹤 ${stamp}`;
  await page.evaluate((t) => navigator.clipboard.writeText(t), pasted);
  await typeText(page, 'Call ');
  await fieldText(page, 'Call ');
  const before = (await waitForState(page, (s) => s.textField !== null, 'active field')).textField.undoSteps;

  await pressKey(page, 'Control+V');
  const afterPaste = await fieldText(page, 'Call ' + pasted, 'the pasted text at the caret');
  assert.equal(afterPaste.textField.undoSteps, before + 1, 'the paste is one undo step');
  assert.equal((await textInputBox(page)).value, '', 'the paste did not land in the textarea');

  await pressKey(page, 'Control+Z');
  await fieldText(page, 'Call ', 'one Ctrl+Z to remove the whole paste');
  await pressKey(page, 'Control+Y');
  await fieldText(page, 'Call ' + pasted, 'Ctrl+Y to redo the paste');
  await pressKey(page, 'Control+Z');
  await fieldText(page, 'Call ');
  await pressKey(page, 'Control+Shift+Z');
  await fieldText(page, 'Call ' + pasted, 'Ctrl+Shift+Z to redo the paste');

  await saveAndClose(page, 'New Task');
  await reloadAs(page, 'Emma Fischer');
  await findRow(page, 'Call ' + pasted, stamp);
  await context.close();
});

test('copy and cut put the field\'s selection on the system clipboard', async () => {
  const context = await newContext();
  const page = await openApp(context, suite.server.url);
  await signIn(page, 'David Lee');
  await openNewTask(page);
  const text = `Spotkanie w Łodzi ${Date.now()}`;
  await typeText(page, text);
  await fieldText(page, text);
  await page.evaluate(() => navigator.clipboard.writeText('something else'));

  await pressKey(page, 'Control+a');
  await pressKey(page, 'Control+c');
  await clipboardHolds(page, text);
  await fieldText(page, text, 'copy to leave the field unchanged');

  await page.evaluate(() => navigator.clipboard.writeText('something else'));
  await pressKey(page, 'Control+a');
  await pressKey(page, 'Control+x');
  await fieldText(page, '', 'cut to empty the field');
  await clipboardHolds(page, text);
  // and back in with a paste
  await pressKey(page, 'Control+v');
  await fieldText(page, text);
  await pressKey(page, 'Escape');
  await context.close();
});

test('Enter is a new line in the description and a key, never text, in a single-line field', async () => {
  const context = await newContext();
  const page = await openApp(context, suite.server.url);
  await signIn(page, 'Sarah Johnson');
  await openNewTask(page);
  const stamp = String(Date.now());
  const subject = `Multi-line ${stamp}`;
  await typeText(page, subject);
  await pressKey(page, 'Enter');  // single-line: Enter ends the edit, inserts nothing
  await waitForState(page, (s) => s.textField === null, 'Enter to end the subject edit');

  const description = await findItem(page, 'description', { window: 'New Task' });
  await clickItem(page, 'description', { window: 'New Task' });
  await waitForState(page, (s) => s.textField !== null, 'the description to take the keyboard');
  assertOverlaps(await textInputBox(page), description, 'in the description');
  await typeText(page, 'Pierwsza linia');
  await pressKey(page, 'Enter');
  await typeText(page, 'druga – ąę');
  await fieldText(page, 'Pierwsza linia\ndruga – ąę');
  await pressKey(page, 'Backspace');
  await pressKey(page, 'ArrowLeft');
  await pressKey(page, 'Delete');
  await fieldText(page, 'Pierwsza linia\ndruga – ', 'Backspace, ArrowLeft and Delete to edit as keys');
  await screenshot(page, 'text-input-description');

  await saveAndClose(page, 'New Task');
  await reloadAs(page, 'Sarah Johnson');
  await findRow(page, subject, stamp);
  await openRow(page, subject);
  await clickItem(page, 'description', { window: `Task: ${subject}` });
  await fieldText(page, 'Pierwsza linia\ndruga – ', 'the saved description');
  await context.close();
});

test('Ctrl+Z in a text field undoes typing there, not the last board move', async () => {
  const context = await newContext();
  const page = await openApp(context, suite.server.url);
  await signIn(page, 'Anna Kowalska');
  const subject = `Undo scope ${Date.now()}`;
  await createTask(page, subject, await localToday(page));
  await showBoardFor(page, subject);
  const cardInLane = async (lane, what) => waitForItemInside(page, subject, await findItem(page, lane), what);
  const card = await findItem(page, subject);
  const completed = await findItem(page, 'lane Completed');
  await dragOnCanvas(page, { x: card.x + Math.min(card.w / 2, 60), y: card.y + card.h / 2 },
    { x: completed.x + completed.w / 2, y: completed.y + 80 });
  await cardInLane('lane Completed', 'the card in Completed after the drop');

  // In the search field Ctrl+Z is the field's: a typed letter goes, the move stays.
  await clickItem(page, 'grid_search');
  await pressKey(page, 'End');
  await typeText(page, 'ż');
  await fieldText(page, subject + 'ż');
  await pressKey(page, 'Control+z');
  await fieldText(page, subject, 'Ctrl+Z to remove the typed letter');
  assert.ok(inside(await findItem(page, subject), await findItem(page, 'lane Completed')), 'the move was not undone from the field');

  // Outside the field, Ctrl+Z undoes the move.
  await pressKey(page, 'Enter');
  await waitForState(page, (s) => s.textField === null, 'the search field to let go');
  await pressKey(page, 'Control+z');
  await cardInLane('lane Open', 'Ctrl+Z outside fields to put the card back in Open');
  await context.close();
});
