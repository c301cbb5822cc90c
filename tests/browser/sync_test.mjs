// Sync between devices through a real CouchDB-protocol server (pouchdb-server, in memory, on
// loopback). Each device is a separate browser context with its own IndexedDB. Everything the
// user does goes through real mouse and keyboard events; the server's documents are read over
// HTTP to check that both sides agree after each scenario.
import test from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  clickItem, doubleClickItem, findItem, getTestState, openApp, pressKey, screenshot, typeText, waitForItemGone,
} from './harness.mjs';
import {
  connectSync, createTask, localToday, saved, signIn, useBrowserAndServer, waitForState,
} from './app_actions.mjs';
import { startCouchServer } from './couch_server.mjs';

const suite = useBrowserAndServer();
let couch;
test.before(async () => { couch = await startCouchServer(); });
test.after(async () => { await couch?.close(); });

const VIEWPORT = { viewport: { width: 1400, height: 850 }, timezoneId: 'Europe/Warsaw', acceptDownloads: true };
const SYNC_TIMEOUT = 60_000;

const syncedUp = (page, what) => waitForState(
  page, (s) => s.sync.phase === 'Up to date' && s.sync.waiting === 0 && !s.sync.busy && s.save === 'saved',
  what, SYNC_TIMEOUT);

// The first device: demo data, then sync set up by hand in "Sync & data".
async function firstDevice(db) {
  const context = await suite.browser.newContext(VIEWPORT);
  const page = await openApp(context, suite.server.url);
  await signIn(page, 'Anna Kowalska');
  await connectSync(page, couch.url, db);
  await syncedUp(page, 'the first push');
  await clickItem(page, 'Activities');
  return { context, page };
}

// A second device joining through start-up parameters (as an intranet page would embed it).
async function secondDevice(db, expectedActivities) {
  const context = await suite.browser.newContext(VIEWPORT);
  const page = await openApp(context, suite.server.url, { query: { syncUrl: couch.url, syncDb: db, user: 'Anna Kowalska' } });
  // A server named in a link is only used once the user allows it.
  await findItem(page, couch.url, { exact: false, window: 'Sync with this server?' });
  assert.equal((await getTestState(page)).sync.phase, 'Not set up');
  await clickItem(page, 'Allow and sync', { window: 'Sync with this server?' });
  await waitForState(page, (s) => s.activities === expectedActivities && s.sync.waiting === 0 && s.sync.phase === 'Up to date' && !s.sync.busy,
    'the second device pulled everything', SYNC_TIMEOUT);
  // Signed in as soon as the profile arrived with the pull, not at the next cycle (30 s later).
  await waitForState(page, (s) => s.user === 'Anna Kowalska', 'signed in as the user the link names', 5_000);
  return { context, page };
}

async function syncNow(page) {
  await clickItem(page, 'Sync & data');
  const before = (await getTestState(page)).sync.lastSyncedAt;
  await clickItem(page, 'Sync now');
  await waitForState(page, (s) => s.sync.lastSyncedAt > before && s.sync.phase === 'Up to date' && !s.sync.busy,
    'a completed sync', SYNC_TIMEOUT);
  await clickItem(page, 'Activities');
}

async function editActivity(page, subject, field, text) {
  await doubleClickItem(page, subject);
  const dialog = `Task: ${subject}`;
  await clickItem(page, field, { window: dialog });
  await pressKey(page, 'Control+a');
  await typeText(page, text, { delay: 5 });
  await clickItem(page, 'Save & Close', { window: dialog });
  await waitForItemGone(page, 'Save & Close');
  await saved(page);
}

function activityDocs(docs) {
  return [...docs.values()].filter((d) => d._id.startsWith('activity:'));
}

test('an activity created on one device appears on the other', async () => {
  const db = 'two-devices';
  const a = await firstDevice(db);
  const total = (await getTestState(a.page)).activities;
  const b = await secondDevice(db, total);
  await screenshot(b.page, 'sync-second-device');

  const subject = `Call Marta about the renewal ${Date.now()}`;
  await createTask(a.page, subject, await localToday(a.page));
  await syncedUp(a.page, 'the new task pushed');
  await syncNow(b.page);
  await findItem(b.page, subject);
  assert.equal((await getTestState(b.page)).activities, total + 1);

  const docs = await couch.docs(db);
  const matching = activityDocs(docs).filter((d) => d.subject === subject);
  assert.equal(matching.length, 1, 'exactly one server document for the new task');
  assert.equal(activityDocs(docs).filter((d) => !d.deleted).length, total + 1);
  for (const d of docs.values()) assert.ok(!JSON.stringify(d).includes('password'), 'no credentials in documents');
  await a.context.close();
  await b.context.close();
});

test('offline edits: different fields merge, the same field becomes a conflict the user settles', async () => {
  const db = 'conflicts';
  const a = await firstDevice(db);
  const stamp = Date.now();
  const merged = `Prepare offer ${stamp}`;
  const contested = `Call back ${stamp}`;
  await createTask(a.page, merged, await localToday(a.page));
  await createTask(a.page, contested, await localToday(a.page));
  await syncedUp(a.page, 'two tasks pushed');
  const b = await secondDevice(db, (await getTestState(a.page)).activities);

  await a.context.setOffline(true);
  await b.context.setOffline(true);
  // Different fields of one task: the subject on A, the description on B.
  await editActivity(a.page, merged, 'subject', `${merged} for Imported Sports`);
  await editActivity(b.page, merged, 'description', 'Include the 2027 price list');
  // The same field of the other task on both devices.
  await editActivity(a.page, contested, 'subject', `${contested} on Monday`);
  await editActivity(b.page, contested, 'subject', `${contested} on Tuesday`);
  await a.context.setOffline(false);
  await syncedUp(a.page, 'A pushed its edits after coming online');
  await b.context.setOffline(false);
  await waitForState(b.page, (s) => s.sync.conflicts === 1 && s.sync.phase === 'Up to date' && !s.sync.busy,
    'B merged and found one conflict', SYNC_TIMEOUT);

  // The merged task carries both edits on B.
  await findItem(b.page, `${merged} for Imported Sports`);
  // The conflict: B still shows its own value, the server keeps A's; the user picks A's.
  await findItem(b.page, `${contested} on Tuesday`);
  let docs = await couch.docs(db);
  assert.equal(activityDocs(docs).find((d) => d.subject?.startsWith(contested)).subject, `${contested} on Monday`);
  await clickItem(b.page, 'Sync & data (1)');
  await findItem(b.page, `${contested} on Tuesday`, { window: '' });
  await screenshot(b.page, 'sync-conflict-list');
  await clickItem(b.page, `${contested} on Monday`);
  await clickItem(b.page, 'Keep these values');
  await waitForState(b.page, (s) => s.sync.conflicts === 0 && s.sync.waiting === 0 && !s.sync.busy,
    'the resolution pushed', SYNC_TIMEOUT);

  await syncNow(a.page);
  docs = await couch.docs(db);
  const mergedDoc = activityDocs(docs).find((d) => d.subject === `${merged} for Imported Sports`);
  assert.ok(mergedDoc, 'the merged task is on the server');
  assert.equal(mergedDoc.description, 'Include the 2027 price list');
  assert.equal(activityDocs(docs).filter((d) => d.subject?.startsWith(contested)).length, 1);
  assert.equal(activityDocs(docs).find((d) => d.subject?.startsWith(contested)).subject, `${contested} on Monday`);
  // A shows both results too.
  await findItem(a.page, `${contested} on Monday`);
  await findItem(a.page, `${merged} for Imported Sports`);
  await a.context.close();
  await b.context.close();
});

// A generated export of `n` activities (with a user and an account of their own), in the
// documented file format, with Polish and Chinese subjects.
function generatedFile(n, stamp) {
  const t = '2026-11-20T09:00:00.000Z';
  const meta = (id) => ({ id, rev: '1-0', deleted: false, created_by: '', created_at: t, modified_by: '', modified_at: t });
  const user = `00000000-0000-4000-8000-${String(stamp % 1e12).padStart(12, '0')}`;
  const account = `00000000-0000-4000-9000-${String(stamp % 1e12).padStart(12, '0')}`;
  const activities = [];
  for (let i = 0; i < n; i++) {
    const id = `${String(i).padStart(8, '0')}-1111-4000-8000-${String(stamp % 1e12).padStart(12, '0')}`;
    activities.push({
      ...meta(id), type: 'task', subject: `Bulk ${stamp} #${i} — Łódź 台北`, description: 'Zadzwonić w sprawie oferty. 確認交期。',
      regarding: { kind: 'account', id: account }, owner: { kind: 'user', id: user }, state: 'open', reason: 'not_started',
      priority: 'normal', due: { date: '2026-12-01' }, direction: 'outgoing', phone_number: '', email_from: '', email_to: '',
      email_cc: '', location: '', all_day: false, attendees: '',
    });
  }
  return {
    format: 'activities-crm', version: 1, exported_at: t,
    users: [{ ...meta(user), name: `Bulk Importer ${stamp}`, email: '' }],
    teams: [],
    accounts: [{ ...meta(account), name: `Bulk Account ${stamp}`, city: 'Kraków', phone: '', website: '', owner: { kind: 'user', id: user } }],
    contacts: [], opportunities: [], cases: [], activities, attachments: [],
  };
}

test('a reload in the middle of a large push resumes it: nothing missed, nothing duplicated', async () => {
  const db = 'large-push';
  const stamp = Date.now();
  const n = 2400;  // with the demo data, three push batches of 1,000 (kSyncPushBatch)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-bulk-'));
  const file = path.join(dir, 'bulk.json');
  fs.writeFileSync(file, JSON.stringify(generatedFile(n, stamp)));

  const context = await suite.browser.newContext(VIEWPORT);
  const page = await openApp(context, suite.server.url);
  await signIn(page, 'Anna Kowalska');
  const total = (await getTestState(page)).activities + n;
  await clickItem(page, 'Sync & data');
  const chooser = page.waitForEvent('filechooser');
  await clickItem(page, 'Import from a file...');
  await (await chooser).setFiles(file);
  await clickItem(page, 'Import', { window: 'Import data' });
  await waitForState(page, (s) => s.activities === total && s.save === 'saved', 'the import saved', 60_000);

  // The second push batch reaches the server, but the page reloads before it hears the answer.
  // (These records were never synced, so the batch goes with new_edits:false, whose answer lists
  // only refused documents: what the server took is read from the server itself.)
  let pushes = 0;
  let interrupted;
  const reached = new Promise((resolve) => { interrupted = resolve; });
  await page.route('**/_bulk_docs', async (route) => {
    if (++pushes !== 2) return route.continue();
    const sent = route.request().postDataJSON();
    const response = await route.fetch();  // the server stores the batch
    const answers = await response.json();
    const onServer = await couch.docs(db);
    interrupted({ sent, answers, taken: sent.docs.filter((d) => onServer.get(d._id)?._rev === d._rev).length });
    await new Promise(() => {});  // never answered: the reload cuts it
  });
  await clickItem(page, 'sync_url');
  await typeText(page, couch.url, { delay: 5 });
  await clickItem(page, 'sync_database');
  await typeText(page, db, { delay: 5 });
  await clickItem(page, 'Save and sync now');
  // Bounded: a push that never starts fails the test instead of hanging the suite.
  // (The timer is cleared: left running, it kept the test process alive for 90 s after the file.)
  let timer;
  const accepted = await Promise.race([reached, new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error('the second push batch never reached the server')), 90_000);
  })]).finally(() => clearTimeout(timer));
  assert.equal(accepted.sent.new_edits, false, 'never-synced records go under their own revisions');
  assert.equal(accepted.answers.filter((r) => r.error).length, 0, 'the server refused nothing');
  assert.equal(accepted.taken, 1000, 'the server took the interrupted batch');
  await page.unroute('**/_bulk_docs');
  await page.reload();
  await waitForState(page, (s) => s.ready && s.user === 'Anna Kowalska', 'ready after the reload', 30_000);
  await syncedUp(page, 'the push resumed and finished');

  const docs = activityDocs(await couch.docs(db));
  const bulk = docs.filter((d) => d.subject.startsWith(`Bulk ${stamp} #`));
  assert.equal(bulk.length, n, 'every generated activity is on the server once');
  assert.equal(new Set(bulk.map((d) => d.subject)).size, n, 'no subject twice');
  assert.equal(docs.length, total, 'the server has exactly the activities of the device');
  const state = await getTestState(page);
  assert.equal(state.activities, total, 'nothing duplicated on the device');
  assert.equal(state.sync.conflicts, 0);
  await context.close();
});

test('offline after the first visit: reload, create an activity, and it syncs when the network is back', async () => {
  const db = 'offline';
  const { context, page } = await firstDevice(db);
  // The service worker has cached the app and controls the page.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  await context.setOffline(true);
  await page.reload();
  await waitForState(page, (s) => s.ready && s.user === 'Anna Kowalska', 'the app started with the network off', 30_000);
  const subject = `Visit the Gdansk warehouse ${Date.now()}`;
  await createTask(page, subject, await localToday(page));
  await saved(page);
  await waitForState(page, (s) => s.sync.waiting === 1 && s.sync.lastError !== '', 'the edit waiting, the error shown', SYNC_TIMEOUT);
  await screenshot(page, 'sync-offline-waiting');
  assert.equal(activityDocs(await couch.docs(db)).filter((d) => d.subject === subject).length, 0);
  await context.setOffline(false);
  await syncedUp(page, 'the edit pushed after coming online');
  assert.equal(activityDocs(await couch.docs(db)).filter((d) => d.subject === subject).length, 1);
  await context.close();
});

test('an attached file travels with its note to the other device, byte for byte', async () => {
  const db = 'attachments';
  const a = await firstDevice(db);
  const subject = `Signed contract ${Date.now()}`;
  await clickItem(a.page, '+ Create');
  await clickItem(a.page, 'Note', { window: 'Popup_' });
  await findItem(a.page, 'subject', { window: 'New Note' });
  await typeText(a.page, subject, { delay: 5 });
  await clickItem(a.page, 'Save', { window: 'New Note' });
  const form = `Note: ${subject}`;
  const bytes = crypto.randomBytes(200_000);
  const [chooser] = await Promise.all([a.page.waitForEvent('filechooser'), clickItem(a.page, 'Add files...', { window: form })]);
  await chooser.setFiles({ name: 'umowa.pdf', mimeType: 'application/pdf', buffer: bytes });
  await findItem(a.page, 'Download', { window: form });
  await clickItem(a.page, 'Save & Close', { window: form });
  await syncedUp(a.page, 'the note and its file pushed');
  const doc = [...(await couch.docs(db)).values()].find((d) => d._id.startsWith('attachment:') && d.file_name === 'umowa.pdf');
  assert.ok(doc && doc._attachments && doc._attachments.file, 'the file is attached to its document on the server');
  assert.equal(doc._attachments.file.length, bytes.length);

  const b = await secondDevice(db, (await getTestState(a.page)).activities);
  await clickItem(b.page, 'grid_search');
  await typeText(b.page, subject, { delay: 5 });
  await pressKey(b.page, 'Enter');
  await doubleClickItem(b.page, subject);
  const [download] = await Promise.all([b.page.waitForEvent('download'), clickItem(b.page, 'Download', { window: form })]);
  const got = fs.readFileSync(await download.path());
  assert.ok(got.equals(bytes), 'the downloaded file on the other device equals the original');
  await a.context.close();
  await b.context.close();
});
