// Fonts: the Traditional Chinese face is a separate file fetched only when the app needs it (an
// English start with Latin-only data never asks for it; Chinese text arriving through an import,
// or the zh-Hant language, does), the glyphs are drawn once it arrives (the rendering of the same
// row changes, and the app's glyph check lists exactly the one character outside the subset),
// screenshots at device pixel ratios 1, 1.5, 2 and 3, and the file is cached for offline starts
// and carried into the next build's cache on update.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from '../../scripts/serve.mjs';
import { clickItem, findItem, getTestState, openApp, screenshot, webDir, REPO_ROOT } from './harness.mjs';
import { createTask, exportFile, importFile, localToday, saved, signIn, useBrowserAndServer, waitForState } from './app_actions.mjs';

const suite = useBrowserAndServer();
const VIEWPORT = { viewport: { width: 1400, height: 850 }, timezoneId: 'Asia/Taipei', acceptDownloads: true };
const RESULTS = path.join(REPO_ROOT, 'test-results');
const FONT_FILE = 'fonts/NotoSansCJKtc-subset.otf';
const EXT_A = '\u3400';  // CJK Extension A: deliberately not in the subset (see CMakeLists.txt)

// Requests for the CJK font made by the pages of `context` (the service worker's own are not
// counted: at a first visit the page fetches the file again through the worker, see
// crm_platform.js, and the app's own count is in the test state as fonts.fetches).
function watchFontRequests(context) {
  const urls = [];
  context.on('request', (r) => { if (r.url().includes(FONT_FILE) && !r.serviceWorker()) urls.push(r.url()); });
  return urls;
}

// The pixels of an item's rectangle (CSS px relative to the canvas) as PNG bytes.
async function itemPixels(page, item) {
  const box = await page.locator('canvas').boundingBox();
  return page.screenshot({ clip: { x: box.x + item.x, y: box.y + item.y, width: item.w, height: item.h } });
}

const fontsOf = async (page) => (await getTestState(page)).fonts;

test('an English start with Latin-only data never fetches the Chinese font', async () => {
  const context = await suite.browser.newContext(VIEWPORT);
  const requests = watchFontRequests(context);
  const page = await openApp(context, suite.server.url);
  await signIn(page, 'Anna Kowalska');
  await findItem(page, '+ New activity');
  const fonts = await fontsOf(page);
  assert.equal(fonts.cjk, 'none');
  assert.equal(fonts.cjkGlyphs, 0);
  assert.ok(fonts.glyphs > 300, 'the Latin base set (ASCII, Latin-1, Latin Extended-A, punctuation)');
  assert.equal(fonts.fetches, 0);
  assert.deepEqual(requests, []);
  await screenshot(page, 'fonts-english-latin-only');
  await context.close();
});

test('Chinese text in imported data fetches the font once, and the glyphs are drawn when it arrives', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-fonts-'));
  const context = await suite.browser.newContext(VIEWPORT);
  const requests = watchFontRequests(context);
  // Hold the font's response until the test has seen the row without it.
  let release;
  const gate = new Promise((r) => { release = r; });
  await context.route(`**/${FONT_FILE}`, async (route) => { await gate; await route.continue(); });
  const page = await openApp(context, suite.server.url);
  await signIn(page, 'Anna Kowalska');
  const stamp = Date.now();
  const latin = `Font check ${stamp}`;
  await createTask(page, latin, await localToday(page));
  await saved(page);
  assert.deepEqual(requests, [], 'no Chinese text yet: no font request');

  const file = await exportFile(page, dir);
  const data = JSON.parse(fs.readFileSync(file, 'utf8'));
  const task = data.activities.find((x) => x.subject === latin);
  const subject = `與客戶開會 ${stamp}`;
  task.subject = subject;
  task.description = `Zażółć gęślą jaźń. 會議記錄：討論報價與交期。 ${EXT_A}`;
  fs.writeFileSync(file, JSON.stringify(data));
  await importFile(page, file, { confirm: true });
  await waitForState(page, (s) => s.fonts.cjk === 'loading', 'the font being fetched');
  await clickItem(page, 'Activities');
  const row = await findItem(page, subject);
  const before = await itemPixels(page, row);
  await screenshot(page, 'fonts-cjk-before-font');
  assert.ok((await fontsOf(page)).missingCjkCount > 0, 'the ideographs are not in the atlas yet');

  release();
  const ready = await waitForState(page, (s) => s.fonts.cjk === 'ready' && s.fonts.missingCjkCount === 1, 'the font in the atlas');
  // Every character of the subject and description is in the atlas except the one Extension A
  // character, which is outside the subset on purpose.
  assert.deepEqual(ready.fonts.missingCjk, [EXT_A.codePointAt(0)]);
  assert.ok(ready.fonts.cjkGlyphs > 10, `Chinese characters collected: ${ready.fonts.cjkGlyphs}`);
  const rowAfter = await findItem(page, subject);
  assert.deepEqual([rowAfter.x, rowAfter.y, rowAfter.w, rowAfter.h], [row.x, row.y, row.w, row.h], 'the row did not move');
  const after = await itemPixels(page, rowAfter);
  await screenshot(page, 'fonts-cjk-after-font');
  assert.notDeepEqual(after, before, 'the row is drawn with the Chinese glyphs once the font is there');
  assert.equal(ready.fonts.fetches, 1, 'the app fetched the file once');
  assert.ok(requests.length >= 1);

  // The same screen at device pixel ratios 1, 1.5, 2 and 3: the atlas is rebuilt at each ratio.
  const cdp = await context.newCDPSession(page);
  for (const dpr of [1, 1.5, 2, 3]) {
    const rebuilds = (await fontsOf(page)).rebuilds;
    await cdp.send('Emulation.setDeviceMetricsOverride', { width: 1400, height: 850, deviceScaleFactor: dpr, mobile: false });
    if (dpr !== 1) await waitForState(page, (s) => s.fonts.rebuilds > rebuilds, `the atlas rebuilt at ${dpr}x`);
    const s = await waitForState(page, (st) => st.fonts.cjk === 'ready', 'fonts ready');
    assert.equal(s.fonts.missingCjkCount, 1, `all but the Extension A character drawn at ${dpr}x`);
    assert.ok(s.fonts.quadsSeen > 500, `glyph quads found for snapping at ${dpr}x: ${s.fonts.quadsSeen}`);
    console.log(`# ${dpr}x: atlas ${s.fonts.atlasWidth}x${s.fonts.atlasHeight}, ${s.fonts.atlasGlyphs} glyphs in ${s.fonts.lastBuildMs} ms, ` +
                `${s.fonts.quadsMoved} of ${s.fonts.quadsSeen} glyph quads moved onto device pixels`);
    assert.equal(await page.evaluate(() => window.devicePixelRatio), dpr);
    const item = await findItem(page, subject);
    // Captured through CDP at the emulated ratio (page.screenshot would scale to the context's 1x).
    const name = `fonts-dpr-${String(dpr).replace('.', '_')}`;
    const shot = await cdp.send('Page.captureScreenshot', { format: 'png' });
    fs.writeFileSync(path.join(RESULTS, `${name}.png`), Buffer.from(shot.data, 'base64'));
    // A strip around the Chinese row (Polish and Latin rows above and below) to look at closely.
    const box = await page.locator('canvas').boundingBox();
    const strip = await cdp.send('Page.captureScreenshot', {
      format: 'png', clip: { x: box.x + item.x - 140, y: box.y + item.y - 60, width: 700, height: 110, scale: 1 },
    });
    fs.writeFileSync(path.join(RESULTS, `${name}-strip.png`), Buffer.from(strip.data, 'base64'));
  }
  assert.equal((await fontsOf(page)).fetches, 1, 'changing the ratio does not fetch the font again');
  await context.close();
});

test('the zh-Hant language fetches the font at start, it is cached for an offline start and kept by the next build', async () => {
  // A copy of the build, so the test can publish a "new build" without touching the real one.
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-fonts-build-'));
  fs.cpSync(webDir(), root, { recursive: true });
  const server = await startServer({ root, port: 0, host: '127.0.0.1' });
  const context = await suite.browser.newContext(VIEWPORT);
  try {
    const requests = watchFontRequests(context);
    const page = await openApp(context, server.url, { query: { lang: 'zh-Hant' } });
    const zh = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'assets', 'i18n', 'zh-Hant.json'), 'utf8'));
    await signIn(page, 'Anna Kowalska', zh['Welcome to Activities']);
    await waitForState(page, (s) => s.fonts.cjk === 'ready' && s.fonts.missingCjkCount === 0, 'the font loaded', 30_000);
    assert.ok(requests.length >= 1);
    // The worker keeps the file once fetched (the app fetches it again through the worker when
    // the first fetch happened before the worker took over the page).
    const cached = (p) => p.evaluate(async (name) => {
      const hit = await caches.match(name);
      return hit ? (await hit.arrayBuffer()).byteLength : 0;
    }, FONT_FILE);
    const size = fs.statSync(path.join(root, FONT_FILE)).size;
    const deadline = Date.now() + 30_000;
    while ((await cached(page)) !== size) {
      assert.ok(Date.now() < deadline, 'the service worker did not cache the font');
      await page.waitForTimeout(200);
    }
    await context.setOffline(true);
    await page.reload();
    await waitForState(page, (s) => s.ready && s.fonts.cjk === 'ready', 'offline start with the font', 30_000);
    await screenshot(page, 'fonts-zh-hant-offline');
    await context.setOffline(false);

    // A new build: its worker installs beside the running one and brings the font along, so
    // taking the update and going offline again still draws Chinese.
    fs.appendFileSync(path.join(root, 'app.js'), '\n// new build\n');
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'finish-web-build.mjs'), root, REPO_ROOT]);
    const newVersion = fs.readFileSync(path.join(root, 'sw.js'), 'utf8').match(/const VERSION = '([0-9a-f]{16})'/)[1];
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    const banner = page.locator('#update');
    await banner.waitFor({ state: 'visible', timeout: 30_000 });
    const fontInNewCache = await page.evaluate(async ([name, version]) => {
      const hit = await (await caches.open('activities-' + version)).match(name);
      return hit ? (await hit.arrayBuffer()).byteLength : 0;
    }, [FONT_FILE, newVersion]);
    assert.equal(fontInNewCache, size, 'the new build\'s cache holds the font before it takes over');
    const navigation = page.waitForEvent('framenavigated');
    await page.locator('#update-reload').click();
    await navigation;
    await waitForState(page, (s) => s.ready, 'the app restarted on the new build', 30_000);
    assert.deepEqual(await page.evaluate(() => caches.keys()), [`activities-${newVersion}`]);
    await context.setOffline(true);
    await page.reload();
    await waitForState(page, (s) => s.ready && s.fonts.cjk === 'ready', 'offline start on the new build with the font', 30_000);
  } finally {
    await context.close();
    await server.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
