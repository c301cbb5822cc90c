#!/usr/bin/env node
// Dependency-free static file server for the built web app.
// Usage: node scripts/serve.mjs <dir> [--port N] [--host 127.0.0.1]
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.woff2': 'font/woff2',
  '.data': 'application/octet-stream',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
};

function contentTypeFor(file) {
  return MIME_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

function isCompressible(type) {
  return /^text\//.test(type) ||
    /^application\/(wasm|json|manifest\+json|javascript)/.test(type) ||
    /^image\/svg\+xml/.test(type);
}

function acceptsGzip(req) {
  const ae = req.headers['accept-encoding'];
  if (!ae) return false;
  return ae.split(',').some((part) => {
    const [coding, ...params] = part.trim().split(';').map((s) => s.trim());
    if (coding.toLowerCase() !== 'gzip' && coding !== '*') return false;
    const q = params.find((p) => p.startsWith('q='));
    return !q || parseFloat(q.slice(2)) > 0;
  });
}

function sendError(res, status, message, isHead) {
  const body = `${status} ${message}\n`;
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-cache',
  });
  res.end(isHead ? undefined : body);
}

function createHandler(root) {
  return async function handler(req, res) {
    const isHead = req.method === 'HEAD';
    if (req.method !== 'GET' && !isHead) {
      res.setHeader('Allow', 'GET, HEAD');
      return sendError(res, 405, 'Method Not Allowed', false);
    }

    // Take the raw path (no URL normalisation, so "/../" is still visible).
    let rawPath = (req.url || '/').split('?')[0].split('#')[0];
    let decoded;
    try {
      decoded = decodeURIComponent(rawPath);
    } catch {
      return sendError(res, 400, 'Bad Request', isHead);
    }
    if (decoded.includes('\0')) return sendError(res, 400, 'Bad Request', isHead);

    const segments = decoded.split(/[\\/]+/);
    if (segments.includes('..')) return sendError(res, 403, 'Forbidden', isHead);

    let filePath = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
    if (filePath !== root && !filePath.startsWith(root + path.sep)) {
      return sendError(res, 403, 'Forbidden', isHead);
    }

    let stat;
    try {
      stat = await fs.promises.stat(filePath);
      if (stat.isDirectory()) {
        filePath = path.join(filePath, 'index.html');
        stat = await fs.promises.stat(filePath);
      }
      if (!stat.isFile()) throw new Error('not a file');
      // Reject symlinks escaping the root.
      const real = await fs.promises.realpath(filePath);
      const realRoot = await fs.promises.realpath(root);
      if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
        return sendError(res, 403, 'Forbidden', isHead);
      }
    } catch {
      return sendError(res, 404, 'Not Found', isHead);
    }

    const type = contentTypeFor(filePath);
    const headers = {
      'Content-Type': type,
      'Cache-Control': 'no-cache',
      'Last-Modified': stat.mtime.toUTCString(),
      'X-Content-Type-Options': 'nosniff',
    };
    const compressible = isCompressible(type);
    if (compressible) headers['Vary'] = 'Accept-Encoding';

    if (compressible && acceptsGzip(req)) {
      let body;
      try {
        body = zlib.gzipSync(await fs.promises.readFile(filePath));
      } catch {
        return sendError(res, 500, 'Internal Server Error', isHead);
      }
      headers['Content-Encoding'] = 'gzip';
      headers['Content-Length'] = body.length;
      res.writeHead(200, headers);
      return res.end(isHead ? undefined : body);
    }

    headers['Content-Length'] = stat.size;
    res.writeHead(200, headers);
    if (isHead) return res.end();
    const stream = fs.createReadStream(filePath);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  };
}

/**
 * Start a static server.
 * @param {{root: string, port?: number, host?: string}} opts
 * @returns {Promise<{url: string, port: number, close: () => Promise<void>}>}
 */
export function startServer({ root, port = 8080, host = '127.0.0.1' } = {}) {
  if (!root) return Promise.reject(new Error('startServer: root is required'));
  const absRoot = path.resolve(root);
  const handler = createHandler(absRoot);
  const server = http.createServer((req, res) => {
    handler(req, res).catch((err) => {
      if (!res.headersSent) sendError(res, 500, 'Internal Server Error', req.method === 'HEAD');
      else res.destroy(err);
    });
  });
  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const actualPort = server.address().port;
      const urlHost = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${urlHost}:${actualPort}/`,
        port: actualPort,
        server,
        close() {
          return new Promise((res) => {
            server.close(() => res());
            for (const s of sockets) s.destroy();
          });
        },
      });
    });
  });
}

function parseArgs(argv) {
  const opts = { root: null, port: 8080, host: '127.0.0.1' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port') opts.port = Number(argv[++i]);
    else if (a.startsWith('--port=')) opts.port = Number(a.slice(7));
    else if (a === '--host') opts.host = argv[++i];
    else if (a.startsWith('--host=')) opts.host = a.slice(7);
    else if (a === '-h' || a === '--help') opts.help = true;
    else if (!opts.root) opts.root = a;
    else throw new Error(`unexpected argument: ${a}`);
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) {
    throw new Error('invalid --port');
  }
  return opts;
}

const isMain = process.argv[1] &&
  path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);

if (isMain) {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`serve.mjs: ${e.message}`);
    process.exit(2);
  }
  if (opts.help || !opts.root) {
    console.error('Usage: node scripts/serve.mjs <dir> [--port N] [--host 127.0.0.1]');
    process.exit(opts.help ? 0 : 2);
  }
  if (!fs.existsSync(opts.root) || !fs.statSync(opts.root).isDirectory()) {
    console.error(`serve.mjs: not a directory: ${opts.root}`);
    process.exit(2);
  }
  startServer(opts).then(
    ({ port, close }) => {
      const shown = ['0.0.0.0', '::', '127.0.0.1'].includes(opts.host)
        ? '127.0.0.1' : (opts.host.includes(':') ? `[${opts.host}]` : opts.host);
      console.log(`Serving ${opts.root} at http://${shown}:${port}/`);
      const stop = () => close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (err) => {
      console.error(`serve.mjs: ${err.message}`);
      process.exit(1);
    },
  );
}
