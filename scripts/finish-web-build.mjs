// Finishes build-wasm/web after the wasm link: the page's icons (drawn here, no image files
// to ship), the web app manifest, and the service worker with this build's version and file list.
// The version is a hash of every file the worker caches, so a new build (and only a new build)
// installs a new worker, which then offers "Update ready" to open pages.
// Usage: node scripts/finish-web-build.mjs <web output dir> <repo root>
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const [out, root] = process.argv.slice(2);
if (!out || !root) throw new Error('usage: finish-web-build.mjs <web dir> <repo root>');

// ---- icons: a rounded blue square with a white check mark, anti-aliased by supersampling ----
function crc32(buf) {
  let c, crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, rgbaAt) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;  // filter: none
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = rgbaAt(x, y);
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = r; raw[o + 1] = g; raw[o + 2] = b; raw[o + 3] = a;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}
function distToSegment(px, py, ax, ay, bx, by) {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}
// `maskable`: the glyph stays inside the central safe zone and the background fills the square.
function icon(size, maskable) {
  const S = 4;  // samples per axis
  const inset = maskable ? 0 : 0.06, radius = maskable ? 0 : 0.2;
  const scale = maskable ? 0.62 : 0.8;  // check mark size
  const check = [[0.28, 0.52], [0.44, 0.68], [0.74, 0.36]].map(([x, y]) => [0.5 + (x - 0.5) * scale / 0.8, 0.5 + (y - 0.5) * scale / 0.8]);
  const stroke = 0.085 * scale / 0.8;
  return png(size, (x, y) => {
    let bg = 0, fg = 0;
    for (let sy = 0; sy < S; sy++) for (let sx = 0; sx < S; sx++) {
      const u = (x + (sx + 0.5) / S) / size, v = (y + (sy + 0.5) / S) / size;
      const qx = Math.max(Math.abs(u - 0.5) - (0.5 - inset - radius), 0);
      const qy = Math.max(Math.abs(v - 0.5) - (0.5 - inset - radius), 0);
      if (Math.hypot(qx, qy) <= radius) {
        bg++;
        const d = Math.min(distToSegment(u, v, ...check[0], ...check[1]), distToSegment(u, v, ...check[1], ...check[2]));
        if (d <= stroke / 2) fg++;
      }
    }
    const n = S * S, a = bg / n, f = bg ? fg / bg : 0;
    const blue = [17, 94, 163];
    return [Math.round(blue[0] + (255 - blue[0]) * f), Math.round(blue[1] + (255 - blue[1]) * f),
            Math.round(blue[2] + (255 - blue[2]) * f), Math.round(255 * a)];
  });
}
fs.mkdirSync(path.join(out, 'icons'), { recursive: true });
fs.writeFileSync(path.join(out, 'icons', 'icon-192.png'), icon(192, false));
fs.writeFileSync(path.join(out, 'icons', 'icon-512.png'), icon(512, false));
fs.writeFileSync(path.join(out, 'icons', 'maskable-512.png'), icon(512, true));

// ---- static files beside the page ----
for (const f of ['manifest.webmanifest', 'app.css', 'shell.js', 'a11y_mirror.js', 'embed.js', 'embed-example.html', 'embed-example.js']) {
  fs.copyFileSync(path.join(root, 'web', f), path.join(out, f));
}

// ---- the service worker: version = hash of everything it caches ----
// Precached: what every start needs. Lazy: files the app fetches only when it needs them (the
// Traditional Chinese font, ~5 MB: precaching it would make every user download it at the
// first visit). The worker caches a lazy file when the app first fetches it, checked against
// the hash listed here, and carries it into the next build's cache on update, so a Chinese user
// who went offline after an update still has it. Their hashes are part of the version.
const precache = ['index.html', 'app.css', 'shell.js', 'a11y_mirror.js', 'app.js', 'app.wasm', 'manifest.webmanifest',
  'icons/icon-192.png', 'icons/icon-512.png', 'icons/maskable-512.png'];
const lazyFiles = ['fonts/NotoSansCJKtc-subset.otf'].filter((f) => fs.existsSync(path.join(out, f)));
const sha16 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 16);
const lazy = Object.fromEntries(lazyFiles.map((f) => [f, sha16(fs.readFileSync(path.join(out, f)))]));
const hash = crypto.createHash('sha256');
for (const f of precache) hash.update(f).update(fs.readFileSync(path.join(out, f)));
for (const [f, h] of Object.entries(lazy)) hash.update(f).update(h);
const version = hash.digest('hex').slice(0, 16);
const sw = fs.readFileSync(path.join(root, 'web', 'sw.js'), 'utf8')
  .replace('__BUILD_VERSION__', version)
  .replace('__PRECACHE__', JSON.stringify(['./', ...precache]))
  .replace('__LAZY__', JSON.stringify(lazy));
fs.writeFileSync(path.join(out, 'sw.js'), sw);
console.log(`web build finished: version ${version}`);
