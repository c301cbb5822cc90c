// A small fault-injecting HTTP proxy on loopback, between the app and the CouchDB-protocol
// server, for the sync fault tests. It forwards every request as it is, except where a fault
// is queued: an HTTP error, a slow answer, a connection dropped before or after the server got
// the request, a malformed JSON body, or the whole proxy down (connections refused).
// CORS preflights always pass, so a fault is what the app's request meets, not a CORS error.
import http from 'node:http';

/**
 * @param {string} target base URL of the real server, e.g. http://127.0.0.1:5984
 * @returns {Promise<{url: string, inject: Function, down: Function, up: Function, log: object[], close: Function}>}
 */
export async function startFaultProxy(target) {
  const upstream = new URL(target);
  const faults = [];  // {kind, match, times, status, body, delayMs}
  const log = [];     // what happened to each request: {method, path, fault}
  const sockets = new Set();
  let port = 0;

  const corsHeaders = (req) => ({
    'Access-Control-Allow-Origin': req.headers.origin || '*',
    'Access-Control-Allow-Credentials': 'true',
    'Content-Type': 'application/json',
  });

  function forward(req, res, body, onAnswer) {
    const out = http.request({
      host: upstream.hostname, port: upstream.port, method: req.method, path: req.url,
      headers: { ...req.headers, host: upstream.host },
    }, (answer) => onAnswer(answer));
    out.on('error', () => res.destroy());
    out.end(body);
  }

  function takeFault(req) {
    if (req.method === 'OPTIONS') return null;
    const i = faults.findIndex((f) => f.match(req));
    if (i < 0) return null;
    const f = faults[i];
    if (--f.times <= 0) faults.splice(i, 1);
    return f;
  }

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const fault = takeFault(req);
      log.push({ method: req.method, path: req.url.split('?')[0], fault: fault?.kind ?? null });
      const pass = () => forward(req, res, body, (answer) => {
        res.writeHead(answer.statusCode, answer.headers);
        answer.pipe(res);
      });
      if (!fault) return pass();
      switch (fault.kind) {
        case 'status':  // an HTTP error answer, the server never sees the request
          res.writeHead(fault.status, corsHeaders(req));
          return res.end(fault.body ?? JSON.stringify({ error: 'injected', reason: `HTTP ${fault.status} from the fault proxy` }));
        case 'slow':
          return setTimeout(pass, fault.delayMs);
        case 'drop-before':  // the connection dies before the server hears of the request
          return req.socket.destroy();
        case 'drop-after':  // the server does the work, the answer never arrives
          return forward(req, res, body, (answer) => { answer.resume(); answer.on('end', () => req.socket.destroy()); });
        case 'malformed':  // a 200 whose body is cut in the middle
          return forward(req, res, body, (answer) => {
            const got = [];
            answer.on('data', (c) => got.push(c));
            answer.on('end', () => {
              const text = Buffer.concat(got).toString('utf8');
              res.writeHead(200, corsHeaders(req));
              res.end(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
            });
          });
        default:
          throw new Error(`unknown fault ${fault.kind}`);
      }
    });
  });
  server.keepAliveTimeout = 1000;
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });

  const listen = () => new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => { port = server.address().port; resolve(); });
  });
  await listen();

  return {
    url: `http://127.0.0.1:${port}`,
    log,
    /** Queue a fault for the next `times` requests matching `match` (method + path test). */
    inject({ kind, times = 1, status, body, delayMs = 0, method, path }) {
      const match = (req) => (!method || req.method === method) && (!path || path.test(req.url.split('?')[0]));
      faults.push({ kind, times, status, body, delayMs, match });
    },
    clearFaults() { faults.length = 0; },
    pendingFaults() { return faults.length; },
    /** Stop listening and cut every open connection: the server is down. */
    async down() {
      await new Promise((resolve) => { server.close(() => resolve()); for (const s of sockets) s.destroy(); });
    },
    /** Listen again on the same port. */
    up: listen,
    async close() {
      for (const s of sockets) s.destroy();
      if (server.listening) await new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
