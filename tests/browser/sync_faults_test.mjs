// Sync under faults (issue 8, part 5): the app syncs to a real pouchdb-server through a small
// fault-injecting proxy on loopback (fault_proxy.mjs). The server goes down, answers 401, 409
// and 500, answers slowly, drops connections in the middle of a batch (before and after the
// server stored it) and sends malformed JSON. Each time the app says what happened, retries
// with backoff, and once the faults stop both sides hold exactly the same records: nothing
// lost, nothing duplicated (compared document by document).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clickItem, getTestState, openApp, screenshot } from './harness.mjs';
import {
  connectSync, createTask, exportFile, localToday, signIn, useBrowserAndServer, waitForState,
} from './app_actions.mjs';
import { startCouchServer } from './couch_server.mjs';
import { startFaultProxy } from './fault_proxy.mjs';

const suite = useBrowserAndServer();
const proxies = [];
// On a failure, the last requests through the proxy tell which one met what.
test.afterEach((t) => {
  for (const p of proxies.splice(0)) {
    if (!t.passed) console.log(p.log.slice(-40).map((r) => `# ${r.method} ${r.path} ${r.fault ?? ''}`).join('\n'));
  }
});
let couch;
test.before(async () => { couch = await startCouchServer(); });
test.after(async () => { await couch?.close(); });

const VIEWPORT = { viewport: { width: 1400, height: 850 }, timezoneId: 'Europe/Warsaw', acceptDownloads: true };
const SYNC_TIMEOUT = 90_000;
const upToDate = (s) => s.sync.phase === 'Up to date' && s.sync.waiting === 0 && !s.sync.busy && s.save === 'saved';
const syncedUp = (page, what) => waitForState(page, upToDate, what, SYNC_TIMEOUT);

// A device on a fresh server database, reached through a fresh proxy, with the demo data pushed.
async function device(db) {
  const proxy = await startFaultProxy(couch.url);
  proxies.push(proxy);
  const context = await suite.browser.newContext(VIEWPORT);
  const page = await openApp(context, suite.server.url);
  await signIn(page, 'Anna Kowalska');
  await connectSync(page, proxy.url, db);
  await syncedUp(page, 'the first push');
  await clickItem(page, 'Activities');
  return { proxy, context, page };
}

// Sync now (from the Sync & data page), as the user would after seeing an error; then back to
// the activities (the status bar keeps showing the sync state).
async function syncNow(page) {
  await clickItem(page, 'Sync & data');
  await clickItem(page, 'Sync now');
  await clickItem(page, 'Activities');
}

// Both sides hold the same records: every syncable record of the device is on the server once,
// with the same content, and the server has nothing else.
async function assertSameOnBothSides(page, db) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-faults-'));
  const local = JSON.parse(fs.readFileSync(await exportFile(page, dir), 'utf8'));
  const docs = await couch.docs(db);
  const activities = [...docs.values()].filter((d) => d._id.startsWith('activity:'));
  assert.equal(activities.length, local.activities.length, 'as many activities on the server as on the device');
  const server = new Map(activities.map((d) => [d._id.slice('activity:'.length), d]));
  for (const a of local.activities) {
    const doc = server.get(a.id);
    assert.ok(doc, `activity ${a.id} "${a.subject}" is on the server`);
    assert.equal(doc.subject, a.subject, `the server's copy of ${a.id} has the device's subject`);
    assert.equal(doc.state, a.state, `and its state`);
  }
  const subjects = activities.map((d) => `${d.subject}|${d.created_on ?? d.created_at ?? ''}`);
  assert.equal(new Set(subjects).size, subjects.length, 'no activity twice on the server');
  const state = await getTestState(page);
  assert.equal(state.activities, local.activities.filter((a) => !a.deleted).length, 'the device has no duplicates');
  assert.equal(state.sync.conflicts, 0);
  return activities.length;
}

test('the server goes down and comes back: the app says so, retries, and loses nothing', async () => {
  const db = 'faults-down';
  const { proxy, context, page } = await device(db);
  await proxy.down();
  const today = await localToday(page);
  const made = [];
  for (let i = 0; i < 2; i++) {
    made.push(`Offline from server ${Date.now()} #${i}`);
    await createTask(page, made.at(-1), today);
  }
  const failing = await waitForState(page, (s) => s.sync.lastError !== '' && s.sync.phase === 'Waiting to retry',
    'the unreachable server reported', SYNC_TIMEOUT);
  assert.match(failing.sync.lastError, /server is down|network error|offline/);
  assert.ok(failing.sync.waiting >= 2, `the two new tasks wait to be sent (${failing.sync.waiting})`);
  await screenshot(page, 'sync-faults-server-down');
  await proxy.up();
  await syncNow(page);
  await syncedUp(page, 'synced after the server came back');
  await assertSameOnBothSides(page, db);
  const docs = await couch.docs(db);
  for (const s of made) assert.ok([...docs.values()].some((d) => d.subject === s), `"${s}" reached the server`);
  await context.close();
  await proxy.close();
});

test('401, 500, a slow answer and malformed JSON: each is named in the app, retried, and both sides agree after', async () => {
  const db = 'faults-answers';
  const { proxy, context, page } = await device(db);
  const today = await localToday(page);
  const faults = [
    { fault: { kind: 'status', status: 401 }, says: /refused the user name or password \(HTTP 401\)/ },
    { fault: { kind: 'status', status: 500, times: 2 }, says: /had an error \(HTTP 500\); retrying/ },
    { fault: { kind: 'malformed', method: 'GET', path: /_changes$/ }, says: /./ },
    { fault: { kind: 'slow', delayMs: 4000, times: 3 }, says: null },  // slow is not an error
  ];
  for (const { fault, says } of faults) {
    const t = JSON.stringify(fault);
    proxy.inject(fault);
    // A new activity starts a sync by itself: it meets the fault.
    await createTask(page, `Through ${fault.kind} ${fault.status ?? ''} ${Date.now()}`, today);
    if (says) {
      const seen = await waitForState(page, (s) => s.sync.lastError !== '', `the error for ${t}`, SYNC_TIMEOUT);
      assert.match(seen.sync.lastError, says, t);
      await screenshot(page, `sync-faults-${fault.kind}-${fault.status ?? ''}`);
      // Retried with backoff; Sync now skips the wait once the fault is gone.
      await waitForState(page, () => proxy.pendingFaults() === 0, `${t} used up`, SYNC_TIMEOUT);
      await syncNow(page);
    }
    await syncedUp(page, `synced after ${t}`);
    assert.equal((await getTestState(page)).sync.lastError, '', `the error is cleared after ${t}`);
  }
  const n = await assertSameOnBothSides(page, db);
  assert.ok(n >= 4);
  const injected = proxy.log.filter((r) => r.fault).length;
  console.log(`# faults injected: ${injected}; requests through the proxy: ${proxy.log.length}`);
  await context.close();
  await proxy.close();
});

test('connections dropped in the middle of a batch and a 409 answer: nothing lost, nothing duplicated', async () => {
  const db = 'faults-batches';
  const { proxy, context, page } = await device(db);
  const today = await localToday(page);
  const cases = [
    // the server stores the batch, the answer never comes: the retry must not duplicate
    { kind: 'drop-after', method: 'POST', path: /_bulk_docs$/ },
    // the batch never reaches the server: the retry must still send it
    { kind: 'drop-before', method: 'POST', path: /_bulk_docs$/ },
    // every document of the batch refused as a conflict (as CouchDB answers in a bulk write)
    { kind: 'status', status: 409, method: 'POST', path: /_bulk_docs$/,
      body: JSON.stringify({ error: 'conflict', reason: 'Document update conflict.' }) },
  ];
  for (const fault of cases) {
    const t = JSON.stringify({ ...fault, path: String(fault.path) });
    proxy.inject(fault);
    for (let i = 0; i < 2; i++) await createTask(page, `Batch ${fault.kind} ${Date.now()} #${i}`, today);
    await waitForState(page, () => proxy.pendingFaults() === 0, `${t} met`, SYNC_TIMEOUT);
    await syncNow(page);
    await syncedUp(page, `synced after ${t}`);
  }
  await assertSameOnBothSides(page, db);
  await context.close();
  await proxy.close();
});
