// The tray's icons, drawn in code so they need no image files: a disc with a
// check mark (on), a bar (off) or a cross (daemon not running). Served two
// ways, because hosts differ: as ARGB32 pixmaps in the item's IconPixmap and
// as PNGs in an icon theme directory named by IconThemePath.
import { writeFileSync } from 'node:fs';
import { makePrivateDir } from '../files/private-dir.js';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

export type TrayState = 'enabled' | 'disabled' | 'stopped';

export const ICON_NAMES: Record<TrayState, string> = {
  enabled: 'autocorrector-enabled',
  disabled: 'autocorrector-disabled',
  stopped: 'autocorrector-stopped',
};

// Disc colour and the mark's strokes (in a unit square) per state.
const LOOK: Record<TrayState, { rgb: [number, number, number]; strokes: [number, number, number, number][] }> = {
  enabled: { rgb: [0x2e, 0x9e, 0x44], strokes: [[0.28, 0.52, 0.44, 0.68], [0.44, 0.68, 0.74, 0.34]] },
  disabled: { rgb: [0x7a, 0x7a, 0x7a], strokes: [[0.3, 0.5, 0.7, 0.5]] },
  stopped: { rgb: [0xc0, 0x39, 0x2b], strokes: [[0.33, 0.33, 0.67, 0.67], [0.67, 0.33, 0.33, 0.67]] },
};

function segmentDistance(px: number, py: number, [x1, y1, x2, y2]: [number, number, number, number]): number {
  const dx = x2 - x1, dy = y2 - y1;
  const t = Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (x1 + t * dx), py - (y1 + t * dy));
}

/** RGBA rows, `size`×`size`, with 4×4 supersampling for smooth edges. */
export function drawRgba(state: TrayState, size: number): Buffer {
  const { rgb, strokes } = LOOK[state];
  const out = Buffer.alloc(size * size * 4);
  const n = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let disc = 0, mark = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const u = (x + (sx + 0.5) / n) / size, v = (y + (sy + 0.5) / n) / size;
          if (Math.hypot(u - 0.5, v - 0.5) > 0.47) continue;
          disc++;
          if (strokes.some((s) => segmentDistance(u, v, s) < 0.065)) mark++;
        }
      }
      const a = disc / (n * n), m = disc ? mark / disc : 0;
      const i = (y * size + x) * 4;
      for (let c = 0; c < 3; c++) out[i + c] = Math.round(rgb[c] * (1 - m) + 255 * m);
      out[i + 3] = Math.round(a * 255);
    }
  }
  return out;
}

/** The StatusNotifierItem pixmap format: ARGB32 in network byte order. */
export function argb32(state: TrayState, size: number): Buffer {
  const rgba = drawRgba(state, size);
  const out = Buffer.alloc(rgba.length);
  for (let i = 0; i < rgba.length; i += 4) {
    out[i] = rgba[i + 3];
    out[i + 1] = rgba[i];
    out[i + 2] = rgba[i + 1];
    out[i + 3] = rgba[i + 2];
  }
  return out;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A minimal RGBA PNG (8 bits per channel, no filtering). */
export function png(state: TrayState, size: number): Buffer {
  const rgba = drawRgba(state, size);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0)),
  ]);
}

export const PIXMAP_SIZES = [16, 22, 24, 32, 48, 64];

/** The hicolor theme's index for our sizes: a host whose icon search path is only IconThemePath (GNOME's AppIndicator extension) finds no themed icon without one. */
export function hicolorIndex(): string {
  const dirs = PIXMAP_SIZES.map((s) => `${s}x${s}/apps`);
  return ['[Icon Theme]', 'Name=Hicolor', 'Comment=autocorrector tray icons', `Directories=${dirs.join(',')}`, '',
    ...PIXMAP_SIZES.flatMap((s) => [`[${s}x${s}/apps]`, `Size=${s}`, 'Context=Applications', 'Type=Threshold', '']),
  ].join('\n');
}

/**
 * Writes <dir>/hicolor/NxN/apps/<name>.png for every state, the theme's
 * index, and a 48 px <dir>/<name>.png (hosts also look at the path's root
 * for unthemed icons); returns dir (for IconThemePath). Name dir
 * ".../<app>/icons": Plasma 5 ignores an IconThemePath that does not end so.
 */
export function writeIconTheme(dir: string): string {
  for (const size of PIXMAP_SIZES) {
    const apps = join(dir, 'hicolor', `${size}x${size}`, 'apps');
    makePrivateDir(apps);
    for (const state of Object.keys(ICON_NAMES) as TrayState[]) {
      writeFileSync(join(apps, `${ICON_NAMES[state]}.png`), png(state, size), { mode: 0o600 });
    }
  }
  writeFileSync(join(dir, 'hicolor', 'index.theme'), hicolorIndex(), { mode: 0o600 });
  for (const state of Object.keys(ICON_NAMES) as TrayState[]) writeFileSync(join(dir, `${ICON_NAMES[state]}.png`), png(state, 48), { mode: 0o600 });
  return dir;
}
