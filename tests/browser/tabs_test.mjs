// Two tabs of the app on one origin (one browser context: the same IndexedDB). Each sees the
// other's saves within a second (BroadcastChannel naming the new log key; latency printed); a
// save over a revision the other tab saved meanwhile offers the per-field choice and keeps both
// changes; compaction with both tabs open loses nothing; a third page then shows everything.
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  openApp, clickItem, findItem, typeText, pressKey, waitForItemGone, waitForFrames, screenshot,
  listItems,
} from './harness.mjs';
import { useBrowserAndServer, waitForState, saved, localToday, signIn, createTask } from './app_actions.mjs';

const suite = useBrowserAndServer();

// The page a person is looking at: only the tab in front draws frames (and takes input).
async function front(page) {
  await page.bringToFront();
  await waitForFrames(page, 2);  // the tab coming to front draws before it is clicked
  return page;
}

// Opens a task's form from its row's context menu. (A double-click in a tab that was in the
// background a moment ago can take longer than ImGui's double-click time: its first frames after
// coming back are slow.)
async function openForm(page, subject, title = subject) {
  await clickItem(page, subject, { button: 'right' });
  await clickItem(page, 'Open', { window: 'Popup_' });
  await findItem(page, 'subject', { window: `Task: ${title}` });
}

// Waits until `reader` (a tab in the background, so no frames and no focus event) has applied an
// entry committed by `writer` at or after its last commit; returns the delay from that commit
// to the apply (ms, same machine clock). Only the BroadcastChannel message can have set it off.
async function tabLatency(writer, reader, timeout = 5000) {
  const committed = await writer.evaluate(() => window.crmBenchMarks.logCommittedAt);
  const deadline = Date.now() + timeout;
  for (;;) {
    const applied = await reader.evaluate(() => (window.crmBenchMarks || {}).tabsAppliedAt || 0);
    if (applied >= committed) return applied - committed;
    if (Date.now() > deadline) assert.fail(`the other tab did not apply the entry within ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// What IndexedDB holds now (read-only look, for the compaction check).
function storedCounts(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const req = indexedDB.open('activities-crm');
    req.onsuccess = () => {
      const tx = req.result.transaction(['chunks', 'log'], 'readonly');
      const out = {};
      tx.objectStore('chunks').count().onsuccess = (e) => { out.chunks = e.target.result; };
      tx.objectStore('log').count().onsuccess = (e) => { out.log = e.target.result; };
      tx.oncomplete = () => { req.result.close(); resolve(out); };
      tx.onerror = () => reject(tx.error);
    };
    req.onerror = () => reject(req.error);
  }));
}

async function fieldValue(page, id, win) {
  const item = (await listItems(page)).find((it) => it.label === id && typeof it.window === 'string' && it.window.startsWith(win));
  return item ? item.value : undefined;
}

test('two tabs see each other within a second, merge a stale edit, and compaction loses nothing', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1400, height: 850 } });
  const a = await openApp(context, suite.server.url);
  await signIn(a, 'Anna Kowalska');
  await saved(a);
  const b = await openApp(context, suite.server.url);
  await waitForState(b, (s) => s.ready && s.user === 'Anna Kowalska', 'the second tab signed in from the shared data');
  const today = await localToday(a);
  const stamp = Date.now();
  const latencies = [];

  // A creates, B sees it; B creates, A sees it
  const fromA = `Made in tab A ${stamp}`;
  await front(a);
  await createTask(a, fromA, today);
  const countA = (await saved(a)).activities;
  latencies.push(await tabLatency(a, b));
  await front(b);
  await waitForState(b, (s) => s.activities === countA, 'tab B to show tab A\'s task', 5000);
  await findItem(b, fromA);
  const fromB = `Made in tab B ${stamp}`;
  await createTask(b, fromB, today);
  const countB = (await saved(b)).activities;
  latencies.push(await tabLatency(b, a));
  await front(a);
  await waitForState(a, (s) => s.activities === countB, 'tab A to show tab B\'s task', 5000);
  await findItem(a, fromB);

  // a stale edit: A opens the task and changes its description; meanwhile B renames it
  await openForm(a, fromA);
  await clickItem(a, 'description', { window: `Task: ${fromA}` });
  await typeText(a, 'Written in tab A');
  const renamed = `Renamed in tab B ${stamp}`;
  await front(b);
  await openForm(b, fromA);
  await clickItem(b, 'subject', { window: `Task: ${fromA}` });
  await pressKey(b, 'Control+a');
  await typeText(b, renamed);
  await clickItem(b, 'Save & Close', { window: `Task: ${fromA}` });
  await waitForItemGone(b, 'Save & Close');
  await saved(b);
  latencies.push(await tabLatency(b, a));
  // A's form names the record as now stored: B's rename arrived
  await front(a);
  await findItem(a, 'Save', { window: `Task: ${renamed}` });
  await clickItem(a, 'Save', { window: `Task: ${renamed}` });
  await findItem(a, 'Keep these values', { window: `Task: ${renamed}` });
  await screenshot(a, 'tabs-stale-edit-choice');
  await clickItem(a, 'Keep these values', { window: `Task: ${renamed}` });
  await waitForItemGone(a, 'Keep these values');
  assert.equal(await fieldValue(a, 'subject', `Task: ${renamed}`), renamed, 'B\'s rename is kept');
  assert.equal(await fieldValue(a, 'description', `Task: ${renamed}`), 'Written in tab A', 'A\'s description is kept');
  await clickItem(a, 'Save & Close', { window: `Task: ${renamed}` });
  await waitForItemGone(a, 'Save & Close');
  await saved(a);

  // compaction with both tabs open: each saves its own task over and over (one log entry per
  // save) until the log passes kCompactAfterLogEntries (200)
  const before = await storedCounts(a);
  console.log(`# before the saves: ${JSON.stringify(before)}`);
  await openForm(a, renamed);
  await front(b);
  await openForm(b, fromB);
  // Each round: one click on Save, then Ctrl+S (Save, the form stays open) nine times.
  const saveTen = async (page, win) => {
    await clickItem(page, 'Save', { window: win });
    for (let j = 0; j < 9; j++) await pressKey(page, 'Control+s');
  };
  for (let i = 0; i < 10; i++) {  // with the 7 entries before: past 200
    await front(a);
    await saveTen(a, `Task: ${renamed}`);
    await front(b);
    await saveTen(b, `Task: ${fromB}`);
  }
  await clickItem(b, 'Save & Close', { window: `Task: ${fromB}` });
  await saved(b);
  await front(a);
  await clickItem(a, 'Save & Close', { window: `Task: ${renamed}` });
  await saved(a);
  const after = await storedCounts(a);
  console.log(`# after 200 saves in two tabs: ${JSON.stringify(after)}`);
  // compacted: a snapshot was written (chunks) and the log it covers dropped; with fewer saves
  // than the threshold there would be no chunk yet
  assert.ok(after.chunks > before.chunks, `a snapshot was written (${JSON.stringify(after)})`);
  assert.ok(after.log < 200, `the log was compacted (${after.log} entries left)`);

  // one more change in each tab after the compaction, seen by the other
  const lastA = `Last from A ${stamp}`, lastB = `Last from B ${stamp}`;
  await createTask(a, lastA, today);
  await saved(a);
  latencies.push(await tabLatency(a, b));
  await front(b);
  await createTask(b, lastB, today);
  await saved(b);
  latencies.push(await tabLatency(b, a));
  const total = countB + 2;
  await waitForState(b, (s) => s.activities === total, 'tab B to have every task');
  await front(a);
  await waitForState(a, (s) => s.activities === total, 'tab A to have every task');
  console.log(`# tab latency (commit in one tab to applied in the other), ms: ${latencies.join(', ')}`);
  for (const ms of latencies) assert.ok(ms < 1000, `seen within a second (${ms} ms)`);

  await a.close();
  await b.close();
  const c = await openApp(context, suite.server.url);
  const state = await waitForState(c, (s) => s.ready && s.user === 'Anna Kowalska', 'a third tab ready');
  assert.equal(state.activities, total, 'no task lost');
  for (const subject of [fromB, renamed, lastA, lastB]) await findItem(c, subject);
  await openForm(c, renamed);
  assert.equal(await fieldValue(c, 'description', `Task: ${renamed}`), 'Written in tab A');
  await context.close();
});
