// The screen-reader mirror in headless Chromium: the accessibility tree (CDP
// Accessibility.getFullAXTree, what a screen reader reads) has the Activities grid's rows, the
// "+ New activity" button and the activity dialog's fields by role and name; and the app is
// operated through the mirror only (focus a mirror element, press Enter or Space: what a
// screen reader sends), opening an activity and marking one complete.
import test from 'node:test';
import assert from 'node:assert/strict';
import { openApp, getTestState, screenshot, pageErrors, nudgeMouse } from './harness.mjs';
import { useBrowserAndServer, waitForState, saved, signIn } from './app_actions.mjs';

const suite = useBrowserAndServer();

// Nodes of the accessibility tree that a screen reader sees, as {role, name, value, props, id}.
async function axNodes(session) {
  const { nodes } = await session.send('Accessibility.getFullAXTree');
  return nodes.filter((n) => !n.ignored).map((n) => ({
    id: n.nodeId,
    parent: n.parentId,
    role: n.role?.value,
    name: n.name?.value ?? '',
    value: n.value?.value,
    props: Object.fromEntries((n.properties || []).map((p) => [p.name, p.value?.value])),
  }));
}

// Polls the tree until `pick` returns something; fails listing what was there.
async function axFind(page, session, what, pick, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  let nodes = [];
  for (;;) {
    nodes = await axNodes(session);
    const hit = pick(nodes);
    if (hit) return hit;
    if (Date.now() > deadline) break;
    await nudgeMouse(page);  // frames (and mirror updates) are drawn on input only
    await page.waitForTimeout(100);
  }
  const seen = nodes.filter((n) => n.name || n.role === 'row').slice(0, 120)
    .map((n) => `  ${n.role} ${JSON.stringify(n.name)}${n.value !== undefined ? ' = ' + JSON.stringify(n.value) : ''}`);
  assert.fail(`accessibility tree: no ${what}; nodes:\n${seen.join('\n')}`);
}

const byRoleName = (role, test) => (nodes) =>
  nodes.find((n) => n.role === role && (typeof test === 'string' ? n.name === test : test(n.name)));

// A mirror element by role and name, for focusing it as a screen reader user would.
function mirror(page, role, name, { within, exact = true } = {}) {
  const scope = within ? page.locator('#a11y-mirror').getByRole(within.role, { name: within.name }) : page.locator('#a11y-mirror');
  return scope.getByRole(role, { name, exact }).first();
}

// Looks at the mirror: shown over the page for a screenshot only, then hidden again.
async function showMirror(page, name, scrollTo) {
  await page.evaluate((sel) => {
    const m = document.getElementById('a11y-mirror');
    // Through the CSSOM: the page's Content-Security-Policy refuses style attributes.
    m.dataset.saved = m.style.cssText;
    m.style.cssText = 'position:fixed;left:0;top:0;width:620px;height:100vh;overflow:auto;background:#fff;font:12px sans-serif;z-index:9;border-right:2px solid #333';
    m.scrollTop = sel ? m.querySelector(sel).offsetTop - m.offsetTop : 0;
  }, scrollTo);
  await screenshot(page, name);
  await page.evaluate(() => { const m = document.getElementById('a11y-mirror'); m.style.cssText = m.dataset.saved; });
}

async function pressOn(page, locator, key) {
  await locator.focus();
  assert.equal(await locator.evaluate((el) => el === document.activeElement), true, 'mirror element took focus');
  await page.keyboard.press(key);
}

test('the accessibility tree reads the grid and the dialog, and the mirror alone operates the app', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1400, height: 850 }, timezoneId: 'Europe/Warsaw' });
  const page = await openApp(context, suite.server.url);
  await signIn(page, 'Anna Kowalska');
  const state = await waitForState(page, (s) => s.gridRows > 1 && s.items.some((i) => i.role === 'row'), 'grid rows');
  const rowItems = state.items.filter((i) => i.role === 'row');
  const [first, second] = rowItems;
  assert.ok(first.cells.length >= 5, 'rows carry their cell texts');

  const session = await page.context().newCDPSession(page);
  await session.send('Accessibility.enable');

  // landmarks, the page heading, the grid and its rows read as sentences
  await axFind(page, session, 'navigation landmark', byRoleName('navigation', 'Navigation'));
  await axFind(page, session, 'main landmark', byRoleName('main', 'Activities'));
  await axFind(page, session, 'page heading', byRoleName('heading', 'Activities'));
  const grid = await axFind(page, session, 'grid', byRoleName('grid', 'Activities'));
  assert.ok(grid, 'the grid');
  // it says how many rows it has in all (the app draws only the visible ones)
  assert.equal(await page.locator('#a11y-mirror [role=grid]').getAttribute('aria-rowcount'), String(state.gridRows + 1));
  const row = await axFind(page, session, `row for "${first.label}"`, byRoleName('row', (n) => n.includes(first.label)));
  for (const text of first.cells.filter(Boolean)) assert.ok(row.name.includes(text), `row name ${JSON.stringify(row.name)} has ${text}`);
  await axFind(page, session, 'column header Subject', byRoleName('columnheader', 'Subject'));
  await axFind(page, session, '"+ New activity" button', byRoleName('button', '+ New activity'));
  await axFind(page, session, 'Activities link', byRoleName('link', 'Activities'));

  await showMirror(page, 'a11y-mirror-grid');

  // Open the first activity: focus its mirror row and press Enter.
  await pressOn(page, mirror(page, 'row', first.label, { exact: false }), 'Enter');
  await waitForState(page, (s) => s.dialogs === 1, 'the activity dialog open');
  // focus moved into the dialog, on its heading
  await page.waitForFunction(() => document.activeElement?.closest('[role=dialog]') && document.activeElement.tagName === 'H2');
  const dialog = await axFind(page, session, 'activity dialog', (nodes) =>
    nodes.find((n) => n.role === 'dialog' && n.name.includes(first.label)));
  const subject = await axFind(page, session, 'Subject textbox', byRoleName('textbox', 'Subject'));
  assert.equal(subject.value, first.label, 'the Subject field reads its text');
  await axFind(page, session, 'Due textbox', byRoleName('textbox', 'Due'));
  await axFind(page, session, 'Description field', byRoleName('textbox', 'Description'));
  await axFind(page, session, 'Owner combobox', byRoleName('combobox', 'Owner'));
  await axFind(page, session, 'Regarding combobox', byRoleName('combobox', 'Regarding'));
  // under the dialog the page cannot be used, in the app and in the tree
  const nodes = await axNodes(session);
  assert.ok(!nodes.some((n) => n.role === 'button' && n.name === '+ New activity'), 'the page under the dialog is inert');
  assert.ok(dialog.props.modal, 'the dialog is modal');
  await screenshot(page, 'a11y-dialog-opened-from-mirror');
  await showMirror(page, 'a11y-mirror-dialog', '[role=dialog]');

  // Focusing the mirror's Subject field activates the app's field, which takes the typing; the
  // mirror reads the new text back.
  const subjectField = mirror(page, 'textbox', 'Subject', { within: { role: 'dialog', name: dialog.name } });
  await subjectField.focus();
  await waitForState(page, (s) => s.items.some((i) => i.label === 'subject' && i.value === first.label), 'subject field');
  await page.waitForTimeout(300);  // the activation is played one event per frame
  await page.keyboard.press('End');
  await page.keyboard.type(' zażółć');
  await waitForState(page, (s) => s.items.some((i) => i.label === 'subject' && i.value === first.label + ' zażółć'), 'typed text in the field');
  await axFind(page, session, 'Subject with the typed text', (ns) =>
    ns.find((n) => n.role === 'textbox' && n.name === 'Subject' && n.value === first.label + ' zażółć'));

  // Cancel closes it without saving: Enter on the mirror's Cancel button
  await pressOn(page, mirror(page, 'button', 'Cancel', { within: { role: 'dialog', name: dialog.name } }), 'Enter');
  await waitForState(page, (s) => s.dialogs === 0, 'the dialog closed');
  // and back on the row it was opened from, unchanged
  await page.waitForFunction((subject) => document.activeElement?.getAttribute('role') === 'row' &&
    document.activeElement.textContent.includes(subject), first.label);
  assert.ok((await getTestState(page)).items.some((i) => i.role === 'row' && i.label === first.label));

  // Mark the second activity complete: Space selects its row, then the command bar's button
  // and the confirmation dialog's button, each by Enter on the mirror.
  const before = await getTestState(page);
  await pressOn(page, mirror(page, 'row', second.label, { exact: false }), ' ');
  await axFind(page, session, 'selected row', (ns) =>
    ns.find((n) => n.role === 'row' && n.name.includes(second.label) && n.props.selected === true));
  await axFind(page, session, 'enabled Mark complete', (ns) =>
    ns.find((n) => n.role === 'button' && n.name === 'Mark complete' && !n.props.disabled));
  await pressOn(page, mirror(page, 'button', 'Mark complete'), 'Enter');
  const confirm = await axFind(page, session, 'Mark complete dialog', byRoleName('dialog', 'Mark complete'));
  await axFind(page, session, 'the activity named in the dialog', (ns) => ns.find((n) => n.name === second.label && n.role !== 'row'));
  await axFind(page, session, 'Status Reason combobox', byRoleName('combobox', 'Status Reason'));
  await screenshot(page, 'a11y-mark-complete-from-mirror');
  await pressOn(page, mirror(page, 'button', 'Mark complete', { within: { role: 'dialog', name: confirm.name } }), 'Enter');
  const after = await waitForState(page, (s) => s.dialogs === 0 && s.gridRows === before.gridRows - 1 &&
    !s.items.some((i) => i.role === 'row' && i.label === second.label), 'the activity completed and gone from the open view');
  assert.equal(after.activities, before.activities);
  await saved(page);
  // the status line announces what happened, if the app said anything
  const status = await page.locator('#a11y-mirror [role=status]').textContent();
  assert.equal(status, after.notice);
  assert.deepEqual(pageErrors(page), []);
  await context.close();
});
