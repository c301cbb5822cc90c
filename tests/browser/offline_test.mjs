// Offline start and updates through the service worker: after one visit the app starts with the
// network off; only the app's own files come from the worker (never the sync server's origin); a
// new build is installed beside the running one and offered with "Update ready", a half-deployed
// build is not installed at all, and taking the update leaves only the new build's cache.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from '../../scripts/serve.mjs';
import { REPO_ROOT, getTestState, launchBrowser, openApp, screenshot, webDir } from './harness.mjs';
import { waitForState } from './app_actions.mjs';

let browser;
test.before(async () => { browser = await launchBrowser(); });
test.after(async () => { await browser?.close(); });

const controlled = (page) => page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
const versionIn = (root) => fs.readFileSync(path.join(root, 'sw.js'), 'utf8').match(/const VERSION = '([0-9a-f]{16})'/)[1];

// Asks the browser for the worker script now; resolves with the new worker's final state
// ('installed': waiting for the user; 'redundant': refused), or 'unchanged'.
const checkForUpdate = (page) => page.evaluate(async () => {
  const registration = await navigator.serviceWorker.getRegistration();
  let worker = null;
  registration.addEventListener('updatefound', () => { worker = registration.installing; }, { once: true });
  await registration.update();
  await new Promise((resolve) => setTimeout(resolve, 100));
  if (!worker) return 'unchanged';
  if (worker.state !== 'installing') return worker.state;
  return new Promise((resolve) => worker.addEventListener('statechange', () => {
    if (worker.state !== 'installing') resolve(worker.state);
  }));
});

// What the build script does after a link: icons, static files, sw.js with the files' hash.
const finishBuild = (root) => execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'finish-web-build.mjs'), root, REPO_ROOT]);

test('after one visit the app starts offline; a new build offers an update that replaces the cache', async () => {
  // A copy of the build, so this test can publish a "new build" without touching the real one.
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-build-'));
  fs.cpSync(webDir(), root, { recursive: true });
  const server = await startServer({ root, port: 0, host: '127.0.0.1' });
  const other = await startServer({ root, port: 0, host: '127.0.0.1' });  // another origin, like a sync server
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  try {
    const oldVersion = versionIn(root);
    const page = await openApp(context, server.url);
    await controlled(page);
    assert.deepEqual(await page.evaluate(() => caches.keys()), [`activities-${oldVersion}`]);
    assert.equal(await page.locator('#update').isHidden(), true, 'no update banner on the first install');

    // Under the worker: the app's files come from its cache, anything else from the network.
    const responses = new Map();
    page.on('response', (r) => responses.set(r.url(), r.fromServiceWorker()));
    await page.reload();
    await waitForState(page, (s) => s.ready, 'the app restarted under the worker', 30_000);
    await page.evaluate(async (o) => {
      await (await fetch('licenses/imgui-LICENSE.txt')).text();
      await (await fetch(`${o}manifest.webmanifest`, { mode: 'no-cors' })).blob();
    }, other.url);
    for (const f of ['', 'app.js', 'app.wasm', 'shell.js']) {
      const url = [...responses.keys()].find((u) => u.split('?')[0] === server.url + f);
      assert.ok(url, `${f || 'the page'} was requested`);
      assert.equal(responses.get(url), true, `${f || 'the page'} came from the worker's cache`);
    }
    assert.equal(responses.get(`${server.url}licenses/imgui-LICENSE.txt`), false, 'other files of the origin: network');
    assert.equal(responses.get(`${other.url}manifest.webmanifest`), false, 'another origin: never the worker');

    // Network off: the app still starts, with whatever query the page is opened with.
    await context.setOffline(true);
    const failed = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    await page.reload();
    await waitForState(page, (s) => s.ready && s.items.length > 0, 'the app started with the network off', 30_000);
    await page.goto(`${server.url}?test=1&view=kanban`);
    await waitForState(page, (s) => s.ready && s.items.some((i) => i.label === 'lane Completed'),
      'the board opened with the network off', 30_000);
    assert.deepEqual(failed.filter((u) => u.startsWith(server.url)), [], 'every file the app needs is cached');
    await screenshot(page, 'offline-start');
    await context.setOffline(false);

    // A half-deployed new build (its sw.js is up, its app.js not yet): the worker refuses to
    // install it, so no banner and the running build's cache stays.
    const appJs = path.join(root, 'app.js');
    const oldAppJs = fs.readFileSync(appJs);
    fs.appendFileSync(appJs, '\n// new build\n');
    finishBuild(root);
    const newVersion = versionIn(root);
    assert.notEqual(newVersion, oldVersion);
    fs.writeFileSync(appJs, oldAppJs);
    assert.equal(await checkForUpdate(page), 'redundant', 'a mix of two builds is not installed');
    // The refused worker deletes its cache as it fails; on a loaded machine the page may look
    // before that deletion is visible to it, so it looks again for a few seconds.
    let keys = [];
    for (let i = 0; i < 50; i++) {
      keys = await page.evaluate(() => caches.keys());
      if (keys.length === 1) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(keys, [`activities-${oldVersion}`]);
    assert.equal(await page.locator('#update').isHidden(), true);

    // The deploy completes: the new build installs and waits; the page offers it.
    fs.appendFileSync(appJs, '\n// new build\n');
    assert.equal(await checkForUpdate(page), 'installed');
    const banner = page.locator('#update');
    await banner.waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await banner.getAttribute('role'), 'status');
    assert.equal(await banner.getAttribute('aria-live'), 'polite');
    assert.match(await banner.innerText(), /Update ready/);
    await page.locator('#update-reload').focus();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'update-reload', 'the button takes keyboard focus');
    assert.equal((await getTestState(page)).ready, true, 'the running app keeps running meanwhile');
    await screenshot(page, 'offline-update-ready');

    const navigation = page.waitForEvent('framenavigated');
    await page.locator('#update-reload').click();  // a real mouse click on the banner's button
    await navigation;
    await waitForState(page, (s) => s.ready, 'the app restarted on the new build', 30_000);
    await controlled(page);
    assert.equal(await page.locator('#update').isHidden(), true, 'no banner after the update');
    assert.deepEqual(await page.evaluate(() => caches.keys()), [`activities-${newVersion}`]);
    const newAppJs = await page.evaluate(async () => (await (await caches.match('app.js')).text()).endsWith('// new build\n'));
    assert.ok(newAppJs, 'the new build\'s app.js is the cached one');
  } finally {
    await context.close();
    await server.close();
    await other.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('the manifest and icons make the app installable', async () => {
  const server = await startServer({ root: webDir(), port: 0, host: '127.0.0.1' });
  try {
    const manifest = await (await fetch(`${server.url}manifest.webmanifest`)).json();
    assert.equal(manifest.name, 'Activities');
    assert.equal(manifest.display, 'standalone');
    assert.equal(manifest.start_url, '.');
    for (const icon of manifest.icons) {
      const r = await fetch(new URL(icon.src, server.url));
      assert.equal(r.headers.get('content-type'), 'image/png');
      const bytes = Buffer.from(await r.arrayBuffer());
      assert.equal(bytes.subarray(1, 4).toString(), 'PNG');
      assert.equal(`${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`, icon.sizes);
    }
    assert.ok(manifest.icons.some((i) => i.sizes === '192x192'));
    assert.ok(manifest.icons.some((i) => i.sizes === '512x512' && !i.purpose));
    assert.ok(manifest.icons.some((i) => i.purpose === 'maskable'));
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}?test=1`);
    assert.equal(await page.evaluate(() => document.querySelector('link[rel=manifest]').href), `${server.url}manifest.webmanifest`);
    await page.context().close();
  } finally {
    await server.close();
  }
});
