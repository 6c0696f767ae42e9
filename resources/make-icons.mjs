#!/usr/bin/env node
// Draws Portico's icons (a white portico — pediment, columns, steps — on an indigo-to-sky
// rounded square) and writes them as PNGs with nothing but node:zlib, so no image tool is
// needed: the app icon at 16/32/256/512/1024, the coloured tray icon, and the macOS tray
// template images (black + alpha). `icon.svg` is the same drawing as a vector.
// Run: node resources/make-icons.mjs
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));

// ── PNG writer ────────────────────────────────────────────────────────────────────────────
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ── The drawing, in a 1024×1024 space ──────────────────────────────────────────────────────
const inRoundedRect = (x, y, x0, y0, x1, y1, r) => {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const inRect = (x, y, x0, y0, x1, y1) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
const inTriangle = (x, y, [ax, ay], [bx, by], [cx, cy]) => {
  const s = (px, py, qx, qy, rx, ry) => (px - rx) * (qy - ry) - (qx - rx) * (py - ry);
  const d1 = s(x, y, ax, ay, bx, by);
  const d2 = s(x, y, bx, by, cx, cy);
  const d3 = s(x, y, cx, cy, ax, ay);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
};
const COLUMNS = [300, 437, 587, 724];
/** The portico itself (columns, pediment, steps), white on the app icon, alone on the tray. */
function inPortico(x, y) {
  if (inTriangle(x, y, [512, 190], [830, 380], [194, 380])) return true;
  if (inRect(x, y, 210, 405, 814, 455)) return true;
  if (COLUMNS.some((cx) => inRect(x, y, cx - 38, 480, cx + 38, 760))) return true;
  if (inRect(x, y, 190, 785, 834, 835)) return true;
  return false;
}
const inBackground = (x, y) => inRoundedRect(x, y, 64, 64, 960, 960, 200);
const FROM = [79, 70, 229]; // indigo-600
const TO = [14, 165, 233]; // sky-500

/** Renders with 4×4 supersampling; `paint(x, y)` → [r, g, b, a] in the 1024 space, or null. */
function render(size, paint, scale = 1024 / size, offset = 0) {
  const rgba = Buffer.alloc(size * size * 4);
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = offset + (px + (sx + 0.5) / n) * scale;
          const y = offset + (py + (sy + 0.5) / n) * scale;
          const color = paint(x, y);
          if (!color) continue;
          const alpha = color[3] / 255;
          r += color[0] * alpha;
          g += color[1] * alpha;
          b += color[2] * alpha;
          a += alpha;
        }
      }
      const i = (py * size + px) * 4;
      if (a > 0) {
        rgba[i] = Math.round(r / a);
        rgba[i + 1] = Math.round(g / a);
        rgba[i + 2] = Math.round(b / a);
      }
      rgba[i + 3] = Math.round((a / (n * n)) * 255);
    }
  }
  return rgba;
}

const appIcon = (x, y) => {
  if (inPortico(x, y) && inBackground(x, y)) return [255, 255, 255, 255];
  if (!inBackground(x, y)) return null;
  const t = Math.min(Math.max((x + y - 128) / 1792, 0), 1);
  return [0, 1, 2].map((k) => Math.round(FROM[k] + (TO[k] - FROM[k]) * t)).concat(255);
};
// Tray icons show the portico alone, a little larger than on the app icon.
const trayTemplate = (x, y) => (inPortico(x, y) ? [0, 0, 0, 255] : null);
const trayColour = (x, y) => (inPortico(x, y) ? [...FROM, 255] : null);

function write(name, size, paint, scale, offset) {
  const file = join(here, name);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, png(size, render(size, paint, scale, offset)));
  console.log(`wrote resources/${name}`);
}

for (const size of [16, 32, 256, 512]) write(`icons/${size}x${size}.png`, size, appIcon);
write('icon.png', 1024, appIcon);
// The portico spans x 190..834, y 190..835: crop to it with a small margin.
const trayScale = (size) => 700 / size;
write('trayTemplate.png', 16, trayTemplate, trayScale(16), 162);
write('trayTemplate@2x.png', 32, trayTemplate, trayScale(32), 162);
write('tray.png', 32, trayColour, trayScale(32), 162);
write('tray@2x.png', 64, trayColour, trayScale(64), 162);
