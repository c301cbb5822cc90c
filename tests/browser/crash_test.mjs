// Crash durability: 50 trials, each opening the app, making a random series of edits, and killing
// the page without warning 0-200 ms after the last edit: 25 times by closing it with no unload
// handlers (page.close({ runBeforeUnload: false })), 25 times by crashing its renderer through
// CDP (Page.crash). Half the trials run on an on-disk profile (launchPersistent), half in an
// in-memory context; each context keeps its database from trial to trial. After every reopen,
// every edit the app had shown as saved (window.__crmTest.save === 'saved' in a frame drawn
// after the edit) must be there with its subject and revision, and the stored data must pass the
// integrity check (window.crmCheckStoredData: every chunk and log entry decodes, ids unique,
// revisions well-formed, references resolvable).
//
// Most edits take the test-mode fast path (Module._crm_test_edit, src/platform/web_storage_faults.cpp):
// a store command, the same change queue, Persistence and IndexedDB write as a dialog's Save, only
// without the clicks, so 50 trials fit in a few minutes. Every fifth trial also creates a task
// through the real dialog; every third ends its series with a full snapshot (the write compaction
// makes: it replaces the chunks and drops the log it covers), so kills also cut into that.
// Totals are printed: trials, edits checked, lost (must be 0).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { callHook, launchPersistent, openApp, getTestState } from './harness.mjs';
import { useBrowserAndServer, waitForState, saved, localToday, signIn, createTask } from './app_actions.mjs';

const suite = useBrowserAndServer();
const TRIALS = Number(process.env.CRASH_TRIALS || 50);
const DB = { db: 'crash-test' };

// A small seeded generator (mulberry32), so a failing run can be repeated with CRASH_SEED.
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const edit = (page, op, id, subject) => callHook(page, '_crm_test_edit', [op, id, subject]);
const lookUp = async (page, idOrSubject) => (await callHook(page, '_crm_test_activity', [idOrSubject])).result;

// Whether the app has shown "saved" in a frame drawn after `frame` (one read, no waiting).
async function shownSavedAfter(page, frame) {
  const s = await getTestState(page);
  return !!s && s.frame > frame && s.save === 'saved';
}

function lastConfirmed(versions) {
  let last = -1;
  versions.forEach((v, i) => { if (v.confirmed) last = i; });
  return last;
}

async function kill(context, page, how) {
  if (how === 'close') {
    await page.close({ runBeforeUnload: false });
    return;
  }
  const cdp = await context.newCDPSession(page);
  const crashed = new Promise((resolve) => page.once('crash', resolve));
  cdp.send('Page.crash').catch(() => {});  // never answers: the renderer is gone
  await Promise.race([crashed, new Promise((r) => setTimeout(r, 3000))]);
  await page.close().catch(() => {});
}

test(`crash durability: ${TRIALS} kills at random points lose no edit shown as saved`, { timeout: 15 * 60_000 }, async () => {
  const seed = Number(process.env.CRASH_SEED || Date.now() % 100000);
  const rnd = random(seed);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-crash-'));
  const contexts = {
    disk: await launchPersistent(profile, { viewport: { width: 1400, height: 850 } }),
    memory: await suite.browser.newContext({ viewport: { width: 1400, height: 850 } }),
  };
  // Per context: id -> the versions of that activity in the order they were made; `confirmed`
  // is the index of the last one shown as saved (a later one may have landed too, unconfirmed).
  const history = { disk: new Map(), memory: new Map() };
  const totals = { trials: 0, editsMade: 0, editsShownSaved: 0, editsChecked: 0, lost: 0, integrityFailures: 0, uiEdits: 0, snapshotsCut: 0 };
  const lost = [];
  try {
    for (let trial = 0; trial < TRIALS; trial++) {
      const where = trial < TRIALS / 2 ? 'disk' : 'memory';
      const how = trial % 2 === 0 ? 'close' : 'crash';
      const context = contexts[where];
      const known = history[where];
      const page = await openApp(context, suite.server.url, { query: DB });
      let state = await getTestState(page);
      if (!state.user) {
        await signIn(page, 'Anna Kowalska');
        await saved(page);
      }

      // 1. Everything shown as saved before the last kill is there.
      for (const [id, versions] of known) {
        const confirmed = lastConfirmed(versions);
        if (confirmed < 0) continue;
        totals.editsChecked++;
        const now = await lookUp(page, id);
        const landed = now ? versions.findIndex((v, i) => i >= confirmed && v.subject === now.subject && (!v.rev || v.rev === now.rev)) : -1;
        if (landed < 0) {
          totals.lost++;
          lost.push({ trial, where, how, id, expected: versions[confirmed], found: now });
        } else {
          // what loaded is the base from here on
          known.set(id, [{ ...versions[landed], rev: now.rev, confirmed: true }]);
        }
      }
      for (const [id, versions] of known) if (!versions.some((v) => v.confirmed)) known.delete(id);
      const report = await page.evaluate(() => window.crmCheckStoredData());
      if (!report.ok || report.notBytes) {
        totals.integrityFailures++;
        lost.push({ trial, where, how, integrity: report });
      }

      // 2. A random series of edits; all but the last are waited for until shown as saved.
      if (trial % 5 === 4) {
        const subject = `UI task ${trial}-${seed}`;
        await createTask(page, subject, await localToday(page));
        await saved(page);
        const made = await lookUp(page, subject);
        assert.ok(made, 'the task made through the dialog is in the store');
        known.set(made.id, [{ subject, rev: made.rev, confirmed: true }]);
        totals.uiEdits++;
        totals.editsMade++;
        totals.editsShownSaved++;
      }
      const count = 2 + Math.floor(rnd() * 6);
      for (let i = 0; i < count; i++) {
        const ids = [...known.keys()];
        const update = ids.length > 0 && rnd() < 0.6;
        const id = update ? pick(ids) : '';
        const subject = `${update ? 'Edited' : 'Created'} t${trial} e${i} s${seed}`;
        const last = i === count - 1;
        // every third trial ends in a full snapshot (the compaction write) the kill may cut into
        const op = (update ? 'update' : 'create') + (last && trial % 3 === 2 ? '+snapshot' : '');
        if (op.endsWith('+snapshot')) totals.snapshotsCut++;
        const { result, frame } = await edit(page, op, id, subject);
        assert.ok(!result.error, `edit refused: ${result.error}`);
        totals.editsMade++;
        const version = { subject, rev: result.rev, confirmed: false };
        if (!known.has(result.id)) known.set(result.id, []);
        known.get(result.id).push(version);
        if (!last) {
          await waitForState(page, (s) => s.frame > frame && s.save === 'saved', 'the edit shown as saved');
          version.confirmed = true;
          totals.editsShownSaved++;
          continue;
        }
        // 3. Kill 0-200 ms after the last edit; it counts as saved only if that was shown first.
        const delay = Math.floor(rnd() * 200);
        const until = Date.now() + delay;
        while (Date.now() < until) {
          if (!version.confirmed && await shownSavedAfter(page, frame)) {
            version.confirmed = true;
            totals.editsShownSaved++;
          }
          await page.waitForTimeout(Math.min(20, Math.max(0, until - Date.now())));
        }
        await kill(context, page, how);
      }
      totals.trials++;
    }
    // A last reopen checks the last kill of each context.
    for (const where of ['disk', 'memory']) {
      const page = await openApp(contexts[where], suite.server.url, { query: DB });
      for (const [id, versions] of history[where]) {
        const confirmed = lastConfirmed(versions);
        if (confirmed < 0) continue;
        totals.editsChecked++;
        const now = await lookUp(page, id);
        const ok = now && versions.some((v, i) => i >= confirmed && v.subject === now.subject && (!v.rev || v.rev === now.rev));
        if (!ok) { totals.lost++; lost.push({ where, final: true, id, expected: versions[confirmed], found: now }); }
      }
      const report = await page.evaluate(() => window.crmCheckStoredData());
      if (!report.ok || report.notBytes) { totals.integrityFailures++; lost.push({ where, final: true, integrity: report }); }
      totals[`${where}Integrity`] = { chunks: report.chunks, logEntries: report.logEntries, records: report.distinct };
      await page.close();
    }
  } finally {
    console.log(`crash durability (seed ${seed}): ${JSON.stringify(totals)}`);
    if (lost.length) console.log('lost or inconsistent:', JSON.stringify(lost.slice(0, 10), null, 1));
    await contexts.disk.close().catch(() => {});
    await contexts.memory.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
  }
  assert.equal(totals.trials, TRIALS);
  assert.equal(totals.lost, 0, 'an edit shown as saved was lost');
  assert.equal(totals.integrityFailures, 0, 'the stored data failed the integrity check');
});
