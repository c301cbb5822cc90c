// The benchmark command as a smoke test (issue #7: "runs in CI on the 1k set only"): the 1k set
// with one run into a temporary directory, then every metric must have numeric samples and the
// BENCHMARKS-style file must be written. No timing is asserted. Needs the native tools
// (crm_make_data_set, crm_bench), which scripts/test.sh makes before the browser tests.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './harness.mjs';
import { BEGIN, END, runBench } from '../bench/run.mjs';

test('the benchmark produces every metric on the 1k set', { timeout: 600_000 }, async () => {
  // scripts/test.sh points CRM_NATIVE_BUILD at its sanitizer build (no second build of the core
  // just for this test); by hand it is scripts/bench.sh's Release build.
  const native = process.env.CRM_NATIVE_BUILD || path.join(REPO_ROOT, 'build-native');
  assert.ok(fs.existsSync(path.join(native, 'crm_make_data_set')), `${native}/crm_make_data_set is built (scripts/test.sh builds it)`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-bench-smoke-'));
  const out = path.join(work, 'BENCHMARKS.md');
  fs.writeFileSync(out, '# Benchmarks\n\nkept text above\n\n<!-- bench:begin -->\nold figures\n<!-- bench:end -->\n\nkept text below\n');
  const committed = path.join(REPO_ROOT, 'BENCHMARKS.md');
  const committedBefore = fs.existsSync(committed) ? fs.readFileSync(committed, 'utf8') : null;
  try {
    const results = await runBench({ sizes: ['1k'], runs: 1, out, work, native, command: 'bench smoke test' }, () => {});
    const ids = new Set(results.metrics.map((m) => m.id));
    for (const id of ['start.firstInteractive', 'load.idb', 'edit.durable', 'query.allSortSubject', 'query.quickSearchKeystroke',
      'frame.grid', 'frame.timeline', 'frame.kanban', 'frame.calendar', 'idle.fps', 'export.json', 'import.total', 'heap.wasm',
      'download.total'])
      assert.ok(ids.has(id), `metric ${id} is produced`);
    if (fs.existsSync(path.join(native, 'crm_bench'))) assert.ok([...ids].some((id) => id.startsWith('native.')), 'native metrics are produced');
    const syncModule = fs.existsSync(path.join(REPO_ROOT, 'tests', 'bench', 'sync_bench.mjs'));
    for (const m of results.metrics) {
      // Only the sync rows may be "not measured", and only while their module does not exist.
      if (m.status === 'not measured' && m.id.startsWith('sync.') && !syncModule) continue;
      assert.ok(m.samples.length > 0 && m.samples.every((x) => typeof x === 'number' && Number.isFinite(x)),
        `${m.id} (${m.size}) has numeric samples: ${JSON.stringify(m.samples)}`);
      assert.equal(typeof m.median, 'number', `${m.id} has a median`);
      assert.equal(typeof m.p95, 'number', `${m.id} has a p95`);
    }
    const load = results.metrics.find((m) => m.id === 'load.idb');
    assert.ok(load.peer && load.peer.samples.length > 0 && typeof load.ratio === 'number', 'the IndexedDB load has its Dexie ratio');
    assert.ok(fs.existsSync(path.join(work, 'results.json')), 'results.json is written');
    const md = fs.readFileSync(out, 'utf8');
    assert.ok(md.includes('kept text above') && md.includes('kept text below'), 'text outside the markers is kept');
    assert.ok(!md.includes('old figures'), 'the figures between the markers are replaced');
    const figures = md.slice(md.indexOf(BEGIN), md.indexOf(END));
    for (const id of ids) assert.ok(figures.includes(`\`${id}\``), `BENCHMARKS.md lists ${id}`);
    assert.match(figures, /Machine: .+ cores/);
  } finally {
    const committedAfter = fs.existsSync(committed) ? fs.readFileSync(committed, 'utf8') : null;
    assert.equal(committedAfter, committedBefore, 'the committed BENCHMARKS.md is untouched');
    fs.rmSync(work, { recursive: true, force: true });
  }
});
