#!/usr/bin/env node
// Measure IndexedDB storage layouts for the activity store in real Chromium.
//
//   A. per-object layout: one IndexedDB object per activity
//   B. chunked layout:    ArrayBuffer snapshot chunks of 2000 UTF-8 JSON records
//   C. one durable edit:  a ~500-byte ArrayBuffer put into a 'log' store in its own
//                         readwrite transaction (strict / relaxed / default durability),
//                         versus one object put into the per-object store (strict)
//
// Usage:
//   node scripts/measure-storage-layout.mjs [--n 100000] [--runs 5] [--edits 50]
//        [--context persistent|incognito] [--out test-results/storage-layout.md]
//
// Why persistent contexts by default: Playwright's browser.newContext() creates an
// off-the-record (incognito-like) profile, and Chromium keeps IndexedDB of such profiles
// in memory, so nothing reaches the disk and {durability:'strict'} costs nothing.
// Real users run a normal profile, so every layout gets its own fresh on-disk profile
// (chromium.launchPersistentContext with a new temporary user-data dir, deleted afterwards).
// `--context incognito` uses browser.newContext() instead, for comparison.
//
// All timings are taken inside the page with performance.now(); page.evaluate round trips
// are not included. p95 is nearest-rank: with 5 runs it equals the maximum.

import http from 'node:http';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// ---------------------------------------------------------------- CLI
function parseArgs(argv) {
  const o = { n: 100000, runs: 5, edits: 50, context: 'persistent', out: path.join(ROOT, 'test-results', 'storage-layout.md') };
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    let v;
    if (a.includes('=')) [a, v] = [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)];
    const next = () => (v !== undefined ? v : argv[++i]);
    switch (a) {
      case '--n': o.n = parseInt(next(), 10); break;
      case '--runs': o.runs = parseInt(next(), 10); break;
      case '--edits': o.edits = parseInt(next(), 10); break;
      case '--context': o.context = next(); break;
      case '--out': o.out = path.resolve(next()); break;
      case '-h': case '--help':
        console.log('node scripts/measure-storage-layout.mjs [--n 100000] [--runs 5] [--edits 50] [--context persistent|incognito] [--out FILE]');
        process.exit(0);
      default: throw new Error(`unknown argument: ${a}`);
    }
  }
  if (!(o.n > 0) || !(o.runs > 0) || !(o.edits > 0)) throw new Error('--n, --runs and --edits must be positive integers');
  if (!['persistent', 'incognito'].includes(o.context)) throw new Error('--context must be persistent or incognito');
  return o;
}
const opt = parseArgs(process.argv.slice(2));
const log = (...a) => console.error(`[${((performance.now()) / 1000).toFixed(1)}s]`, ...a);

const CHROMIUM = '/usr/bin/chromium';
const LAUNCH = {
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--disable-quic',
    '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};
const CHUNK = 2000;
const BATCH = 5000;

// ---------------------------------------------------------------- page-side code
// Installed into every page as window.M (string form so it runs in the browser).
const PAGE_LIB = String.raw`
window.M = (() => {
  const now = () => performance.now();
  function mulberry32(a) {
    return function () {
      a |= 0; a = (a + 0x6D2B79F5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  function utf8len(s) {
    let n = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) n += 1; else if (c < 0x800) n += 2;
      else if (c >= 0xD800 && c <= 0xDBFF) { n += 4; i++; } else n += 3;
    }
    return n;
  }
  const EN = ['call', 'follow-up', 'about', 'renewal', 'contract', 'quote', 'meeting', 'with', 'the', 'client',
    'pricing', 'proposal', 'review', 'invoice', 'demo', 'onboarding', 'support', 'ticket', 'next', 'steps',
    'quarterly', 'budget', 'discount', 'shipment', 'delivery', 'schedule', 'feedback', 'signed', 'draft', 'legal'];
  const PL = ['zażółć', 'gęślą', 'jaźń', 'spotkanie', 'umowa', 'oferta', 'klient', 'faktura', 'dostawa', 'rabat',
    'przegląd', 'zamówienie', 'wdrożenie', 'płatność', 'źródło', 'należność', 'termin', 'ważne', 'dział', 'sprzedaży'];
  const ZH = ['客戶跟進', '合同續簽', '報價', '會議', '發票', '交付', '折扣', '支持', '下一步', '預算'];
  const FIRST = ['Anna', 'Piotr', 'Katarzyna', 'Tomasz', 'John', 'Emily', 'Wei', 'Li', 'Zofia', 'Michał', 'Sarah', 'Łukasz'];
  const LAST = ['Kowalska', 'Nowak', 'Wiśniewski', 'Smith', 'Zhang', 'Wang', 'Brown', 'Wójcik', 'Lewandowska', 'Chen'];
  const KINDS = ['account', 'contact', 'opportunity', 'lead', 'case'];
  const STATES = [['open', ['not_started', 'in_progress', 'waiting']], ['completed', ['done']], ['canceled', ['canceled']]];
  const PRIOS = ['low', 'normal', 'high'];
  const BASE = Date.UTC(2024, 0, 1);

  function generate(n, seed) {
    const r = mulberry32(seed);
    const pick = (a) => a[(r() * a.length) | 0];
    const hex = (k) => { let s = ''; for (let i = 0; i < k; i++) s += ((r() * 16) | 0).toString(16); return s; };
    const uuid = () => hex(8) + '-' + hex(4) + '-4' + hex(3) + '-' + '89ab'[(r() * 4) | 0] + hex(3) + '-' + hex(12);
    const word = () => { const x = r(); return x < 0.55 ? pick(EN) : x < 0.85 ? pick(PL) : pick(ZH); };
    const phrase = (minChars, maxChars) => {
      const target = minChars + ((r() * (maxChars - minChars + 1)) | 0);
      let s = word();
      while (s.length < target) s += ' ' + word();
      if (s.length > maxChars) s = s.slice(0, maxChars).trimEnd();
      while (s.length < minChars) s += '.';
      return s;
    };
    const out = new Array(n);
    const sizes = new Array(n);
    for (let i = 0; i < n; i++) {
      const [state, reasons] = STATES[r() < 0.6 ? 0 : r() < 0.8 ? 1 : 2];
      const created = BASE + Math.floor(r() * 365 * 86400e3);
      const modified = created + Math.floor(r() * 30 * 86400e3);
      const a = {
        id: uuid(),
        subject: phrase(30, 80),
        description: '',
        regarding: { kind: pick(KINDS), id: uuid() },
        owner: pick(FIRST) + ' ' + pick(LAST),
        state,
        reason: pick(reasons),
        priority: pick(PRIOS),
        due: new Date(created + Math.floor(r() * 60 * 86400e3)).toISOString(),
        created: new Date(created).toISOString(),
        modified: new Date(modified).toISOString(),
      };
      // Fill the description (100..250 chars) so the record is 450..550 UTF-8 bytes as JSON.
      // CJK text is 3 bytes/char, so if it cannot fit, draw a new subject/description (deterministic).
      const targetBytes = 450 + ((r() * 101) | 0);
      let size = 0;
      for (let attempt = 0; ; attempt++) {
        a.description = '';
        const fixed = utf8len(JSON.stringify(a));
        let d = phrase(250, 250 + 20).slice(0, 250);
        while (d.length > 100 && fixed + utf8len(d) > targetBytes) d = d.slice(0, -1);
        a.description = d.trimEnd().padEnd(d.length, '.');
        size = fixed + utf8len(a.description);
        if ((size >= 450 && size <= 550) || attempt >= 20) break;
        a.subject = phrase(30, 80);
      }
      out[i] = a;
      sizes[i] = size;
    }
    sizes.sort((x, y) => x - y);
    return { list: out, bytes: { min: sizes[0], median: sizes[n >> 1], max: sizes[n - 1], total: sizes.reduce((s, x) => s + x, 0) } };
  }

  const req = (r) => new Promise((res, rej) => { r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
  const done = (tx) => new Promise((res, rej) => { tx.oncomplete = () => res(); tx.onerror = () => rej(tx.error); tx.onabort = () => rej(tx.error || new Error('abort')); });

  function open(name) {
    return new Promise((res, rej) => {
      const r = indexedDB.open(name, 1);
      r.onupgradeneeded = () => {
        const db = r.result;
        db.createObjectStore('activities', { keyPath: 'id' });
        db.createObjectStore('chunks');
        db.createObjectStore('log', { autoIncrement: true });
      };
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
      r.onblocked = () => rej(new Error('blocked'));
    });
  }

  async function getAllTimed(db, store) {
    const t0 = now();
    const tx = db.transaction(store, 'readonly');
    const rows = await req(tx.objectStore(store).getAll());
    const ms = now() - t0;
    await done(tx);
    return { ms, rows };
  }

  return {
    generate, open, req, done, now, getAllTimed,
    async perObject(n, seed, runs, batch) {
      const g = generate(n, seed);
      const db = await open('layoutA');
      const t0 = now();
      for (let i = 0; i < n; i += batch) {
        const tx = db.transaction('activities', 'readwrite');
        const st = tx.objectStore('activities');
        const end = Math.min(n, i + batch);
        for (let j = i; j < end; j++) st.put(g.list[j]);
        await done(tx);
      }
      const writeMs = now() - t0;
      g.list = null;
      const read = [];
      let count = 0;
      for (let k = 0; k < runs; k++) {
        let { ms, rows } = await getAllTimed(db, 'activities');
        read.push(ms); count = rows.length; rows = null;
        await new Promise((r) => setTimeout(r, 50));
      }
      db.close();
      return { bytes: g.bytes, writeMs, read, count };
    },
    async chunked(n, seed, runs, chunk) {
      const g = generate(n, seed);
      const enc = new TextEncoder();
      const te0 = now();
      const bufs = [];
      for (let i = 0; i < n; i += chunk) bufs.push(enc.encode(JSON.stringify(g.list.slice(i, i + chunk))).buffer);
      const encodeMs = now() - te0;
      const chunkBytes = bufs.map((b) => b.byteLength);
      g.list = null;
      const db = await open('layoutB');
      const t0 = now();
      {
        const tx = db.transaction('chunks', 'readwrite');
        const st = tx.objectStore('chunks');
        bufs.forEach((b, i) => st.put(b, i));
        await done(tx);
      }
      const writeMs = now() - t0;
      bufs.length = 0;
      const read = [], readDecode = [], decodeOnly = [];
      let count = 0;
      for (let k = 0; k < runs; k++) {
        let { ms, rows } = await getAllTimed(db, 'chunks');
        read.push(ms); rows = null;
        await new Promise((r) => setTimeout(r, 50));
      }
      const dec = new TextDecoder();
      for (let k = 0; k < runs; k++) {
        const t = now();
        let { ms, rows } = await getAllTimed(db, 'chunks');
        const td = now();
        let all = [];
        for (const b of rows) { const part = JSON.parse(dec.decode(new Uint8Array(b))); for (const x of part) all.push(x); }
        const t1 = now();
        readDecode.push(t1 - t); decodeOnly.push(t1 - td); count = all.length;
        all = null; rows = null;
        await new Promise((r) => setTimeout(r, 50));
      }
      db.close();
      return { bytes: g.bytes, encodeMs, writeMs, read, readDecode, decodeOnly, count, chunks: chunkBytes.length,
        chunkBytes: { min: Math.min(...chunkBytes), max: Math.max(...chunkBytes), total: chunkBytes.reduce((s, x) => s + x, 0) } };
    },
    async edits(runs, seed) {
      const g = generate(runs, seed + 1);
      const db = await open('layoutC');
      const enc = new TextEncoder();
      const payloads = g.list.map((a) => { const u = enc.encode(JSON.stringify(a)); return u.buffer; });
      const out = {};
      async function series(label, store, durability, valueOf) {
        // Warm up (first transaction on a store creates files etc.).
        { const tx = db.transaction(store, 'readwrite', { durability }); tx.objectStore(store).put(valueOf(0)); await done(tx); }
        const ms = [];
        for (let i = 0; i < runs; i++) {
          const v = valueOf(i);
          const t0 = now();
          const tx = db.transaction(store, 'readwrite', { durability });
          tx.objectStore(store).put(v);
          await done(tx);
          ms.push(now() - t0);
        }
        out[label] = ms;
      }
      const copyBuf = (i) => payloads[i].slice(0);
      await series('logStrict', 'log', 'strict', copyBuf);
      await series('logRelaxed', 'log', 'relaxed', copyBuf);
      await series('logDefault', 'log', 'default', copyBuf);
      await series('objStrict', 'activities', 'strict', (i) => ({ ...g.list[i], modified: new Date(Date.UTC(2025, 0, 1) + i).toISOString() }));
      db.close();
      return { payloadBytes: { min: Math.min(...payloads.map((p) => p.byteLength)), max: Math.max(...payloads.map((p) => p.byteLength)) }, ms: out };
    },
  };
})();
`;

// ---------------------------------------------------------------- helpers
function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
  const med = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return { n: s.length, median: med, p95: q(0.95), min: s[0], max: s[s.length - 1] };
}
const f = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const mib = (b) => (b / 1048576).toFixed(1) + ' MiB';

async function dirSize(p) {
  let total = 0;
  let entries;
  try { entries = await fsp.readdir(p, { withFileTypes: true }); } catch { return 0; }
  for (const e of entries) {
    const full = path.join(p, e.name);
    if (e.isDirectory()) total += await dirSize(full);
    else if (e.isFile()) total += (await fsp.stat(full)).size;
  }
  return total;
}

function sh(cmd, args) {
  try { return execFileSync(cmd, args, { encoding: 'utf8' }).trim(); } catch { return '?'; }
}

// ---------------------------------------------------------------- server
const server = http.createServer((req, res) => {
  if (req.url === '/' || req.url.startsWith('/?')) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end('<!doctype html><meta charset="utf-8"><title>idb-measure</title><body></body>');
  } else { res.writeHead(404); res.end(); }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const ORIGIN = `http://127.0.0.1:${server.address().port}/`;

// One fresh context (and, in persistent mode, one fresh on-disk profile) per layout.
let browserVersion = '?';
let incognitoBrowser = null;
async function withContext(label, fn) {
  let ctx, dir = null;
  if (opt.context === 'persistent') {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'idb-layout-'));
    ctx = await chromium.launchPersistentContext(dir, LAUNCH);
  } else {
    if (!incognitoBrowser) incognitoBrowser = await chromium.launch(LAUNCH);
    ctx = await incognitoBrowser.newContext();
  }
  try {
    const page = ctx.pages()[0] || (await ctx.newPage());
    if (browserVersion === '?') {
      const b = incognitoBrowser || ctx.browser();
      if (b) browserVersion = b.version();
      else {
        const cdp = await ctx.newCDPSession(page);
        const v = await cdp.send('Browser.getVersion');
        browserVersion = v.product;
        await cdp.detach();
      }
    }
    await page.goto(ORIGIN);
    await page.addScriptTag({ content: PAGE_LIB });
    log(`${label}: start`);
    const t = performance.now();
    const r = await fn(page);
    const idbDir = dir ? path.join(dir, 'Default', 'IndexedDB') : null;
    r.diskBytes = idbDir ? await dirSize(idbDir) : null;
    log(`${label}: done in ${((performance.now() - t) / 1000).toFixed(1)}s`);
    return r;
  } finally {
    await ctx.close();
    if (dir) await fsp.rm(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- run
const SEED = 20240601;
const tStart = performance.now();
let A, B, C;
try {
  A = await withContext(`A per-object N=${opt.n}`, (p) => p.evaluate(([n, s, r, b]) => window.M.perObject(n, s, r, b), [opt.n, SEED, opt.runs, BATCH]));
  B = await withContext(`B chunked N=${opt.n}`, (p) => p.evaluate(([n, s, r, c]) => window.M.chunked(n, s, r, c), [opt.n, SEED, opt.runs, CHUNK]));
  C = await withContext(`C edits x${opt.edits}`, (p) => p.evaluate(([r, s]) => window.M.edits(r, s), [opt.edits, SEED]));
} finally {
  if (incognitoBrowser) await incognitoBrowser.close();
  server.close();
}
const totalS = (performance.now() - tStart) / 1000;

// ---------------------------------------------------------------- report
const nproc = sh('nproc', []);
const cpu = (os.cpus()[0] && os.cpus()[0].model) || '?';
const fsType = sh('df', ['--output=fstype', os.tmpdir()]).split('\n').pop();
const row = (name, xs, note = '') => {
  const s = stats(xs);
  return `| ${name} | ${s.n} | ${f(s.median)} | ${f(s.p95)} | ${f(s.min)} | ${f(s.max)} | ${note} |`;
};
const once = (name, ms, note = '') => `| ${name} | 1 | ${f(ms)} | – | – | – | ${note} |`;

const ctxNote = opt.context === 'persistent'
  ? `fresh on-disk profile per layout (launchPersistentContext, temp user-data dir on ${fsType} in ${os.tmpdir()})`
  : 'fresh browser.newContext() per layout (off-the-record profile: Chromium keeps its IndexedDB in memory, so nothing here touches the disk)';

const md = `# IndexedDB storage layout measurement

- Date: ${new Date().toISOString()}
- Command: \`node scripts/measure-storage-layout.mjs ${process.argv.slice(2).join(' ')}\`
- Machine: nproc = ${nproc}, CPU = ${cpu}, RAM = ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.platform()} ${os.release()}
- Browser: Chromium ${browserVersion}, headless, via playwright-core ${JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/playwright-core/package.json'), 'utf8')).version}
- Context: ${ctxNote}
- N = ${opt.n} activities, runs = ${opt.runs} (reads), ${opt.edits} runs per single-edit series
- Record size (UTF-8 JSON): min ${A.bytes.min} B, median ${A.bytes.median} B, max ${A.bytes.max} B, total ${mib(A.bytes.total)}
- Chunks: ${B.chunks} × ${CHUNK} records, ${mib(B.chunkBytes.min)}–${mib(B.chunkBytes.max)} each, ${mib(B.chunkBytes.total)} total
- IndexedDB directory on disk right after the layout's run: A ${A.diskBytes == null ? 'n/a' : mib(A.diskBytes)}, B ${B.diskBytes == null ? 'n/a' : mib(B.diskBytes)}
- Total wall time of the script: ${totalS.toFixed(1)} s

All times in ms, measured in the page with performance.now(). p95 is nearest-rank (with ${opt.runs} runs it equals the max).
Reads reuse one open connection; run 1 is the first read after the write, later runs may hit warm caches.

## A/B: bulk write and full read (N = ${opt.n})

| step | runs | median | p95 | min | max | notes |
|---|---:|---:|---:|---:|---:|---|
${once('A write: put N objects, 5000 per readwrite tx', A.writeMs, `${opt.n / BATCH | 0} tx, default durability, sequential`)}
${row('A read: getAll() of N objects', A.read, `returns ${A.count} structured-clone objects`)}
${once('B encode: JSON.stringify + TextEncoder per chunk', B.encodeMs, 'not part of the write tx')}
${once('B write: put chunks in one readwrite tx', B.writeMs, `${B.chunks} ArrayBuffers, default durability`)}
${row('B read: getAll() of chunks (ArrayBuffers only)', B.read, '')}
${row('B read + decode: getAll + TextDecoder + JSON.parse', B.readDecode, `yields ${B.count} objects`)}
${row('B decode only (part of the row above)', B.decodeOnly, 'TextDecoder + JSON.parse + concat')}

Note: JSON.parse stands in for decoding here. The app decodes a compact binary format in wasm,
which is cheaper than TextDecoder + JSON.parse, so the "B read + decode" row is an upper bound
for the chunked layout; the "B read" row is the IndexedDB part alone.

## C: one durable edit (own readwrite transaction, wait for oncomplete)

| step | runs | median | p95 | min | max | notes |
|---|---:|---:|---:|---:|---:|---|
${row("log put ArrayBuffer, {durability:'strict'}", C.ms.logStrict, `${C.payloadBytes.min}–${C.payloadBytes.max} B`)}
${row("log put ArrayBuffer, {durability:'relaxed'}", C.ms.logRelaxed, '')}
${row("log put ArrayBuffer, {durability:'default'}", C.ms.logDefault, 'extra row for reference')}
${row("per-object store put one object, {durability:'strict'}", C.ms.objStrict, 'store holds only these edits')}

Each series is preceded by one untimed warm-up transaction.

## Raw values (ms, in run order)

- A read: ${A.read.map(f).join(', ')}
- B read: ${B.read.map(f).join(', ')}
- B read + decode: ${B.readDecode.map(f).join(', ')}
- B decode only: ${B.decodeOnly.map(f).join(', ')}
- C log strict: ${C.ms.logStrict.map(f).join(', ')}
- C log relaxed: ${C.ms.logRelaxed.map(f).join(', ')}
- C log default: ${C.ms.logDefault.map(f).join(', ')}
- C object strict: ${C.ms.objStrict.map(f).join(', ')}
`;

process.stdout.write(md);
await fsp.mkdir(path.dirname(opt.out), { recursive: true });
await fsp.writeFile(opt.out, md);
log(`written ${path.relative(process.cwd(), opt.out) || opt.out}`);
