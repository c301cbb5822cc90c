// The browser half of the benchmark (tests/bench/run.mjs calls measureBrowser once per size).
// Real Chromium (the test harness's launch options, an on-disk profile so IndexedDB is on disk),
// the real build served by scripts/serve.mjs, and the app's own UI for import and export. Times
// inside the app come from its measurement hooks (src/platform/web_bench.cpp) through
// Module._crm_bench_*; the peer (Dexie 4) runs on a bench-only page on a second loopback server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { startServer } from '../../scripts/serve.mjs';
import { clickItem, findItem, launchPersistent, listItems, openApp, pressKey, typeText, waitForItemGone, webDir, REPO_ROOT } from '../browser/harness.mjs';
import { chooseFromCombo, importFile, waitForState } from '../browser/app_actions.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const VIEWPORT = { width: 1400, height: 850 };
const DEMO_USER = 'Anna Kowalska';  // exists on a fresh device (demo data) before the import

// ---- the app's measurement hooks ----------------------------------------------------------------
export const benchReport = (page) => page.evaluate(() => JSON.parse(UTF8ToString(Module._crm_bench_report())));
const resetFrames = (page) => page.evaluate(() => Module._crm_bench_reset_frames());

async function waitForReport(page, predicate, what, timeout = 60_000) {
  const deadline = Date.now() + timeout;
  let r;
  while (Date.now() < deadline) {
    r = await benchReport(page);
    if (predicate(r)) return r;
    await sleep(50);
  }
  throw new Error(`bench: timed out waiting for ${what}; last report: ${JSON.stringify({ ...r, frameMs: undefined, drawMs: undefined })}`);
}

// The app writes to IndexedDB on its own frames; `saved` in the test state means every write completed.
const waitSaved = (page, timeout = 120_000) =>
  waitForState(page, (s) => s.save === 'saved', 'all changes saved', timeout);

// ---- what the data file holds ---------------------------------------------------------------------
export function describeDataFile(file) {
  const data = JSON.parse(fs.readFileSync(file, 'utf8'));
  const perAccount = new Map();
  for (const a of data.activities)
    if (!a.deleted && a.regarding && a.regarding.kind === 'account') perAccount.set(a.regarding.id, (perAccount.get(a.regarding.id) || 0) + 1);
  // The busiest account whose name can be typed with plain key events (quick search opens it).
  const typable = data.accounts.filter((x) => !x.deleted && /^[\x20-\x7e]+$/.test(x.name));
  typable.sort((a, b) => (perAccount.get(b.id) || 0) - (perAccount.get(a.id) || 0));
  const busiest = typable[0];
  const activeUsers = data.users.filter((u) => !u.deleted);
  return {
    activities: data.activities.filter((x) => !x.deleted).length,
    busiestAccount: busiest ? { name: busiest.name, activities: perAccount.get(busiest.id) || 0 } : null,
    user: activeUsers[0] ? activeUsers[0].name : DEMO_USER,
  };
}

// ---- download size --------------------------------------------------------------------------------
// Every file the server was asked for during the first visit (the page, its scripts, the wasm,
// and what the service worker precaches), each gzipped at level 9 as a server would send it.
function downloadSizes(paths) {
  const root = webDir();
  const files = [];
  const seen = new Set();
  for (const p of [...paths].sort()) {
    let rel = decodeURIComponent(p.split('?')[0]).replace(/^\/+/, '');
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    if (seen.has(rel)) continue;  // "/" and "/index.html" are one file
    seen.add(rel);
    const file = path.join(root, rel);
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) continue;
    const bytes = fs.readFileSync(file);
    files.push({ path: rel, bytes: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length });
  }
  const cjkPath = path.join(root, 'fonts', 'NotoSansCJKtc-subset.otf');
  let cjk = null;
  if (fs.existsSync(cjkPath)) {
    const bytes = fs.readFileSync(cjkPath);
    cjk = { path: 'fonts/NotoSansCJKtc-subset.otf', bytes: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length,
            fetchedAtFirstVisit: files.some((f) => f.path === 'fonts/NotoSansCJKtc-subset.otf') };
  }
  return { files: files.filter((f) => f.path !== 'fonts/NotoSansCJKtc-subset.otf'), cjk };
}

// ---- the peer: Dexie 4 reading the same activity objects ---------------------------------------------
function writePeerPage(dir) {
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(REPO_ROOT, 'node_modules', 'dexie', 'dist', 'dexie.min.js'), path.join(dir, 'dexie.min.js'));
  fs.writeFileSync(path.join(dir, 'peer.html'),
    '<!doctype html><meta charset="utf-8"><title>Dexie peer (benchmark only)</title><script src="dexie.min.js"></script>\n');
}

async function measureDexie(context, peerUrl, dataName, size, runs, log) {
  const page = await context.newPage();
  await page.goto(`${peerUrl}peer.html`);
  log(`  dexie: storing the activities (setup, not measured)`);
  const setup = await page.evaluate(async ({ dataName, dbName }) => {
    const t0 = performance.now();
    const data = await (await fetch(dataName)).json();
    const rows = data.activities;
    const db = new Dexie(dbName);
    db.version(1).stores({ activities: 'id' });
    await db.activities.clear();
    for (let i = 0; i < rows.length; i += 5000) await db.activities.bulkPut(rows.slice(i, i + 5000));
    db.close();
    return { count: rows.length, ms: performance.now() - t0 };
  }, { dataName, dbName: `peer-${size}` });
  log(`  dexie: ${setup.count} stored in ${Math.round(setup.ms)} ms; timing toArray() x${runs}`);
  const samples = await page.evaluate(async ({ dbName, runs }) => {
    const out = [];
    for (let i = 0; i < runs; i++) {
      const db = new Dexie(dbName);
      db.version(1).stores({ activities: 'id' });
      await db.open();
      const t0 = performance.now();
      const rows = await db.activities.toArray();
      out.push(performance.now() - t0);
      if (!rows.length) throw new Error('Dexie read no rows');
      db.close();
    }
    return out;
  }, { dbName: `peer-${size}`, runs });
  await page.close();
  return samples;
}

// ---- frames while scrolling -------------------------------------------------------------------------
// Frame CPU times of the frames drawn, and the intervals between their starts (how often the
// browser let the app draw: with software WebGL the GPU side, not this CPU time, sets the pace).
async function framesSinceReset(page) {
  const r = await benchReport(page);
  return { cpu: r.frameMs, draw: r.drawMs, intervals: r.frameAt.slice(1).map((t, i) => t - r.frameAt[i]) };
}

// Wheel events over `at`: half down, half up. Each wheel waits for the renderer's input ack,
// which with software WebGL can take a frame or two, so keep the count small.
export async function scrollFrames(page, at, { wheels = 20, deltaY = 120, gap = 40 } = {}) {
  await page.mouse.move(at.x, at.y);
  await sleep(800);  // hover settles; those frames are not scrolling
  await resetFrames(page);
  for (let i = 0; i < wheels; i++) {
    await page.mouse.wheel(0, i < wheels / 2 ? deltaY : -deltaY);
    await sleep(gap);
  }
  await sleep(300);
  return framesSinceReset(page);
}

async function keyFrames(page, keys) {
  await sleep(800);
  await resetFrames(page);
  for (const k of keys) {
    await page.keyboard.press(k);
    await sleep(80);
  }
  await sleep(300);
  return framesSinceReset(page);
}

// The centre of the lower part of a window's items (a dialog's timeline, a board's lanes).
export async function areaOf(page, windowPrefix, fallback) {
  const items = (await listItems(page)).filter((it) => typeof it.window === 'string' && it.window.startsWith(windowPrefix));
  if (!items.length) return fallback;
  const box = await page.locator('canvas').boundingBox();
  const xs = items.map((i) => i.x), ys = items.map((i) => i.y + i.h);
  return { x: box.x + (Math.min(...xs) + Math.max(...xs)) / 2, y: box.y + Math.max(...ys) - 60 };
}

// ---- one size -----------------------------------------------------------------------------------------
/**
 * Measures every browser metric for one data file. Returns raw samples (run.mjs turns them into
 * metric records). `runs`: reloads and cheap repetitions; `importRuns`: imports of the file.
 */
export async function measureBrowser({ dataFile, size, runs, importRuns, exportRuns, editRuns, workDir, measureDownload, log }) {
  const started = Date.now();
  const phase = (what) => log(`  [${((Date.now() - started) / 1000).toFixed(1)} s] ${what}`);
  const info = describeDataFile(dataFile);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), `crm-bench-${size}-`));
  const requested = new Set();
  const app = await startServer({ root: webDir(), port: 0, host: '127.0.0.1' });
  app.server.on('request', (req) => requested.add(req.url));
  const peerDir = path.join(workDir, 'peer');
  writePeerPage(peerDir);
  fs.copyFileSync(dataFile, path.join(peerDir, path.basename(dataFile)));
  const peer = await startServer({ root: peerDir, port: 0, host: '127.0.0.1' });
  const context = await launchPersistent(profile, { viewport: VIEWPORT, acceptDownloads: true, timezoneId: 'Europe/Warsaw' });
  const out = { info, imports: [], starts: [], exportsMs: [], frames: {} };
  const appUrl = (db, user) => `${app.url}?db=${encodeURIComponent(db)}&user=${encodeURIComponent(user)}`;  // openApp adds test=1
  const longWait = 60_000 + info.activities * 3;  // import planning at 100k takes seconds in wasm
  try {
    // First visit: the service worker installs; what it and the page fetch is the download.
    const mainDb = `bench-${size}`;
    let page = await openApp(context, appUrl(mainDb, DEMO_USER), { timeout: 60_000 });
    await page.evaluate(() => navigator.serviceWorker && navigator.serviceWorker.ready);
    await sleep(500);
    if (measureDownload) out.download = downloadSizes(requested);

    phase('first visit done');
    // Import through the real UI: the file chooser, the summary dialog, Import; then durable.
    const importOnce = async (p) => {
      const before = (await waitSaved(p)).activities;
      await importFile(p, dataFile);
      await findItem(p, 'Import', { window: 'Import data', timeout: longWait });
      await clickItem(p, 'Import', { window: 'Import data' });
      await waitForState(p, (s) => s.activities >= before + info.activities && s.save === 'saved', 'import applied and saved', longWait);
      const r = await waitForReport(p, (x) => x.import.durableMs >= 0, 'import durable');
      return { ...r.import };
    };
    for (let k = 0; k < importRuns; k++) {
      const db = k === 0 ? mainDb : `${mainDb}-import-${k}`;
      if (k > 0) {
        await page.close();
        page = await openApp(context, appUrl(db, DEMO_USER), { timeout: 60_000 });
      }
      const r = await importOnce(page);
      out.imports.push(r);
      log(`  import ${k + 1}/${importRuns}: plan ${r.planMs.toFixed(0)} ms, apply ${r.applyMs.toFixed(0)} ms, durable ${r.durableMs.toFixed(0)} ms`);
      if (k > 0) await page.evaluate((name) => new Promise((res) => { const q = indexedDB.deleteDatabase(name); q.onsuccess = q.onerror = q.onblocked = () => res(); }), db).catch(() => {});
    }
    if (importRuns > 1) {
      await page.close();
      page = await openApp(context, appUrl(mainDb, DEMO_USER), { timeout: longWait });
    }
    phase('imports done');
    // The layout a long-used database has: records in snapshot chunks (compaction), not one big log entry.
    await page.evaluate(() => Module._crm_bench_snapshot());
    await waitSaved(page);

    // Starts from cached files (service worker) with the data stored.
    for (let k = 0; k < runs; k++) {
      await page.goto(`${appUrl(mainDb, info.user)}&test=1`);
      await page.waitForFunction(() => window.__crmTest && window.__crmTest.ready === true, null, { timeout: longWait, polling: 50 });
      const r = await waitForReport(page, (x) => x.marks.firstInteractive > 0 && x.storageReady, 'first interactive frame');
      const nav = await page.evaluate(() => (performance.getEntriesByType('navigation')[0] || {}).responseEnd || 0);
      const controlled = await page.evaluate(() => !!(navigator.serviceWorker && navigator.serviceWorker.controller));
      out.starts.push({ ...r.marks, decodeMs: r.decodeMs, navigationResponseEnd: nav, controlled });
      if (k === 0) out.heap = r.heap;
      log(`  start ${k + 1}/${runs}: first interactive ${r.marks.firstInteractive.toFixed(0)} ms (load ${(r.marks.decoded - r.marks.storageOpened).toFixed(0)} ms)`);
    }
    out.activitiesLoaded = (await benchReport(page)).activities;

    phase('starts done');
    out.queries = await page.evaluate(() => JSON.parse(UTF8ToString(Module._crm_bench_queries())));

    // Edits, one durable write each.
    await page.evaluate((n) => Module._crm_bench_edit(n), editRuns);
    const edits = await waitForReport(page, (x) => x.writes.editMs.length >= editRuns, `${editRuns} durable edits`, 60_000);
    out.editMs = edits.writes.editMs;
    await waitSaved(page);
    // Reference for the edit figure: a bare strict put of the same size from this page once it is
    // idle, into a scratch database (the app's own stores must not get foreign entries).
    await sleep(1500);
    out.idbPutMs = await page.evaluate(async (n) => {
      const db = await new Promise((res, rej) => {
        const q = indexedDB.open('bench-scratch', 1);
        q.onupgradeneeded = () => q.result.createObjectStore('log');
        q.onsuccess = () => res(q.result);
        q.onerror = () => rej(q.error);
      });
      const samples = [];
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        await new Promise((res, rej) => {
          const tx = db.transaction('log', 'readwrite', { durability: 'strict' });
          tx.objectStore('log').put(new ArrayBuffer(600), i);
          tx.oncomplete = res;
          tx.onabort = () => rej(tx.error);
        });
        samples.push(performance.now() - t0);
      }
      db.close();
      return samples;
    }, editRuns);

    phase('queries and edits done');
    // Export through the real UI.
    for (let k = 0; k < exportRuns; k++) {
      await clickItem(page, 'Sync & data');
      const download = page.waitForEvent('download', { timeout: longWait });
      await clickItem(page, 'Export to a file');
      const d = await download;
      await d.delete().catch(() => {});
      const r = await benchReport(page);
      out.exportsMs.push(r.exportMs);
      log(`  export ${k + 1}/${exportRuns}: ${r.exportMs.toFixed(0)} ms`);
    }

    phase('exports done');
    // Frames while scrolling. The grid: All Activities.
    await pressKey(page, 'Escape');
    await pressKey(page, 'g');
    await pressKey(page, 'a');
    await chooseFromCombo(page, 'view', 'All Activities');
    await clickItem(page, 'Grid');
    phase('grid ready');
    out.frames.grid = await scrollFrames(page, { x: 800, y: 520 });
    phase('grid scrolled');
    // A record's timeline: the busiest account, opened from quick search.
    if (info.busiestAccount) {
      await clickItem(page, 'quick_search');
      await typeText(page, info.busiestAccount.name, { delay: 10 });
      await findItem(page, info.busiestAccount.name, { timeout: 30_000 });
      await pressKey(page, 'Enter');
      const win = `Account: ${info.busiestAccount.name}`;
      await findItem(page, 'Save & Close', { window: win, timeout: 30_000 });
    phase('timeline open');
      out.frames.timeline = await scrollFrames(page, await areaOf(page, win, { x: 700, y: 600 }));
      await pressKey(page, 'Escape');
      await waitForItemGone(page, 'Save & Close', { timeout: 30_000 });
    }
    phase('timeline done');
    // The kanban board and the calendar (the week's time grid scrolls; J/K page).
    await clickItem(page, 'Kanban');
    phase('kanban ready');
    out.frames.kanban = await scrollFrames(page, { x: 520, y: 560 });
    await clickItem(page, 'Calendar');
    await clickItem(page, 'Week');
    phase('calendar ready');
    out.frames.calendar = await scrollFrames(page, { x: 800, y: 600 });
    out.frames.calendarPaging = await keyFrames(page, ['j', 'j', 'j', 'k', 'k', 'k']);
    await clickItem(page, 'Month');
    out.frames.calendarMonth = await keyFrames(page, ['j', 'j', 'k', 'k']);

    phase('calendar done');
    // Idle: no input for 3 s after the last frames settled.
    await sleep(1500);
    await resetFrames(page);
    const idleSeconds = 3;
    await sleep(idleSeconds * 1000);
    out.idleFps = (await benchReport(page)).framesSinceReset / idleSeconds;
    await page.close();

    phase('frames and idle done');
    // The peer in the same browser, same run.
    out.dexieMs = await measureDexie(context, peer.url, path.basename(dataFile), size, Math.max(runs, 5), log);
  } finally {
    await context.close().catch(() => {});
    await app.close();
    await peer.close();
    fs.rmSync(profile, { recursive: true, force: true });
    fs.rmSync(path.join(peerDir, path.basename(dataFile)), { force: true });
  }
  return out;
}
