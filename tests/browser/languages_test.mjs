// The UI in English, Polish and Traditional Chinese: the language follows the browser at first,
// can be switched at run time in Settings, survives a reload, and leaves no English on a
// translated screen. Screens are compared against the catalogs themselves: a label drawn on a
// Polish screen that is an English source string with a different Polish translation is English
// left behind. Screenshots of the grid and the activity dialog go to test-results/.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openApp, clickItem, findItem, listItems, screenshot, REPO_ROOT } from './harness.mjs';
import { useBrowserAndServer, waitForState, saved, signIn } from './app_actions.mjs';

const suite = useBrowserAndServer();
const catalog = (code) => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'assets', 'i18n', `${code}.json`), 'utf8'));
const CATALOGS = { pl: catalog('pl'), 'zh-Hant': catalog('zh-Hant') };

const welcomeTitle = (code) => (code === 'en' ? 'Welcome to Activities' : CATALOGS[code]['Welcome to Activities']);

// Registry labels that are English source strings although the catalog translates them.
async function englishLeft(page, code) {
  const items = await listItems(page);
  const table = CATALOGS[code];
  const left = new Set();
  for (const it of items) {
    const value = table[it.label];
    const translation = Array.isArray(value) ? value[0] : value;
    if (translation && translation !== it.label) left.add(it.label);
  }
  return [...left];
}

async function openIn(locale, query) {
  const context = await suite.browser.newContext({ viewport: { width: 1400, height: 850 }, locale, timezoneId: 'Europe/Warsaw' });
  const page = await openApp(context, suite.server.url, { query });
  return { context, page };
}

test('the language follows the browser: pl-PL opens in Polish, zh-TW in Traditional Chinese, en-US in English', async () => {
  for (const [locale, code, navLabel] of [['pl-PL', 'pl', CATALOGS.pl['Activities']], ['zh-TW', 'zh-Hant', CATALOGS['zh-Hant']['Activities']], ['en-US', 'en', 'Activities']]) {
    const { context, page } = await openIn(locale);
    const state = await waitForState(page, (s) => s.language === code, `language ${code} for ${locale}`);
    assert.equal(state.language, code);
    assert.equal(await page.evaluate(() => document.documentElement.lang), code, '<html lang> follows the UI language');
    // the page's own texts too: the canvas's name and the (hidden until needed) update banner
    const expected = (key) => (code === 'en' ? key : CATALOGS[code][key]);
    const texts = await page.evaluate(() => ({ canvas: document.getElementById('canvas').getAttribute('aria-label'),
      banner: document.getElementById('update').firstChild.textContent, reload: document.getElementById('update-reload').textContent }));
    assert.deepEqual(texts, { canvas: expected('Activities'), banner: expected('Update ready — a new version of Activities is installed.'),
      reload: expected('Reload') });
    await signIn(page, 'Anna Kowalska', welcomeTitle(code));
    await findItem(page, navLabel);
    await context.close();
  }
});

for (const code of ['pl', 'zh-Hant']) {
  test(`${code}: the Activities grid and the activity dialog show no English`, async () => {
    const { context, page } = await openIn('en-US', { lang: code });
    await waitForState(page, (s) => s.language === code, `language ${code}`);
    await signIn(page, 'Anna Kowalska', welcomeTitle(code));
    const t = CATALOGS[code];
    await findItem(page, t['Mark complete']);
    assert.deepEqual(await englishLeft(page, code), [], 'English labels on the grid');
    // Every character of the drawn labels and grid cells is in the font atlas (no tofu); for
    // Chinese, once the lazily fetched font has arrived.
    const fonts = (await waitForState(page, (s) => s.fonts.cjk !== 'loading' && s.fonts.unrenderedOnScreenCount === 0,
      'every character on screen drawable', 30_000)).fonts;
    assert.deepEqual(fonts.unrenderedOnScreen, []);
    if (code === 'zh-Hant') assert.equal(fonts.cjk, 'ready');
    await screenshot(page, `language-${code}-grid`);

    await clickItem(page, t['+ New activity']);
    await clickItem(page, t['Task'], { window: 'Popup_' });
    const dialog = t['New Task'];
    await findItem(page, 'subject', { window: dialog });
    assert.deepEqual(await englishLeft(page, code), [], 'English labels in the activity dialog');
    assert.deepEqual((await waitForState(page, (s) => s.fonts.unrenderedOnScreenCount === 0, 'dialog drawable')).fonts.unrenderedOnScreen, []);
    await screenshot(page, `language-${code}-dialog`);
    await context.close();
  });
}

test('switching the language in Settings applies at once and is kept after a reload', async () => {
  const { context, page } = await openIn('en-US');
  await signIn(page, 'Anna Kowalska');
  await clickItem(page, 'Settings');
  await clickItem(page, 'language');
  await clickItem(page, 'Polski', { window: 'Combo_' });
  await waitForState(page, (s) => s.language === 'pl', 'Polish after choosing it');
  await findItem(page, CATALOGS.pl['Settings']);
  await findItem(page, CATALOGS.pl['Activities']);
  await saved(page);
  await page.reload();
  await page.waitForFunction(() => window.__crmTest && window.__crmTest.ready === true, null, { timeout: 30_000 });
  await waitForState(page, (s) => s.language === 'pl', 'Polish after reload');
  await findItem(page, CATALOGS.pl['Activities']);

  await clickItem(page, CATALOGS.pl['Settings']);
  await clickItem(page, 'language');
  await clickItem(page, '繁體中文', { window: 'Combo_' });
  await waitForState(page, (s) => s.language === 'zh-Hant', 'Chinese after choosing it');
  await findItem(page, CATALOGS['zh-Hant']['Activities']);
  await context.close();
});
