// Embedding in an intranet page: the example host page mounts the app in an iframe through
// embed.js with start-up parameters; so do host pages on another origin and on another site; a
// JSON config file adds settings (a sync password may only come from there); a broken, missing
// or foreign config file is reported while the app still starts.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from '../../scripts/serve.mjs';
import { launchBrowser, screenshot, webDir } from './harness.mjs';

let browser;
let server;
let hostServer;
let root;
let hostRoot;
test.before(async () => {
  browser = await launchBrowser();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-embed-'));
  fs.cpSync(webDir(), root, { recursive: true });
  fs.writeFileSync(path.join(root, 'team.json'), JSON.stringify({ user: 'Marek Nowak', view: 'calendar', syncUser: 'marek', syncPassword: 'from-file' }));
  fs.writeFileSync(path.join(root, 'broken.json'), '{ "user": ');
  server = await startServer({ root, port: 0, host: '127.0.0.1' });
  // An intranet page on another site (localhost vs 127.0.0.1) that includes embed.js from the app.
  hostRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-host-'));
  fs.writeFileSync(path.join(hostRoot, 'index.html'), `<!doctype html><meta charset="utf-8"><title>Intranet</title>
<h1>Intranet</h1><div id="activities" style="width: 1100px; height: 700px"></div>
<script src="${server.url}embed.js"></script><script src="host.js"></script>`);
  fs.writeFileSync(path.join(hostRoot, 'host.js'), `window.mounted = ActivitiesCRM.mount(document.getElementById('activities'),
  { src: ${JSON.stringify(server.url)}, user: 'David Lee', view: 'calendar', lang: 'en', syncUser: 'david', params: { test: '1' } });
window.refused = ActivitiesCRM.mount(document.createElement('div'), { src: ${JSON.stringify(server.url)}, user: 'x', syncPassword: 'secret' });`);
  hostServer = await startServer({ root: hostRoot, port: 0, host: '127.0.0.1' });
});
test.after(async () => {
  await browser?.close();
  await server?.close();
  await hostServer?.close();
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(hostRoot, { recursive: true, force: true });
});

async function appFrame(page) {
  const handle = await page.waitForSelector('#activities iframe', { timeout: 30_000 });
  const frame = await handle.contentFrame();
  await frame.waitForFunction(() => window.__crmTest && window.__crmTest.ready && window.__crmTest.user !== '', null, { timeout: 30_000 });
  return frame;
}

// Every text the page's #status element shows, from the first moment (the app clears it once it runs).
const recordStatus = (context) => context.addInitScript(() => {
  window.__statusTexts = [];
  let last = null;
  new MutationObserver(() => {
    const el = document.getElementById('status');
    const seen = el && JSON.stringify({ text: el.textContent, error: el.className === 'error' });
    if (seen && seen !== last) window.__statusTexts.push(JSON.parse(seen));
    last = seen;
  }).observe(document, { childList: true, characterData: true, subtree: true, attributes: true });
});

test('the example host page mounts the app signed in and on the board', async () => {
  const context = await browser.newContext({ viewport: { width: 1300, height: 850 } });
  const page = await context.newPage();
  await page.goto(`${server.url}embed-example.html?user=${encodeURIComponent('Sarah Johnson')}&view=kanban&test=1`);
  const frame = await appFrame(page);
  assert.deepEqual(await frame.evaluate(() => window.crmConfig), { user: 'Sarah Johnson', view: 'kanban', test: '1' });
  assert.equal(await frame.evaluate(() => window.__crmTest.user), 'Sarah Johnson');
  await page.mouse.move(600, 400);  // frames are drawn on input
  await screenshot(page, 'embed-example-kanban');
  // The board is showing: its lanes are items of the page.
  const labels = await frame.evaluate(() => window.__crmTest.items.map((i) => i.label));
  assert.ok(labels.includes('lane Completed'), `a Completed lane among ${labels.slice(0, 40).join(' | ')}`);
  await context.close();
});

// The host page on another origin of the same site (like intranet.corp.example embedding
// crm.corp.example; ports do not make another site), then on another site altogether.
for (const [where, hostName] of [['another origin of the same site', '127.0.0.1'], ['another site', 'localhost']]) {
  test(`a host page on ${where} mounts the app with embed.js; a sync password is refused`, async () => {
    const context = await browser.newContext({ viewport: { width: 1300, height: 850 } });
    const page = await context.newPage();
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(hostServer.url.replace('127.0.0.1', hostName));
    const frame = await appFrame(page);
    assert.equal(new URL(frame.url()).origin, new URL(server.url).origin);
    assert.deepEqual(await frame.evaluate(() => window.crmConfig),
      { user: 'David Lee', view: 'calendar', lang: 'en', syncUser: 'david', test: '1' });
    assert.equal(await frame.evaluate(() => window.__crmTest.user), 'David Lee');
    const box = await page.locator('#activities iframe').boundingBox();
    assert.deepEqual([box.width, box.height], [1100, 700], 'the iframe fills the element');
    if (hostName === '127.0.0.1') {
      // Same site: the embedded app keeps its data and starts offline like the app itself.
      await frame.waitForFunction(() => window.__crmTest.save === 'saved', null, { timeout: 30_000 });
      await frame.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    } else {
      // Another site: with third-party storage blocked (as in this context) Chromium refuses the
      // frame IndexedDB and service workers; the app still runs, in memory, and says so.
      assert.ok(['saved', 'unavailable'].includes(await frame.evaluate(() => window.__crmTest.save)));
    }
    // The password: no iframe, and a console error that says what to do instead.
    assert.equal(await page.evaluate(() => window.refused), null);
    assert.ok(errors.some((e) => /syncPassword is refused.*JSON config file/.test(e)), errors.join('\n'));
    assert.equal(await page.locator('iframe').count(), 1);
    await context.close();
  });
}

test('a JSON config file sets the user, view and sync password; URL parameters win; a password in the URL is ignored', async () => {
  const context = await browser.newContext({ viewport: { width: 1300, height: 850 } });
  const page = await context.newPage();
  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  await page.goto(`${server.url}?test=1&config=team.json&view=grid&syncPassword=in-url`);
  await page.waitForFunction(() => window.__crmTest && window.__crmTest.ready && window.__crmTest.user !== '', null, { timeout: 30_000 });
  const config = await page.evaluate(() => window.crmConfig);
  assert.deepEqual(config, { test: '1', view: 'grid', user: 'Marek Nowak', syncUser: 'marek', syncPassword: 'from-file' },
    'the URL parameter wins over the file; the password comes from the file, not the URL');
  assert.ok(warnings.some((w) => w.includes('syncPassword in the URL is ignored')));
  assert.equal(await page.evaluate(() => window.__crmTest.user), 'Marek Nowak');
  await context.close();
});

test('the example host page passes a config file on to the app', async () => {
  const context = await browser.newContext({ viewport: { width: 1300, height: 850 } });
  const page = await context.newPage();
  await page.goto(`${server.url}embed-example.html?config=team.json&test=1`);
  const frame = await appFrame(page);
  // embed-example.js defaults user and view; the file's password still arrives.
  const config = await frame.evaluate(() => window.crmConfig);
  assert.equal(config.syncPassword, 'from-file');
  assert.equal(config.syncUser, 'marek');
  assert.ok(!new URL(frame.url()).searchParams.has('syncPassword'));
  await context.close();
});

for (const [name, file, problem] of [
  ['a broken', 'broken.json', /"broken\.json" could not be used \(.*(JSON|Unexpected).*\)/],
  ['a missing', 'missing.json', /"missing\.json" could not be used \(HTTP 404/],
  ['a foreign', 'http://localhost:9/team.json', /could not be used \(it is not on this app's origin/],
]) {
  test(`${name} config file is named in a message and the app still starts`, async () => {
    const context = await browser.newContext({ viewport: { width: 1300, height: 850 } });
    await recordStatus(context);
    const page = await context.newPage();
    await page.goto(`${server.url}?test=1&config=${encodeURIComponent(file)}&user=${encodeURIComponent('David Lee')}`);
    await page.waitForFunction(() => window.__crmTest && window.__crmTest.ready, null, { timeout: 30_000 });
    assert.match(await page.evaluate(() => window.crmConfigError), problem);
    const shown = await page.evaluate(() => window.__statusTexts);
    assert.ok(shown.some((s) => s.error && problem.test(s.text)), `#status showed it: ${JSON.stringify(shown)}`);
    assert.equal(await page.evaluate(() => window.__crmTest.user), 'David Lee', 'the URL parameters still apply');
    // The app shows the message itself, in its status bar.
    assert.match(await page.evaluate(() => window.__crmTest.notice), problem);
    await context.close();
  });
}
