// The packaging inputs: electron-builder's configuration, and the .ico and .icns that resources/tools/appIcons.ts
// derives from the 512 px icon (decoded here and compared pixel by pixel with what the script draws).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  buildIcns,
  buildIco,
  decodePng,
  encodePng,
  ICNS_TYPES,
  ICO_SIZES,
  resize,
  type Rgba,
} from '../../resources/tools/appIcons';

const root = resolve(import.meta.dirname, '..', '..');
const icons = join(root, 'resources', 'icons');
const source = decodePng(readFileSync(join(icons, 'icon.png')));

/** Reads a classic ICO BMP entry back to top-down RGBA. */
function decodeBmp(entry: Buffer): Rgba {
  const width = entry.readInt32LE(4);
  const height = entry.readInt32LE(8) / 2;
  assert.equal(entry.readUInt16LE(14), 32);
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const s = 40 + ((height - 1 - y) * width + x) * 4;
      const d = (y * width + x) * 4;
      data.set([entry[s + 2]!, entry[s + 1]!, entry[s]!, entry[s + 3]!], d);
    }
  }
  return { width, height, data };
}

function parseIco(ico: Buffer): { size: number; image: Rgba; png: boolean }[] {
  assert.equal(ico.readUInt16LE(2), 1, 'not an icon resource');
  const count = ico.readUInt16LE(4);
  return Array.from({ length: count }, (_, i) => {
    const at = 6 + 16 * i;
    const size = ico[at] || 256;
    const entry = ico.subarray(
      ico.readUInt32LE(at + 12),
      ico.readUInt32LE(at + 12) + ico.readUInt32LE(at + 8),
    );
    const png = entry.subarray(1, 4).toString('latin1') === 'PNG';
    return { size, png, image: png ? decodePng(entry) : decodeBmp(entry) };
  });
}

function parseIcns(icns: Buffer): { type: string; image: Rgba }[] {
  assert.equal(icns.toString('latin1', 0, 4), 'icns');
  assert.equal(icns.readUInt32BE(4), icns.length);
  const out: { type: string; image: Rgba }[] = [];
  for (let at = 8; at < icns.length;) {
    const type = icns.toString('latin1', at, at + 4);
    const length = icns.readUInt32BE(at + 4);
    out.push({ type, image: decodePng(icns.subarray(at + 8, at + length)) });
    at += length;
  }
  return out;
}

describe('app icons', () => {
  it('starts from a 512 x 512 RGBA PNG', () => {
    assert.equal(source.width, 512);
    assert.equal(source.height, 512);
  });

  it('round-trips a PNG through the encoder and decoder', () => {
    const small = resize(source, 32);
    assert.deepEqual(decodePng(encodePng(small)), small);
  });

  it('scales a flat colour to the same colour, and keeps transparent pixels transparent', () => {
    const flat: Rgba = { width: 6, height: 6, data: Buffer.alloc(6 * 6 * 4) };
    // The top two of six rows are opaque; scaled to four rows, each output row covers one and a half.
    for (let i = 0; i < 36; i++) flat.data.set(i < 12 ? [10, 200, 30, 255] : [0, 0, 0, 0], i * 4);
    const scaled = resize(flat, 4);
    const pixel = (row: number) => [...scaled.data.subarray(row * 16, row * 16 + 4)];
    assert.deepEqual(pixel(0), [10, 200, 30, 255]);
    // Row 1 straddles the edge, a third covered: fainter, but its colour not darkened by the transparent part.
    assert.deepEqual(pixel(1), [10, 200, 30, 85]);
    assert.deepEqual(pixel(3), [0, 0, 0, 0]);
  });

  it('commits a Windows .ico with 16 to 256 px, matching the script pixel for pixel', () => {
    const committed = parseIco(readFileSync(join(icons, 'icon.ico')));
    assert.deepEqual(
      committed.map((e) => e.size),
      [...ICO_SIZES],
    );
    assert.deepEqual(
      committed.map((e) => e.png),
      ICO_SIZES.map((s) => s >= 256),
    );
    const fresh = parseIco(buildIco(source));
    committed.forEach((entry, i) =>
      assert.ok(
        entry.image.data.equals(fresh[i]!.image.data),
        `${entry.size} px differs: run npx tsx resources/tools/appIcons.ts`,
      ),
    );
  });

  it('commits a macOS .icns with 16 to 512 px at 1x and 2x, matching the script pixel for pixel', () => {
    const committed = parseIcns(readFileSync(join(icons, 'icon.icns')));
    assert.deepEqual(
      committed.map((e) => [e.type, e.image.width]),
      ICNS_TYPES.map(([t, s]) => [t, s]),
    );
    const fresh = parseIcns(buildIcns(source));
    committed.forEach((entry, i) =>
      assert.ok(
        entry.image.data.equals(fresh[i]!.image.data),
        `${entry.type} differs: run npx tsx resources/tools/appIcons.ts`,
      ),
    );
  });
});

describe('electron-builder.yml', () => {
  const yml = readFileSync(join(root, 'electron-builder.yml'), 'utf8');

  it('packages only the built bundles and package.json', () => {
    const files = /^files:\n((?:\s+-.*\n)+)/m
      .exec(yml)?.[1]
      ?.trim()
      .split('\n')
      .map((l) => l.trim());
    assert.deepEqual(files, ['- out/**', '- package.json', "- '!**/node_modules/**'"]);
  });

  it('builds NSIS for Windows, DMG for macOS, AppImage and deb for Linux, each with our own icon', () => {
    assert.match(yml, /^win:\n(?:\s+.*\n)*?\s+target: nsis$/m);
    assert.match(yml, /^mac:\n(?:\s+.*\n)*?\s+target: dmg$/m);
    assert.match(yml, /^linux:\n\s+target:\n\s+- AppImage\n\s+- deb$/m);
    assert.match(yml, /^\s+icon: resources\/icons\/icon\.ico$/m);
    assert.match(yml, /^\s+icon: resources\/icons\/icon\.icns$/m);
    assert.match(yml, /^\s+icon: resources\/icons\/icon\.png$/m);
  });

  it("flips Electron's fuses: no running as Node, no NODE_OPTIONS or --inspect, encrypted cookies, only a validated app.asar", () => {
    // The YAML parser electron-builder itself reads the file with.
    const { load } = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
    const config = load(yml) as { electronFuses?: unknown; asar?: unknown };
    assert.deepEqual(config.electronFuses, {
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
    // onlyLoadAppFromAsar needs the app packed into app.asar, electron-builder's default.
    assert.ok(config.asar === undefined || config.asar === true, 'asar stays on');
  });

  it('has icons electron-builder takes as they are, with no conversion tool to download', async () => {
    // The function electron-builder's packagers resolve icons with; a conversion would download a toolset.
    const { convertIcon } = createRequire(import.meta.url)('app-builder-lib/out/util/iconConverter') as {
      convertIcon(o: object): Promise<{ icons: { file: string; size: number }[]; isFallback: boolean }>;
    };
    const outDir = mkdtempSync(join(tmpdir(), 'butterfly-icons-'));
    try {
      for (const [file, format, size] of [
        ['resources/icons/icon.ico', 'ico', 256],
        ['resources/icons/icon.icns', 'icns', 0],
        ['resources/icons/icon.png', 'set', 512],
      ] as const) {
        const result = await convertIcon({
          sources: [file],
          fallbackSources: [],
          roots: [join(root, 'resources'), root],
          format,
          outDir,
        });
        assert.deepEqual(result, { icons: [{ file: join(root, file), size }], isFallback: false });
      }
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });
});
