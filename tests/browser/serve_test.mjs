// Tests for scripts/serve.mjs (the dependency-free static server).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import zlib from 'node:zlib';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../scripts/serve.mjs';

const SERVE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../scripts/serve.mjs');
const INDEX = '<!doctype html><title>t</title><p>' + 'hello '.repeat(200) + '</p>\n';
const WASM = Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

/** Raw request: the path is sent exactly as given (no URL normalisation). */
function request(port, rawPath, { method = 'GET', headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: rawPath, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

let tmp, outside, srv;

test.before(async () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'serve-test-'));
  tmp = path.join(base, 'web');
  fs.mkdirSync(path.join(tmp, 'sub'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'index.html'), INDEX);
  fs.writeFileSync(path.join(tmp, 'app.wasm'), WASM);
  fs.writeFileSync(path.join(tmp, 'app.js'), 'console.log(1);\n'.repeat(50));
  fs.writeFileSync(path.join(tmp, 'app.data'), 'data');
  fs.writeFileSync(path.join(tmp, 'site.webmanifest'), '{}');
  fs.writeFileSync(path.join(tmp, 'sub', 'index.html'), 'sub');
  outside = path.join(base, 'secret.txt');
  fs.writeFileSync(outside, 'top secret');
  srv = await startServer({ root: tmp, port: 0 });
});

test.after(async () => {
  await srv?.close();
  if (tmp) fs.rmSync(path.dirname(tmp), { recursive: true, force: true });
});

test('startServer returns the actual port and url', () => {
  assert.ok(srv.port > 0);
  assert.equal(srv.url, `http://127.0.0.1:${srv.port}/`);
});

test('/ serves index.html with no-cache', async () => {
  const r = await request(srv.port, '/');
  assert.equal(r.status, 200);
  assert.match(r.headers['content-type'], /^text\/html/);
  assert.equal(r.headers['cache-control'], 'no-cache');
  assert.equal(r.body.toString(), INDEX);
  const sub = await request(srv.port, '/sub/?x=1');
  assert.equal(sub.status, 200);
  assert.equal(sub.body.toString(), 'sub');
});

test('.wasm is served as application/wasm', async () => {
  const r = await request(srv.port, '/app.wasm');
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'application/wasm');
  assert.deepEqual(r.body, WASM);
});

test('other MIME types', async () => {
  assert.match((await request(srv.port, '/app.js')).headers['content-type'], /^text\/javascript/);
  assert.equal((await request(srv.port, '/app.data')).headers['content-type'], 'application/octet-stream');
  assert.equal((await request(srv.port, '/site.webmanifest')).headers['content-type'], 'application/manifest+json');
});

test('missing file is 404', async () => {
  assert.equal((await request(srv.port, '/nope.js')).status, 404);
  assert.equal((await request(srv.port, '/sub/nope/x.wasm')).status, 404);
});

test('path traversal is rejected with 403', async () => {
  for (const p of ['/../etc/passwd', '/../secret.txt', '/sub/../../secret.txt',
    '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/..\\secret.txt']) {
    const r = await request(srv.port, p);
    assert.equal(r.status, 403, `${p} -> ${r.status}`);
    assert.ok(!r.body.toString().includes('top secret'), p);
  }
});

test('gzip when the client accepts it', async () => {
  const r = await request(srv.port, '/', { headers: { 'Accept-Encoding': 'gzip, deflate' } });
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-encoding'], 'gzip');
  assert.equal(zlib.gunzipSync(r.body).toString(), INDEX);

  const w = await request(srv.port, '/app.wasm', { headers: { 'Accept-Encoding': 'gzip' } });
  assert.equal(w.headers['content-encoding'], 'gzip');
  assert.equal(w.headers['content-type'], 'application/wasm');
  assert.deepEqual(zlib.gunzipSync(w.body), WASM);

  const plain = await request(srv.port, '/');
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(plain.body.toString(), INDEX);

  const refused = await request(srv.port, '/', { headers: { 'Accept-Encoding': 'gzip;q=0' } });
  assert.equal(refused.headers['content-encoding'], undefined);
});

test('HEAD has headers but no body; other methods are 405', async () => {
  const h = await request(srv.port, '/app.wasm', { method: 'HEAD' });
  assert.equal(h.status, 200);
  assert.equal(h.headers['content-type'], 'application/wasm');
  assert.equal(h.body.length, 0);
  const p = await request(srv.port, '/', { method: 'POST' });
  assert.equal(p.status, 405);
  assert.match(p.headers.allow, /GET/);
});

test('CLI prints one "Serving" line with the actual port', async () => {
  const child = spawn(process.execPath, [SERVE, tmp, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const line = await new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`no output: ${out}`)), 10_000);
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('\n')) { clearTimeout(timer); resolve(out.split('\n')[0]); }
      });
      child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`exited ${code}: ${out}`)); });
    });
    const m = line.match(/^Serving (.+) at http:\/\/127\.0\.0\.1:(\d+)\/$/);
    assert.ok(m, `unexpected line: ${line}`);
    assert.equal(m[1], tmp);
    const port = Number(m[2]);
    assert.ok(port > 0);
    assert.equal((await request(port, '/app.wasm')).headers['content-type'], 'application/wasm');
  } finally {
    child.kill('SIGTERM');
  }
});
