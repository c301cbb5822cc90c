// Offline start and updates through the service worker: after one visit the app starts with the
// network off; a new build is installed beside the running one and offered with "Update ready",
// and taking it leaves only the new build's cache.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from '../../scripts/serve.mjs';
import { getTestState, launchBrowser, openApp, screenshot, webDir } from './harness.mjs';
import { waitForState } from './app_actions.mjs';

let browser;
test.before(async () => { browser = await launchBrowser(); });
test.after(async () => { await browser?.close(); });

const controlled = (page) => page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });

test('after one visit the app starts offline; a new build offers an update that replaces the cache', async () => {
  // A copy of the build, so this test can publish a "new build" without touching the real one.
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-build-'));
  fs.cpSync(webDir(), root, { recursive: true });
  const server = await startServer({ root, port: 0, host: '127.0.0.1' });
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  try {
    const page = await openApp(context, server.url);
    await controlled(page);
    const firstCaches = await page.evaluate(() => caches.keys());
    assert.equal(firstCaches.length, 1);
    assert.match(firstCaches[0], /^activities-[0-9a-f]{16}$/);
    assert.equal(await page.locator('#update').isHidden(), true, 'no update banner on the first install');

    await context.setOffline(true);
    await page.reload();
    await waitForState(page, (s) => s.ready, 'the app started with the network off', 30_000);
    const url = new URL(page.url());
    const fromCache = await page.evaluate(async (u) => !!(await caches.match(u, { ignoreSearch: true })), url.origin + '/');
    assert.ok(fromCache, 'the page is in the cache');
    await context.setOffline(false);

    // A new build: another version string, another app.js.
    const swPath = path.join(root, 'sw.js');
    fs.writeFileSync(swPath, fs.readFileSync(swPath, 'utf8').replace(/const VERSION = '[0-9a-f]+'/, "const VERSION = '00000000feedbeef'"));
    fs.appendFileSync(path.join(root, 'app.js'), '\n// new build\n');
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
    await page.locator('#update').waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, 'offline-update-ready');
    const navigation = page.waitForEvent('framenavigated');
    await page.locator('#update-reload').click();  // a real mouse click on the banner's button
    await navigation;
    await waitForState(page, (s) => s.ready, 'the app restarted on the new build', 30_000);
    await controlled(page);
    assert.deepEqual(await page.evaluate(() => caches.keys()), ['activities-00000000feedbeef']);
    const appJs = await page.evaluate(async () => (await (await caches.match('app.js')).text()).endsWith('// new build\n'));
    assert.ok(appJs, 'the new build\'s app.js is the cached one');
    assert.equal((await getTestState(page)).ready, true);
  } finally {
    await context.close();
    await server.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('the manifest and icons make the app installable', async () => {
  const server = await startServer({ root: webDir(), port: 0, host: '127.0.0.1' });
  try {
    const manifest = await (await fetch(`${server.url}/manifest.webmanifest`)).json();
    assert.equal(manifest.display, 'standalone');
    assert.equal(manifest.start_url, './');
    for (const icon of manifest.icons) {
      const r = await fetch(new URL(icon.src, `${server.url}/`));
      assert.equal(r.headers.get('content-type'), 'image/png');
      const bytes = Buffer.from(await r.arrayBuffer());
      assert.equal(bytes.subarray(1, 4).toString(), 'PNG');
      assert.equal(`${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`, icon.sizes);
    }
    assert.ok(manifest.icons.some((i) => i.purpose === 'maskable'));
  } finally {
    await server.close();
  }
});
