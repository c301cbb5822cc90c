#!/usr/bin/env node
// The benchmark runner behind scripts/bench.sh (issue #7). For each size it makes the
// deterministic data set (build-native/crm_make_data_set), runs the native microbenchmarks
// (build-native/crm_bench, Google Benchmark) and the browser metrics (browser_bench.mjs), turns
// everything into metric records
//   {id, title, size, unit, samples[], median, p95, target, met, peer?: {name, samples, median}, ratio?}
// and writes <work>/results.json and the figures of BENCHMARKS.md between its bench markers (text
// outside the markers is kept). It reports numbers; nothing here passes or fails on a timing.
//
//   node tests/bench/run.mjs [--sizes 1k,10k,100k] [--runs N] [--out BENCHMARKS.md] [--work build-bench]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../browser/harness.mjs';
import { measureBrowser } from './browser_bench.mjs';

const SIZES = { '1k': 1000, '10k': 10000, '100k': 100000 };
export const BEGIN = '<!-- bench:begin -->';
export const END = '<!-- bench:end -->';
const SYNC_MODULE = path.join(REPO_ROOT, 'tests', 'bench', 'sync_bench.mjs');
const SYNC_SIZES = new Set(['1k', '10k']);

// ---- statistics ----------------------------------------------------------------------------------
export function median(xs) {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
// Nearest rank: with fewer than 20 samples this is the largest one.
export function p95(xs) {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)];
}

// target: {stat: 'median'|'p95', max?: number, maxRatio?: number, text}
function metric({ id, title, size, unit, samples, target = null, peer = null, note }) {
  const clean = (samples || []).filter((x) => typeof x === 'number' && Number.isFinite(x));
  const r = { id, title, size, unit, samples: clean, median: median(clean), p95: p95(clean), target };
  if (note) r.note = note;
  if (peer) {
    const pClean = peer.samples.filter((x) => Number.isFinite(x));
    r.peer = { name: peer.name, samples: pClean, median: median(pClean) };
    r.ratio = r.median != null && r.peer.median ? r.median / r.peer.median : null;
  }
  if (target && r.median != null) {
    if (target.maxRatio != null) r.met = r.ratio != null ? r.ratio <= target.maxRatio : null;
    else r.met = (target.stat === 'p95' ? r.p95 : r.median) <= target.max;
  } else r.met = null;
  return r;
}
const ms = (stat, max) => ({ stat, max, text: `${stat} ≤ ${max} ms` });

// ---- machine -----------------------------------------------------------------------------------------
function machine() {
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = (cpuinfo.match(/^model name\s*:\s*(.+)$/m) || [])[1] || os.cpus()[0]?.model || 'unknown';
  const run = (cmd, args) => { try { return execFileSync(cmd, args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { return ''; } };
  const commit = run('git', ['rev-parse', '--short', 'HEAD']);
  const dirty = run('git', ['status', '--porcelain', '--untracked-files=no']) ? ' (with uncommitted changes)' : '';
  return {
    cpu: model.trim(), cores: os.cpus().length, ramGB: +(os.totalmem() / 2 ** 30).toFixed(1),
    chromium: run(process.env.CHROMIUM_PATH || '/usr/bin/chromium', ['--version']) || 'unknown',
    node: process.version, commit: commit + dirty, os: `${os.type()} ${os.release()}`, load: os.loadavg().map((x) => x.toFixed(2)).join(' '),
  };
}

// ---- native ---------------------------------------------------------------------------------------------
function nativeMetrics(bench, size, n, runs, log) {
  if (!fs.existsSync(bench)) {
    log(`  native: ${bench} not built (Google Benchmark missing?)`);
    return [];
  }
  const filter = `/${n}$`;
  log(`  native: crm_bench ${size} x${runs}`);
  const text = execFileSync('nice', [bench, `--benchmark_filter=${filter}`, `--benchmark_repetitions=${runs}`, '--benchmark_min_time=0.1',
    '--benchmark_format=json'], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
  const byName = new Map();
  for (const b of JSON.parse(text).benchmarks) {
    if (b.run_type !== 'iteration') continue;
    const name = b.run_name || b.name.replace(/\/\d+.*$/, '');
    const base = name.replace(/^BM_/, '').replace(/\/\d+$/, '');
    const factor = { ns: 1e-6, us: 1e-3, ms: 1, s: 1e3 }[b.time_unit] ?? 1;
    if (!byName.has(base)) byName.set(base, []);
    byName.get(base).push(b.real_time * factor);
  }
  return [...byName].map(([base, samples]) =>
    metric({ id: `native.${base}`, title: `native ${base}`, size, unit: 'ms', samples }));
}

// ---- browser → metric records -----------------------------------------------------------------------
function browserMetrics(b, size) {
  const out = [];
  const add = (m) => out.push(metric({ size, unit: 'ms', ...m }));
  const starts = b.starts;
  add({ id: 'start.firstInteractive', title: 'start from cached files to first interactive frame (since navigation)',
        samples: starts.map((s) => s.firstInteractive), target: ms('median', 600) });
  add({ id: 'start.mainStarted', title: 'start: wasm main() entered (since navigation)', samples: starts.map((s) => s.mainStarted) });
  add({ id: 'start.idbRead', title: 'start: IndexedDB read of the stored records', samples: starts.map((s) => s.chunksRead - s.storageOpened) });
  add({ id: 'start.decode', title: 'start: decode into the store (Persistence::load, wasm)', samples: starts.map((s) => s.decodeMs) });
  add({ id: 'start.toStorageOpen', title: 'start: main() to IndexedDB open (WebGL, fonts, input, open request)',
        samples: starts.map((s) => s.storageOpened - s.mainStarted) });
  add({ id: 'start.delivery', title: 'start: chunks read to decoding (copy into the wasm heap)',
        samples: starts.map((s) => s.decodeStart - s.chunksRead) });
  add({ id: 'start.afterDecode', title: 'start: after decoding, before the first frame (start options, font glyphs, sync, files)',
        samples: starts.map((s) => s.startupRestMs) });
  add({ id: 'start.waitForFrame', title: 'start: after start-up to the next animation frame',
        samples: starts.map((s) => s.firstFrameStart - s.decoded - s.startupRestMs) });
  add({ id: 'start.firstFrame', title: 'start: the first interactive frame itself (its queries, font atlas, drawing)',
        samples: starts.map((s) => s.firstInteractive - s.firstFrameStart) });
  add({ id: 'load.idb', title: 'load all activities from IndexedDB into memory (read + decode)',
        samples: starts.map((s) => s.decoded - s.storageOpened), target: { stat: 'median', maxRatio: 0.5, text: '≤ 0.5 × Dexie' },
        peer: { name: 'Dexie 4 toArray()', samples: b.dexieMs } });
  add({ id: 'edit.durable', title: 'one edit durable in IndexedDB (request → transaction complete)', samples: b.editMs, target: ms('median', 5) });
  add({ id: 'edit.idbPut', title: 'reference: a bare strict IndexedDB put of 600 bytes from the idle page', samples: b.idbPutMs || [] });
  const q = b.queries || {};
  const queryTitles = {
    myActivities: ['query: My Activities (default view)', true], allTextFilter: ['query: All Activities + text filter', true],
    allSortSubject: ['query: All Activities sorted by Subject', true], allSortRegarding: ['query: All Activities sorted by Regarding', true],
    allOverdue: ['query: Overdue filter', true], quickSearchIndexBuild: ['quick search: index built and first search', false],
    quickSearchFullScan: ['quick search: a query that scans every record', true],
    quickSearchKeystroke: ['quick search: each keystroke typing "contract renewal"', true], kanbanByState: ['build_kanban by state', false],
    calendarMonth: ['build_calendar month', false], timelineBusiestAccount: ['build_timeline of the busiest account', false],
  };
  for (const [key, [title, targeted]] of Object.entries(queryTitles))
    add({ id: `query.${key}`, title: `${title} (wasm)`, samples: q[key] || [], target: targeted ? ms('median', 16) : null });
  const frameTitles = { grid: 'activity grid (All Activities)', timeline: 'busiest account\'s timeline', kanban: 'kanban board',
                        calendar: 'calendar week (time grid)', calendarPaging: 'calendar week, J/K paging', calendarMonth: 'calendar month, J/K paging' };
  for (const [key, title] of Object.entries(frameTitles))
  {
    add({ id: `frame.${key}`, title: `frame CPU while scrolling: ${title}`, samples: b.frames[key]?.cpu || [],
          target: ['calendarPaging', 'calendarMonth'].includes(key) ? null : ms('p95', 4) });
    add({ id: `frameDraw.${key}`, title: `of which ImGui and drawing (the rest is the screen-reader mirror): ${title}`,
          samples: b.frames[key]?.draw || [] });
    add({ id: `frameInterval.${key}`, title: `time between drawn frames (wall clock): ${title}`, samples: b.frames[key]?.intervals || [] });
  }
  add({ id: 'idle.fps', title: 'frames drawn per second while idle', unit: 'frames/s', samples: [b.idleFps],
        target: { stat: 'median', max: 0, text: '0' } });
  add({ id: 'export.json', title: 'JSON export (wasm, through the UI)', samples: b.exportsMs, target: ms('median', 500) });
  add({ id: 'import.total', title: 'import: validate + apply + durable', samples: b.imports.map((i) => i.planMs + i.applyMs + i.durableMs),
        target: ms('median', 1500) });
  add({ id: 'import.plan', title: 'import: read and validate (plan_import)', samples: b.imports.map((i) => i.planMs) });
  add({ id: 'import.apply', title: 'import: apply to the store', samples: b.imports.map((i) => i.applyMs) });
  add({ id: 'import.durable', title: 'import: applied → IndexedDB write complete', samples: b.imports.map((i) => i.durableMs) });
  const MB = 2 ** 20;
  add({ id: 'heap.wasm', title: 'wasm heap after load (HEAPU8.length)', unit: 'MB', samples: b.heap ? [b.heap.heapBytes / MB] : [],
        target: { stat: 'median', max: 150, text: '≤ 150 MB' } });
  add({ id: 'heap.inUse', title: 'wasm heap in use after load (mallinfo)', unit: 'MB', samples: b.heap ? [b.heap.inUseBytes / MB] : [] });
  if (b.download) {
    const total = b.download.files.reduce((s, f) => s + f.gzip, 0);
    out.push(metric({ id: 'download.total', title: 'first-visit download, gzip -9 (page, JS, wasm with the Latin font)', size: '—',
                      unit: 'KB', samples: [total / 1024], target: { stat: 'median', max: 1536, text: '≤ 1.5 MB' } }));
    if (b.download.cjk)
      out.push(metric({ id: 'download.cjkFont', title: 'CJK font, gzip -9 (lazy: fetched only when Chinese appears)', size: '—',
                        unit: 'KB', samples: [b.download.cjk.gzip / 1024] }));
  }
  return out;
}

// ---- sync (another module) -----------------------------------------------------------------------------
async function syncMetrics({ size, dataFile, runs, log }) {
  if (!SYNC_SIZES.has(size)) return [];
  if (!fs.existsSync(SYNC_MODULE)) {
    return ['push', 'pull'].map((dir) => ({ ...metric({ id: `sync.${dir}`, title: `sync ${dir} through pouchdb-server`, size, unit: 'ms', samples: [],
      target: { stat: 'median', maxRatio: 0.2, text: '≥ 5× faster than PouchDB replicate()' } }), status: 'not measured', note: 'tests/bench/sync_bench.mjs is absent' }));
  }
  const { measureSync } = await import(pathToFileURL(SYNC_MODULE).href);
  const { launchBrowser, startAppServer } = await import('../browser/harness.mjs');
  const browser = await launchBrowser();
  const server = await startAppServer();
  try {
    log(`  sync: tests/bench/sync_bench.mjs`);
    const records = await measureSync({ browser, baseUrl: server.url, dataFile, runs });
    // The same record shape, target and ratio (ours / peer) as every other metric.
    return records.map((r) => metric({ id: r.id.replace('sync_', 'sync.'), title: r.title, size, unit: 'ms', samples: r.samples,
      target: { stat: 'median', maxRatio: 0.2, text: '≥ 5× faster than PouchDB replicate()' }, peer: r.peer }));
  } finally {
    await browser.close();
    await server.close();
  }
}

// ---- BENCHMARKS.md --------------------------------------------------------------------------------------
const fmt = (x, unit) => {
  if (x == null || !Number.isFinite(x)) return '—';
  if (unit === 'frames/s') return x.toFixed(2);
  if (Math.abs(x) >= 100) return x.toFixed(0);
  if (Math.abs(x) >= 10) return x.toFixed(1);
  return x.toFixed(2);
};

function table(rows, { withTarget = true } = {}) {
  const head = withTarget ? '| metric | size | median | p95 | runs | target | met? / ratio vs peer |\n|---|---|---:|---:|---:|---|---|'
                          : '| metric | size | median | p95 | runs |\n|---|---|---:|---:|---:|';
  const lines = rows.map((r) => {
    const unit = r.unit === 'ms' ? ' ms' : ` ${r.unit}`;
    const base = `| ${r.title} \`${r.id}\` | ${r.size} | ${fmt(r.median, r.unit)}${r.median != null ? unit : ''} | ${fmt(r.p95, r.unit)}${r.p95 != null ? unit : ''} | ${r.samples.length} |`;
    if (!withTarget) return base;
    let verdict = r.status === 'not measured' ? `not measured (${r.note})` : r.met == null ? '' : r.met ? 'yes' : '**no**';
    if (r.peer) verdict += `${verdict ? '; ' : ''}${fmt(r.ratio)} × ${r.peer.name} (${fmt(r.peer.median)} ms)`;
    return `${base} ${r.target ? r.target.text : ''} | ${verdict} |`;
  });
  return [head, ...lines].join('\n');
}

export function renderFigures(results) {
  const m = results.machine;
  const all = results.metrics;
  const native = all.filter((r) => r.id.startsWith('native.'));
  const browser = all.filter((r) => !r.id.startsWith('native.') && !r.id.startsWith('download.'));
  const download = all.filter((r) => r.id.startsWith('download.'));
  const order = (r) => Object.keys(SIZES).indexOf(r.size);
  const byId = (rows) => [...rows].sort((a, b) => (a.id === b.id ? order(a) - order(b) : 0));
  const grouped = (rows) => {
    const ids = [...new Set(rows.map((r) => r.id))];
    return ids.flatMap((id) => byId(rows.filter((r) => r.id === id)));
  };
  const parts = [
    `Generated by \`${results.command}\` on ${results.date}.`,
    '',
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGB} GB RAM, ${m.os}; ${m.chromium} (headless, SwiftShader WebGL); node ${m.node}; ` +
      `commit ${m.commit}; load average at start ${m.load}.`,
    '',
    `Sizes: ${results.sizes.join(', ')}; --runs ${results.runs} (the runs column gives each metric's sample count: starts are reloads, ` +
      'frames are every frame drawn while scrolling, queries are 7 calls in wasm). Median and p95 (nearest rank, so with fewer than ' +
      '20 samples p95 is the largest). Times in wasm come from performance.now(), which Chromium rounds to 0.1 ms on this page.',
    '',
    '### In the browser',
    '',
    table(grouped(browser)),
    '',
    '### Download',
    '',
    table(download),
    '',
  ];
  if (results.download) {
    parts.push('| file | bytes | gzip -9 |', '|---|---:|---:|');
    for (const f of results.download.files) parts.push(`| ${f.path} | ${f.bytes} | ${f.gzip} |`);
    if (results.download.cjk) parts.push(`| ${results.download.cjk.path} (lazy, not in the total) | ${results.download.cjk.bytes} | ${results.download.cjk.gzip} |`);
    parts.push('');
  }
  parts.push('### Native (Release, Google Benchmark; one sample per repetition)', '', table(grouped(native), { withTarget: false }), '');
  return parts.join('\n');
}

export function writeBenchmarksMd(file, results) {
  const figures = `${BEGIN}\n${renderFigures(results)}\n${END}`;
  let text;
  if (fs.existsSync(file)) {
    const old = fs.readFileSync(file, 'utf8');
    const a = old.indexOf(BEGIN), b = old.indexOf(END);
    text = a >= 0 && b > a ? old.slice(0, a) + figures + old.slice(b + END.length)
                           : `${old.trimEnd()}\n\n${figures}\n`;
  } else {
    text = `# Benchmarks\n\nFigures from \`scripts/bench.sh\` (issue #7). Everything between the bench markers is rewritten by each run.\n\n${figures}\n`;
  }
  fs.writeFileSync(file, text);
}

// ---- main -----------------------------------------------------------------------------------------------
function parseArgs(argv) {
  const o = { sizes: ['1k', '10k', '100k'], runs: 7, out: path.join(REPO_ROOT, 'BENCHMARKS.md'), work: path.join(REPO_ROOT, 'build-bench'),
              native: path.join(REPO_ROOT, 'build-native') };
  for (let i = 0; i < argv.length; i++) {
    const [k, inline] = argv[i].split('=', 2);
    const v = () => inline ?? argv[++i];
    if (k === '--sizes') o.sizes = v().split(',').map((s) => s.trim()).filter(Boolean);
    else if (k === '--runs') o.runs = Number(v());
    else if (k === '--out') o.out = path.resolve(v());
    else if (k === '--work') o.work = path.resolve(v());
    else if (k === '--native-dir') o.native = path.resolve(v());
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  for (const s of o.sizes) if (!SIZES[s]) throw new Error(`unknown size ${s} (use ${Object.keys(SIZES).join(', ')})`);
  if (!(o.runs >= 1)) throw new Error('--runs must be at least 1');
  return o;
}

export async function runBench(o, log = (s) => console.log(s)) {
  fs.mkdirSync(o.work, { recursive: true });
  const t0 = Date.now();
  const results = { command: o.command || `node tests/bench/run.mjs --sizes ${o.sizes.join(',')} --runs ${o.runs}`, date: new Date().toISOString(),
                    machine: machine(), sizes: o.sizes, runs: o.runs, importRuns: [], metrics: [] };
  const makeDataSet = path.join(o.native, 'crm_make_data_set');
  for (const size of o.sizes) {
    const n = SIZES[size];
    log(`== ${size}`);
    const dataFile = path.join(o.work, `data-${size}.json`);
    if (!fs.existsSync(dataFile) || fs.statSync(dataFile).mtimeMs < fs.statSync(makeDataSet).mtimeMs)
      execFileSync(makeDataSet, [String(n), dataFile], { stdio: ['ignore', 'inherit', 'inherit'] });
    results.metrics.push(...nativeMetrics(path.join(o.native, 'crm_bench'), size, n, o.runs, log));
    // Imports at 100k take tens of seconds each: fewer repetitions there.
    const importRuns = n >= 100000 ? Math.min(o.runs, 3) : Math.min(o.runs, 5);
    results.importRuns.push(importRuns);
    const b = await measureBrowser({ dataFile, size, runs: Math.min(o.runs, 5), importRuns, exportRuns: n >= 100000 ? Math.min(o.runs, 3) : Math.min(o.runs, 5),
                                     editRuns: Math.max(o.runs * 3, 10), workDir: o.work, measureDownload: !results.download, log });
    if (b.download) results.download = b.download;
    results.metrics.push(...browserMetrics(b, size));
    results.metrics.push(...await syncMetrics({ size, dataFile, runs: o.runs, log }));
    log(`  ${size} done at ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  results.seconds = (Date.now() - t0) / 1000;
  fs.writeFileSync(path.join(o.work, 'results.json'), JSON.stringify(results, null, 1));
  writeBenchmarksMd(o.out, results);
  log(`wrote ${path.join(o.work, 'results.json')} and ${o.out} in ${results.seconds.toFixed(0)} s`);
  return results;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`run.mjs: ${e.message}`);
    process.exit(2);
  }
  o.command = (process.env.CRM_BENCH_COMMAND || `node tests/bench/run.mjs ${process.argv.slice(2).join(' ')}`).trim();
  runBench(o).catch((e) => {
    console.error(e && e.stack ? e.stack : e);
    process.exit(1);
  });
}
