// Helpers for browser tests (playwright-core + Debian Chromium) driving the
// Dear ImGui / WebAssembly app through the `window.__crmTest` test hook.
//
// The app publishes, on every frame it draws:
//   window.__crmTest = { ready, frame, items: [{ id, label, x, y, w, h, window }], ... }
// with x/y/w/h in CSS pixels relative to the canvas's top-left corner.
// Frames are only drawn on input, so helpers nudge the mouse by a pixel when
// the frame counter stalls.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const DEFAULT_TIMEOUT = 10_000;
const NUDGE_INTERVAL = 500;
const POLL_INTERVAL = 50;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Per-page state: collected console messages / errors, last mouse position.
const pageState = new WeakMap();
function stateOf(page) {
  let s = pageState.get(page);
  if (!s) {
    s = { console: [], errors: [], mouse: { x: 0, y: 0 } };
    pageState.set(page, s);
  }
  return s;
}

// ---------------------------------------------------------------------------
// Browser / server / page setup

/** Flags for headless Chromium here: software WebGL2 and no background network traffic. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--enable-unsafe-swiftshader',
  '--use-angle=swiftshader',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launch headless Debian Chromium. Extra playwright launch options may be merged in.
 *  Its contexts are incognito-like: IndexedDB lives in memory for the context's lifetime. */
export function launchBrowser(options = {}) {
  const { args = [], ...rest } = options;
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS, ...args], ...rest });
}

/** A browser with an on-disk profile in `userDataDir`: IndexedDB is written to disk, so
 *  closing and relaunching with the same directory is a real restart. */
export function launchPersistent(userDataDir, options = {}) {
  const { args = [], ...rest } = options;
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS, ...args], ...rest,
  });
}

/** Directory holding the built web app (env CRM_WEB_DIR overrides build-wasm/web). */
export function webDir() {
  return process.env.CRM_WEB_DIR
    ? path.resolve(REPO_ROOT, process.env.CRM_WEB_DIR)
    : path.join(REPO_ROOT, 'build-wasm', 'web');
}

/** Serve the built web app on a free port. Returns {url, port, close()}. */
export async function startAppServer() {
  const root = webDir();
  assert.ok(
    fs.existsSync(path.join(root, 'index.html')),
    `startAppServer: ${root}/index.html not found; build the wasm app first (or set CRM_WEB_DIR)`,
  );
  const { url, port, close } = await startServer({ root, port: 0, host: '127.0.0.1' });
  return { url, port, close };
}

function buildQuery(query) {
  if (!query) return '';
  if (typeof query === 'string') return query.startsWith('&') ? query : `&${query.replace(/^\?/, '')}`;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) params.append(k, String(v));
  const s = params.toString();
  return s ? `&${s}` : '';
}

/**
 * Open the app in a new page of `context`, collecting console output, and
 * wait until `window.__crmTest.ready === true`.
 * @param {import('playwright-core').BrowserContext} context
 * @param {string} url base URL (e.g. from startAppServer)
 * @param {{query?: string|Record<string,string>, timeout?: number}} [opts]
 */
export async function openApp(context, url, { query, timeout = 30_000 } = {}) {
  const page = await context.newPage();
  const s = stateOf(page);
  page.on('console', (msg) => {
    s.console.push({ type: msg.type(), text: msg.text() });
  });
  page.on('pageerror', (err) => {
    const text = err && err.stack ? err.stack : String(err);
    s.errors.push(text);
    s.console.push({ type: 'pageerror', text });
    console.error(`[page error] ${text}`);
  });
  const base = url.split('#')[0];
  const sep = base.includes('?') ? '&' : '?';
  await page.goto(`${base}${sep}test=1${buildQuery(query)}`);
  try {
    await page.waitForFunction(
      () => !!(window.__crmTest && window.__crmTest.ready === true),
      null,
      { timeout, polling: 100 },
    );
  } catch (e) {
    const tail = s.console.slice(-30).map((m) => `  [${m.type}] ${m.text}`).join('\n');
    assert.fail(
      `openApp: window.__crmTest.ready did not become true within ${timeout} ms.\n` +
      `Recent console output:\n${tail || '  (none)'}\n(${e.message.split('\n')[0]})`,
    );
  }
  return page;
}

/** Console messages collected for a page opened with openApp: [{type, text}]. */
export function consoleMessages(page) {
  return stateOf(page).console;
}

/** Uncaught page errors collected for a page opened with openApp. */
export function pageErrors(page) {
  return stateOf(page).errors;
}

// ---------------------------------------------------------------------------
// Reading the test hook

/** Snapshot of the JSON-serialisable parts of window.__crmTest (or null). */
export function getTestState(page) {
  return page.evaluate(() => {
    const t = window.__crmTest;
    if (!t) return null;
    try { return JSON.parse(JSON.stringify(t)); } catch { return null; }
  });
}

/** Current app frame counter (0 if not published yet). */
export function getFrame(page) {
  return page.evaluate(() => (window.__crmTest && Number(window.__crmTest.frame)) || 0);
}

/** All items published for the last drawn frame. */
export function listItems(page) {
  return page.evaluate(() =>
    (window.__crmTest && Array.isArray(window.__crmTest.items)) ? window.__crmTest.items : []);
}

function matchItems(items, label, { window: win, exact = true } = {}) {
  return items.filter((it) =>
    it && typeof it.label === 'string' &&
    (exact ? it.label === label : it.label.includes(label)) &&
    (win == null || (typeof it.window === 'string' && it.window.startsWith(win))) &&
    it.w > 0 && it.h > 0);
}

function describeItems(items) {
  if (!items.length) return '  (no items)';
  const lines = items.slice(0, 100).map((it) =>
    `  ${JSON.stringify(it.label)}  [window: ${JSON.stringify(it.window ?? '')}]` +
    ` @ ${Math.round(it.x)},${Math.round(it.y)} ${Math.round(it.w)}x${Math.round(it.h)}`);
  if (items.length > 100) lines.push(`  ... and ${items.length - 100} more`);
  return lines.join('\n');
}

function describeQuery(label, { window: win, exact = true } = {}) {
  return `${JSON.stringify(label)}${exact ? '' : ' (substring)'}${win != null ? ` in window ${JSON.stringify(win)}*` : ''}`;
}

/**
 * Poll until an item with `label` is visible (w>0 && h>0) and return it.
 * @param {{window?: string, exact?: boolean, timeout?: number}} [opts]
 *   window: restrict to items whose window name starts with this prefix.
 */
export async function findItem(page, label, opts = {}) {
  const { timeout = DEFAULT_TIMEOUT } = opts;
  const deadline = Date.now() + timeout;
  let items = [];
  let lastNudge = Date.now();
  for (;;) {
    items = await listItems(page);
    const hits = matchItems(items, label, opts);
    if (hits.length) {
      // Dialogs stack: when the same label is visible on several layers, the one on top is the
      // one a person can click.
      const top = Math.max(...hits.map((h) => h.layer ?? 0));
      return hits.find((h) => (h.layer ?? 0) === top);
    }
    if (Date.now() >= deadline) break;
    // Nothing redraws without input; nudge occasionally in case the UI is stale.
    if (Date.now() - lastNudge >= NUDGE_INTERVAL) {
      await nudgeMouse(page);
      lastNudge = Date.now();
    }
    await sleep(POLL_INTERVAL);
  }
  assert.fail(
    `findItem: no visible item ${describeQuery(label, opts)} within ${timeout} ms.\n` +
    `Items present:\n${describeItems(items)}`,
  );
}

/** Poll until no visible item matches `label` (same options as findItem). */
export async function waitForItemGone(page, label, opts = {}) {
  const { timeout = DEFAULT_TIMEOUT } = opts;
  const deadline = Date.now() + timeout;
  let lastNudge = Date.now();
  let hits = [];
  for (;;) {
    hits = matchItems(await listItems(page), label, opts);
    if (!hits.length) return;
    if (Date.now() >= deadline) break;
    if (Date.now() - lastNudge >= NUDGE_INTERVAL) {
      await nudgeMouse(page);
      lastNudge = Date.now();
    }
    await sleep(POLL_INTERVAL);
  }
  assert.fail(
    `waitForItemGone: item ${describeQuery(label, opts)} still visible after ${timeout} ms:\n` +
    describeItems(hits),
  );
}

/**
 * Call a test-mode hook exported from wasm with string arguments; it answers a malloc'd JSON
 * string. Returns the parsed answer and the frame counter at the time.
 */
export function callHook(page, name, args) {
  return page.evaluate(([name, args]) => {
    const M = window.Module;
    const ptrs = args.map((s) => {
      const n = M.lengthBytesUTF8(s) + 1;
      const p = M._malloc(n);
      M.stringToUTF8(s, p, n);
      return p;
    });
    const out = M[name](...ptrs);
    ptrs.forEach((p) => M._free(p));
    const text = M.UTF8ToString(out);
    M._free(out);
    return { result: JSON.parse(text), frame: (window.__crmTest && window.__crmTest.frame) || 0 };
  }, [name, args]);
}

// ---------------------------------------------------------------------------
// Input

async function canvasOffset(page) {
  const off = await page.evaluate(() => {
    const c = document.querySelector('canvas#canvas') || document.querySelector('canvas');
    if (!c) return null;
    const r = c.getBoundingClientRect();
    return { x: r.left, y: r.top };
  });
  assert.ok(off, 'no <canvas> element found on the page');
  return off;
}

async function moveMouse(page, x, y, steps = 1) {
  const s = stateOf(page);
  await page.mouse.move(x, y, { steps });
  s.mouse = { x, y };
}

/** Move the mouse one pixel to the right and back, so the app draws a frame. */
export async function nudgeMouse(page) {
  const { x, y } = stateOf(page).mouse;
  await page.mouse.move(x + 1, y);
  await page.mouse.move(x, y);
}

/**
 * Wait until the app frame counter advanced by at least `n` from now (or
 * from `opts.from`), nudging the mouse if it stalls for 500 ms.
 * @returns {Promise<number>} the new frame number
 */
export async function waitForFrames(page, n = 1, { from, timeout = DEFAULT_TIMEOUT, nudge = true } = {}) {
  const start = from ?? await getFrame(page);
  const target = start + n;
  const deadline = Date.now() + timeout;
  let lastChange = Date.now();
  let last = start;
  for (;;) {
    const f = await getFrame(page);
    if (f >= target) return f;
    if (f !== last) { last = f; lastChange = Date.now(); }
    if (Date.now() >= deadline) break;
    if (nudge && Date.now() - lastChange >= NUDGE_INTERVAL) {
      await nudgeMouse(page);
      lastChange = Date.now();
    }
    await sleep(20);
  }
  assert.fail(`waitForFrames: frame counter went from ${start} to ${last}, expected >= ${target} within ${timeout} ms`);
}

/**
 * Wait until the app has taken the input sent so far and drawn what it did with it: first a frame
 * drawn after this call that left nothing in ImGui's input queue (ImGui takes queued events a few
 * per frame, so the frame that handles a click can come several frames after the event), then
 * one more frame, because a command handled while a frame is drawn shows in the next one.
 * @returns {Promise<number>} the frame number of the frame that shows the result
 */
export async function waitForInputTaken(page, { timeout = DEFAULT_TIMEOUT } = {}) {
  const start = await getFrame(page);
  const deadline = Date.now() + timeout;
  let lastChange = Date.now();
  let last = start;
  for (;;) {
    const { frame, queued } = await page.evaluate(() => ({
      frame: (window.__crmTest && Number(window.__crmTest.frame)) || 0,
      queued: window.__crmTest ? Number(window.__crmTest.inputQueued ?? 0) : 0,
    }));
    if (frame > start && queued === 0) return waitForFrames(page, 1, { from: frame, timeout });
    if (frame !== last) { last = frame; lastChange = Date.now(); }
    if (Date.now() >= deadline) break;
    if (Date.now() - lastChange >= NUDGE_INTERVAL) {
      await nudgeMouse(page);
      lastChange = Date.now();
    }
    await sleep(20);
  }
  assert.fail(`waitForInputTaken: the app did not take its queued input within ${timeout} ms (frames ${start} to ${last})`);
}

// Where a person clicks an item: the centre of buttons and fields; on the text of wide rows
// (a row spans all table columns, and its centre can fall on a column border's resize handle).
async function itemCentre(page, label, opts) {
  const item = await findItem(page, label, opts);
  const off = await canvasOffset(page);
  const dx = item.w > 240 ? 60 : item.w / 2;
  return { item, x: off.x + item.x + dx, y: off.y + item.y + item.h / 2 };
}

/** Hover the centre of an item and wait for the app to draw the hover. */
// The layout can move between finding an item and the mouse reaching it (a sync status line
// appearing above a button is enough), so the item is looked up again after the move, and the
// mouse follows it until it stays put: a click then lands on the item, not where it was.
export async function hoverItem(page, label, opts = {}) {
  let { x, y } = await itemCentre(page, label, opts);
  for (let attempt = 0; ; attempt++) {
    const before = await getFrame(page);
    await moveMouse(page, x, y, 2);
    await waitForFrames(page, 1, { from: before, timeout: opts.timeout });
    const now = await itemCentre(page, label, opts);
    if (attempt >= 4 || (Math.abs(now.x - x) < 1 && Math.abs(now.y - y) < 1)) return now.item;
    ({ x, y } = now);
  }
}

/**
 * Click the centre of the item with `label` using real mouse events.
 * @param {{window?: string, exact?: boolean, timeout?: number, button?: 'left'|'right'|'middle', pause?: number}} [opts]
 * @returns the item that was clicked
 */
export async function clickItem(page, label, opts = {}) {
  const { button = 'left', pause = 50 } = opts;
  const item = await hoverItem(page, label, opts);
  const before = await getFrame(page);
  await page.mouse.down({ button });
  await sleep(pause);
  await page.mouse.up({ button });
  await waitForFrames(page, 2, { from: before, timeout: opts.timeout });
  await waitForInputTaken(page, { timeout: opts.timeout });
  return item;
}

/** Double-click the centre of the item with `label` (same options as clickItem). */
export async function doubleClickItem(page, label, opts = {}) {
  const { button = 'left', pause = 30 } = opts;
  const item = await hoverItem(page, label, opts);
  const before = await getFrame(page);
  await page.mouse.down({ button, clickCount: 1 });
  await sleep(pause);
  await page.mouse.up({ button, clickCount: 1 });
  await sleep(pause);
  await page.mouse.down({ button, clickCount: 2 });
  await sleep(pause);
  await page.mouse.up({ button, clickCount: 2 });
  await waitForFrames(page, 2, { from: before, timeout: opts.timeout });
  await waitForInputTaken(page, { timeout: opts.timeout });
  return item;
}

/** Type text with real key events (into the focused ImGui widget). */
export async function typeText(page, text, { delay = 30, timeout } = {}) {
  const before = await getFrame(page);
  await page.keyboard.type(text, { delay });
  await waitForFrames(page, 2, { from: before, timeout });
  await waitForInputTaken(page, { timeout });
}

/** Press a key or chord, e.g. 'Enter', 'Tab', 'Control+a'. */
export async function pressKey(page, key, { delay = 30, timeout } = {}) {
  const before = await getFrame(page);
  await page.keyboard.press(key, { delay });
  await waitForFrames(page, 2, { from: before, timeout });
  await waitForInputTaken(page, { timeout });
}

// ---------------------------------------------------------------------------
// Artifacts

/** Save a screenshot to <repo>/test-results/<name>.png and return its path. */
export async function screenshot(page, name) {
  const dir = path.join(REPO_ROOT, 'test-results');
  fs.mkdirSync(dir, { recursive: true });
  const safe = String(name).replace(/\.png$/i, '').replace(/[^A-Za-z0-9._-]+/g, '_') || 'screenshot';
  const file = path.join(dir, `${safe}.png`);
  await page.screenshot({ path: file });
  return file;
}
