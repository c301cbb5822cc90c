// Embedding in an intranet page: the example host page mounts the app in an iframe through
// embed.js with start-up parameters; a JSON config file adds settings (a sync password may only
// come from there); a broken config file is reported while the app still starts.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from '../../scripts/serve.mjs';
import { launchBrowser, screenshot, webDir } from './harness.mjs';

let browser;
let server;
let root;
test.before(async () => {
  browser = await launchBrowser();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-embed-'));
  fs.cpSync(webDir(), root, { recursive: true });
  fs.writeFileSync(path.join(root, 'team.json'), JSON.stringify({ user: 'Marek Nowak', view: 'calendar', syncUser: 'marek', syncPassword: 'from-file' }));
  fs.writeFileSync(path.join(root, 'broken.json'), '{ "user": ');
  server = await startServer({ root, port: 0, host: '127.0.0.1' });
});
test.after(async () => {
  await browser?.close();
  await server?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

async function appFrame(page) {
  const handle = await page.waitForSelector('#activities iframe', { timeout: 30_000 });
  const frame = await handle.contentFrame();
  await frame.waitForFunction(() => window.__crmTest && window.__crmTest.ready && window.__crmTest.user !== '', null, { timeout: 30_000 });
  return frame;
}

test('the example host page mounts the app signed in and on the board', async () => {
  const context = await browser.newContext({ viewport: { width: 1300, height: 850 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/embed-example.html?user=${encodeURIComponent('Sarah Johnson')}&view=kanban&test=1`);
  const frame = await appFrame(page);
  assert.equal(await frame.evaluate(() => window.crmConfig.user), 'Sarah Johnson');
  assert.equal(await frame.evaluate(() => window.__crmTest.user), 'Sarah Johnson');
  await page.mouse.move(600, 400);  // frames are drawn on input
  await screenshot(page, 'embed-example-kanban');
  // The board is showing: its lanes are items of the page.
  const labels = await frame.evaluate(() => window.__crmTest.items.map((i) => i.label));
  assert.ok(labels.includes('lane Completed'), `a Completed lane among ${labels.slice(0, 40).join(' | ')}`);
  await context.close();
});

test('a JSON config file sets the user, view and sync password; URL parameters win; a password in the URL is ignored', async () => {
  const context = await browser.newContext({ viewport: { width: 1300, height: 850 } });
  const page = await context.newPage();
  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  await page.goto(`${server.url}/?test=1&config=team.json&view=grid&syncPassword=in-url`);
  await page.waitForFunction(() => window.__crmTest && window.__crmTest.ready && window.__crmTest.user !== '', null, { timeout: 30_000 });
  const config = await page.evaluate(() => window.crmConfig);
  assert.equal(config.user, 'Marek Nowak');
  assert.equal(config.view, 'grid', 'the URL parameter wins over the file');
  assert.equal(config.syncPassword, 'from-file', 'the password comes from the file, not the URL');
  assert.ok(warnings.some((w) => w.includes('syncPassword in the URL is ignored')));
  assert.equal(await page.evaluate(() => window.__crmTest.user), 'Marek Nowak');
  await context.close();
});

test('a broken config file is named in a message and the app still starts', async () => {
  const context = await browser.newContext({ viewport: { width: 1300, height: 850 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/?test=1&config=broken.json&user=${encodeURIComponent('David Lee')}`);
  await page.waitForFunction(() => window.__crmTest && window.__crmTest.ready, null, { timeout: 30_000 });
  assert.match(await page.evaluate(() => window.crmConfigError), /"broken.json" could not be used \(.*(JSON|Unexpected).*\)/);
  assert.equal(await page.evaluate(() => window.__crmTest.user), 'David Lee');
  // The app shows the message itself, in its status bar.
  assert.match(await page.evaluate(() => window.__crmTest.notice), /broken\.json/);
  await context.close();
});
