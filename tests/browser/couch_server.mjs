// A real CouchDB-protocol server for the sync tests: pouchdb-server from npm, in memory, on a
// free loopback port, with CORS opened for the app's origin (another loopback port).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './harness.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export async function startCouchServer() {
  const port = await freePort();
  // pouchdb-server writes config.json and log.txt into its working directory.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-couch-'));
  const bin = path.join(REPO_ROOT, 'node_modules', '.bin', 'pouchdb-server');
  const proc = spawn(bin, ['--in-memory', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: dir, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout.on('data', (d) => { output += d; });
  proc.stderr.on('data', (d) => { output += d; });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const r = await fetch(`${url}/`);
      if (r.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline || proc.exitCode !== null) throw new Error(`pouchdb-server did not start:\n${output}`);
    await sleep(200);
  }
  const config = [
    ['httpd', 'enable_cors', 'true'],
    ['cors', 'origins', '*'],
    ['cors', 'credentials', 'true'],
    ['cors', 'methods', 'GET, PUT, POST, HEAD, DELETE'],
    ['cors', 'headers', 'accept, authorization, content-type, origin, referer'],
  ];
  for (const [section, key, value] of config) {
    await fetch(`${url}/_config/${section}/${key}`, { method: 'PUT', body: JSON.stringify(value) });
  }
  return {
    url,
    port,
    // Every document of a database (not the design documents), by id.
    async docs(db) {
      const r = await fetch(`${url}/${db}/_all_docs?include_docs=true`);
      if (r.status === 404) return new Map();
      const body = await r.json();
      return new Map(body.rows.filter((row) => !row.id.startsWith('_design/')).map((row) => [row.id, row.doc]));
    },
    async put(db, doc) {
      const r = await fetch(`${url}/${db}/${encodeURIComponent(doc._id)}`, {
        method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(doc),
      });
      return r.json();
    },
    async close() {
      proc.kill('SIGTERM');
      await new Promise((r) => (proc.exitCode !== null ? r() : proc.once('exit', r)));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
