#!/usr/bin/env node
// The frame part of the benchmark on its own, with each drawn frame split into its parts
// (web_bench.hpp FramePart): where the slowest frames spend their time. Imports a data file
// through the UI (each run: the server's port, so the page's origin and its IndexedDB, is new),
// then scrolls the grid, the busiest account's timeline, the kanban board and the calendar week
// as browser_bench.mjs does, --repeat times each. Also shows the screen-reader mirror's own tasks
// (web/a11y_mirror.js). Reports numbers; nothing here passes or fails on a timing. CRM_WEB_DIR
// picks another build (to compare two builds on the same machine at the same time).
//
//   node tests/bench/frame_parts_bench.mjs --data build-bench/data-100k.json [--repeat 3] [--views grid,timeline,kanban,calendar] [--json out.json]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from '../../scripts/serve.mjs';
import { clickItem, findItem, launchPersistent, openApp, pressKey, typeText, waitForItemGone, webDir } from '../browser/harness.mjs';
import { chooseFromCombo, importFile, waitForState } from '../browser/app_actions.mjs';
import { benchReport, describeDataFile, scrollFrames, areaOf } from './browser_bench.mjs';
import { median, p95 } from './run.mjs';

const VIEWPORT = { width: 1400, height: 850 };
const PARTS = ['before', 'newFrame', 'views', 'render', 'compare', 'gl', 'after', 'mirrorBuild', 'mirrorPublish'];

function parseArgs(argv) {
  const o = { data: null, repeat: 3, profile: null, json: null, views: ['grid', 'timeline', 'kanban', 'calendar'] };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--data') o.data = path.resolve(argv[++i]);
    else if (k === '--repeat') o.repeat = Number(argv[++i]);
    else if (k === '--profile') o.profile = path.resolve(argv[++i]);
    else if (k === '--json') o.json = path.resolve(argv[++i]);
    else if (k === '--views') o.views = argv[++i].split(',');
    else throw new Error(`unknown argument ${k}`);
  }
  if (!o.data) throw new Error('--data FILE is required');
  return o;
}

// The parts of each frame since the last reset, one record per drawn frame.
async function frameRecords(page) {
  const r = await benchReport(page);
  return r.frameMs.map((cpu, i) => {
    const fp = r.frameParts;
    const rec = { cpu, draw: r.drawMs[i], mirrorParse: fp.mirrorParse[i], drawLists: (fp.drawLists || [])[i], drawCmds: (fp.drawCmds || [])[i], drawVertices: (fp.drawVertices || [])[i] };
    for (const p of PARTS) rec[p] = r.frameParts[p][i];
    return rec;
  });
}

const f2 = (x) => (x == null ? '—' : x.toFixed(2));

function summarize(name, frames) {
  const cpu = frames.map((f) => f.cpu), draw = frames.map((f) => f.draw);
  const withMirror = frames.filter((f) => f.mirrorBuild + f.mirrorPublish > 0);
  const lines = [`${name}: ${frames.length} frames (${withMirror.length} with a mirror update); frame median ${f2(median(cpu))} p95 ${f2(p95(cpu))} max ${f2(Math.max(...cpu))}; ` +
                 `draw median ${f2(median(draw))} p95 ${f2(p95(draw))}`];
  const cols = [...PARTS, 'mirrorParse'];
  lines.push(`  ${'part'.padEnd(14)} ${'median'.padStart(7)} ${'p95'.padStart(7)} ${'max'.padStart(7)}  mean in the slowest 5% of frames`);
  const slow = [...frames].sort((a, b) => b.cpu - a.cpu).slice(0, Math.max(1, Math.ceil(frames.length * 0.05)));
  for (const c of cols) {
    const xs = frames.map((f) => f[c]);
    const slowMean = slow.reduce((s, f) => s + f[c], 0) / slow.length;
    lines.push(`  ${c.padEnd(14)} ${f2(median(xs)).padStart(7)} ${f2(p95(xs)).padStart(7)} ${f2(Math.max(...xs)).padStart(7)}  ${f2(slowMean)}`);
  }
  const glFrames = frames.filter((f) => f.gl > 0 && f.drawLists !== undefined);
  if (glFrames.length)
    lines.push(`  frames sent to GL: ${glFrames.length}; per frame median ${median(glFrames.map((f) => f.drawLists))} draw lists, ` +
               `${median(glFrames.map((f) => f.drawCmds))} draw calls, ${median(glFrames.map((f) => f.drawVertices))} vertices`);
  if (withMirror.length) {
    const m = withMirror.map((f) => f.mirrorBuild + f.mirrorPublish);
    lines.push(`  mirror update (build + publish) in frames that had one: median ${f2(median(m))} p95 ${f2(p95(m))}`);
  }
  lines.push(`  slowest frames (cpu: parts): ${slow.map((f) => `${f2(f.cpu)}: ${cols.filter((c) => f[c] >= 0.2).map((c) => `${c} ${f2(f[c])}`).join(', ')}`).join(' | ')}`);
  return lines.join('\n');
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const info = describeDataFile(o.data);
  const size = info.activities;
  const profile = o.profile || fs.mkdtempSync(path.join(os.tmpdir(), `crm-frames-${size}-`));
  const app = await startServer({ root: webDir(), port: 0, host: '127.0.0.1' });
  const context = await launchPersistent(profile, { viewport: VIEWPORT, timezoneId: 'Europe/Warsaw' });
  const db = `frames-${size}`;
  const longWait = 60_000 + size * 3;
  const out = {};
  const tasks = {};  // the mirror's own tasks after frames (web/a11y_mirror.js queue), when it has them
  try {
    let page = await openApp(context, `${app.url}?db=${db}&user=${encodeURIComponent('Anna Kowalska')}`, { timeout: longWait });
    const state = await waitForState(page, (s) => s.save === 'saved', 'saved', longWait);
    if (state.activities < size) {
      console.log(`importing ${path.basename(o.data)} (${size} activities)`);
      await importFile(page, o.data);
      await findItem(page, 'Import', { window: 'Import data', timeout: longWait });
      await clickItem(page, 'Import', { window: 'Import data' });
      await waitForState(page, (s) => s.activities >= size && s.save === 'saved', 'import applied and saved', longWait);
      await page.evaluate(() => Module._crm_bench_snapshot());
      await waitForState(page, (s) => s.save === 'saved', 'saved', longWait);
    }
    await page.close();
    page = await openApp(context, `${app.url}?db=${db}&user=${encodeURIComponent(info.user)}`, { timeout: longWait });
    for (const view of o.views) out[view] = [];
    for (const view of o.views) tasks[view] = [];
    const scroll = async (view, at) => {
      for (let k = 0; k < o.repeat; k++) {
        await page.evaluate(() => { if (window.crmA11yMirror && window.crmA11yMirror.taskMs) window.crmA11yMirror.taskMs.length = 0; });
        await scrollFrames(page, at);
        out[view].push(...await frameRecords(page));
        tasks[view].push(...await page.evaluate(() => (window.crmA11yMirror && window.crmA11yMirror.taskMs) || []));
      }
    };
    await pressKey(page, 'Escape');
    if (o.views.includes('grid')) {
      await pressKey(page, 'g');
      await pressKey(page, 'a');
      await chooseFromCombo(page, 'view', 'All Activities');
      await clickItem(page, 'Grid');
      await scroll('grid', { x: 800, y: 520 });
    }
    if (o.views.includes('timeline') && info.busiestAccount) {
      await clickItem(page, 'quick_search');
      await typeText(page, info.busiestAccount.name, { delay: 10 });
      await findItem(page, info.busiestAccount.name, { timeout: 30_000 });
      await pressKey(page, 'Enter');
      const win = `Account: ${info.busiestAccount.name}`;
      await findItem(page, 'Save & Close', { window: win, timeout: 30_000 });
      await scroll('timeline', await areaOf(page, win, { x: 700, y: 600 }));
      await pressKey(page, 'Escape');
      await waitForItemGone(page, 'Save & Close', { timeout: 30_000 });
    }
    if (o.views.includes('kanban')) {
      await clickItem(page, 'Kanban');
      await scroll('kanban', { x: 520, y: 560 });
    }
    if (o.views.includes('calendar')) {
      await clickItem(page, 'Calendar');
      await clickItem(page, 'Week');
      await scroll('calendar', { x: 800, y: 600 });
    }
    await page.close();
  } finally {
    await context.close().catch(() => {});
    await app.close();
    if (!o.profile) fs.rmSync(profile, { recursive: true, force: true });
  }
  console.log(`${path.basename(o.data)}: ${size} activities, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  for (const [view, frames] of Object.entries(out)) {
    if (!frames.length) continue;
    console.log(summarize(view, frames));
    const t = tasks[view];
    if (t.length) console.log(`  the mirror's task after a frame: ${t.length} tasks, median ${f2(median(t))} p95 ${f2(p95(t))} max ${f2(Math.max(...t))}`);
  }
  if (o.json) fs.writeFileSync(o.json, JSON.stringify({ frames: out, mirrorTasks: tasks }));
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
