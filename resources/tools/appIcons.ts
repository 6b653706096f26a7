// Derives the Windows .ico and the macOS .icns from the 512 px app icon, with nothing but Node: electron-builder
// can convert a PNG itself, but only with a tool it downloads at build time. Deterministic in pixels: a unit
// test decodes the committed files and checks every size matches what this script draws.
//
//   npx tsx resources/tools/appIcons.ts      reads resources/icons/icon.png, writes icon.ico and icon.icns beside it
//
// Windows gets 16-256 px (BMP entries below 256, as every Windows and NSIS reads; PNG at 256, as Vista+ expects);
// macOS gets 16-512 px at 1x and 2x, all PNG.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync, inflateSync } from 'node:zlib';

export interface Rgba {
  width: number;
  height: number;
  /** Straight (not premultiplied) RGBA, 4 bytes a pixel, rows top to bottom. */
  data: Buffer;
}

export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;
/** ICNS element types and their pixel sizes (the @2x types hold twice the point size). */
export const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
] as const;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Decodes an 8-bit RGBA, non-interlaced PNG (what resources/icons/icon.png is). */
export function decodePng(png: Buffer): Rgba {
  if (!png.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('Not a PNG file.');
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [depth, colour, , , interlace] = [body[8], body[9], body[10], body[11], body[12]];
      if (depth !== 8 || colour !== 6 || interlace !== 0)
        throw new Error('Only 8-bit RGBA non-interlaced PNGs are supported.');
    } else if (type === 'IDAT') {
      idat.push(body);
    } else if (type === 'IEND') {
      break;
    }
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const data = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= 4 ? data[y * stride + x - 4]! : 0;
      const b = y > 0 ? data[(y - 1) * stride + x]! : 0;
      const c = x >= 4 && y > 0 ? data[(y - 1) * stride + x - 4]! : 0;
      data[y * stride + x] = (line[x]! + predict(filter, a, b, c)) & 0xff;
    }
  }
  return { width, height, data };
}

function predict(filter: number | undefined, a: number, b: number, c: number): number {
  switch (filter) {
    case 0:
      return 0;
    case 1:
      return a;
    case 2:
      return b;
    case 3:
      return (a + b) >> 1;
    case 4: {
      const p = a + b - c;
      const pa = Math.abs(p - a);
      const pb = Math.abs(p - b);
      const pc = Math.abs(p - c);
      return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
    default:
      throw new Error(`Unknown PNG filter ${String(filter)}.`);
  }
}

export function encodePng({ width, height, data }: Rgba): Buffer {
  const chunk = (type: string, body: Buffer): Buffer => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(body.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])) >>> 0, 0);
    return Buffer.concat([head, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) data.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Scales down by area averaging in premultiplied alpha, so transparent edges do not darken. */
export function resize(source: Rgba, size: number): Rgba {
  const horizontal = scaleAxis(premultiply(source), source.width, source.height, size, true);
  const both = scaleAxis(horizontal, size, source.height, size, false);
  const data = Buffer.alloc(size * size * 4);
  for (let i = 0; i < size * size; i++) {
    const alpha = both[i * 4 + 3]!;
    for (let ch = 0; ch < 3; ch++)
      data[i * 4 + ch] = alpha > 0 ? clampByte((both[i * 4 + ch]! * 255) / alpha) : 0;
    data[i * 4 + 3] = clampByte(alpha);
  }
  return { width: size, height: size, data };
}

function premultiply({ width, height, data }: Rgba): Float64Array {
  const out = new Float64Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const alpha = data[i * 4 + 3]!;
    for (let ch = 0; ch < 3; ch++) out[i * 4 + ch] = (data[i * 4 + ch]! * alpha) / 255;
    out[i * 4 + 3] = alpha;
  }
  return out;
}

/** Averages along one axis: each output cell covers `from / to` source cells, partial ones weighted. */
function scaleAxis(
  src: Float64Array,
  width: number,
  height: number,
  to: number,
  alongX: boolean,
): Float64Array {
  const from = alongX ? width : height;
  const outW = alongX ? to : width;
  const outH = alongX ? height : to;
  const out = new Float64Array(outW * outH * 4);
  const scale = from / to;
  for (let o = 0; o < to; o++) {
    const start = o * scale;
    const end = start + scale;
    for (let s = Math.floor(start); s < Math.ceil(end); s++) {
      const weight = (Math.min(end, s + 1) - Math.max(start, s)) / scale;
      const lines = alongX ? height : width;
      for (let l = 0; l < lines; l++) {
        const si = alongX ? (l * width + s) * 4 : (s * width + l) * 4;
        const oi = alongX ? (l * outW + o) * 4 : (o * outW + l) * 4;
        for (let ch = 0; ch < 4; ch++) out[oi + ch]! += src[si + ch]! * weight;
      }
    }
  }
  return out;
}

function clampByte(v: number): number {
  return Math.max(0, Math.min(255, Math.round(v)));
}

/** A classic ICO image: BITMAPINFOHEADER, BGRA rows bottom-up, then the 1-bit AND mask (set where transparent). */
export function bmpEntry({ width, height, data }: Rgba): Buffer {
  const maskStride = Math.ceil(width / 32) * 4;
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(width, 4);
  header.writeInt32LE(height * 2, 8);
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  header.writeUInt32LE(width * height * 4 + maskStride * height, 20);
  const pixels = Buffer.alloc(width * height * 4);
  const mask = Buffer.alloc(maskStride * height);
  for (let y = 0; y < height; y++) {
    const row = height - 1 - y;
    for (let x = 0; x < width; x++) {
      const s = (y * width + x) * 4;
      const d = (row * width + x) * 4;
      pixels[d] = data[s + 2]!;
      pixels[d + 1] = data[s + 1]!;
      pixels[d + 2] = data[s]!;
      pixels[d + 3] = data[s + 3]!;
      if (data[s + 3] === 0) mask[row * maskStride + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  return Buffer.concat([header, pixels, mask]);
}

export function buildIco(source: Rgba): Buffer {
  const images = ICO_SIZES.map((size) =>
    size >= 256 ? encodePng(resize(source, size)) : bmpEntry(resize(source, size)),
  );
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach((image, i) => {
    const size = ICO_SIZES[i]!;
    const at = 6 + 16 * i;
    header[at] = size >= 256 ? 0 : size;
    header[at + 1] = size >= 256 ? 0 : size;
    header.writeUInt16LE(1, at + 4);
    header.writeUInt16LE(32, at + 6);
    header.writeUInt32LE(image.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += image.length;
  });
  return Buffer.concat([header, ...images]);
}

export function buildIcns(source: Rgba): Buffer {
  const elements = ICNS_TYPES.map(([type, size]) => {
    const png = encodePng(size === source.width ? source : resize(source, size));
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + elements.reduce((n, e) => n + e.length, 0), 4);
  return Buffer.concat([head, ...elements]);
}

const iconsDir = resolve(import.meta.dirname, '..', 'icons');

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const source = decodePng(readFileSync(resolve(iconsDir, 'icon.png')));
  if (source.width !== 512 || source.height !== 512)
    throw new Error('resources/icons/icon.png must be 512 x 512.');
  writeFileSync(resolve(iconsDir, 'icon.ico'), buildIco(source));
  writeFileSync(resolve(iconsDir, 'icon.icns'), buildIcns(source));
  console.log('Wrote resources/icons/icon.ico and resources/icons/icon.icns.');
}
