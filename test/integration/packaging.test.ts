// Builds the app and packs it for Linux with electron-builder (--dir), against a stand-in for the unpacked
// Electron (this machine cannot download Electron), then checks what app.asar holds: the three bundles,
// and no sources, tests or node_modules. A proxy that goes nowhere makes any download attempt fail.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const root = resolve(import.meta.dirname, '..', '..');
const run = promisify(execFile);
const require = createRequire(import.meta.url);
const asar = require('@electron/asar') as {
  listPackage(archive: string, options?: object): string[];
  extractFile(archive: string, filename: string): Buffer;
};
const fuses = require('@electron/fuses') as {
  getCurrentFuseWire(electron: string): Promise<Record<string, string | number>>;
  FuseV1Options: Record<string, number>;
};
/** Where Electron keeps its fuses: this marker, the wire's version (1), its length, then one byte per fuse. */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** What an Electron build ships with, as '1' (on) and '0' (off), in FuseV1Options order. */
const ELECTRON_DEFAULT_FUSES = '10110001';

const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
  name: string;
  main: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};
const electronVersion = (require('electron/package.json') as { version: string }).version;

let work = '';
let unpacked = '';
let files: string[] = [];
let packMs = 0;

/** What electron-builder needs of an unpacked Electron for linux-x64 (see app-builder-lib's ElectronFramework). */
async function fakeElectronDist(dir: string): Promise<void> {
  await mkdir(join(dir, 'resources'), { recursive: true });
  // A real Electron carries a fuse wire in its binary; electron-builder flips it after packing.
  await writeFile(
    join(dir, 'electron'),
    Buffer.concat([
      Buffer.from('#!/bin/sh\necho "stand-in for Electron"\nexit 0\n# '),
      Buffer.from(FUSE_SENTINEL),
      Buffer.from([1, ELECTRON_DEFAULT_FUSES.length]),
      Buffer.from(`${ELECTRON_DEFAULT_FUSES}\n`),
    ]),
  );
  await chmod(join(dir, 'electron'), 0o755);
  await writeFile(join(dir, 'LICENSE'), 'Stand-in for the Electron license.\n');
  await writeFile(join(dir, 'LICENSES.chromium.html'), '<!doctype html><title>Stand-in</title>\n');
  await writeFile(join(dir, 'version'), `${electronVersion}\n`);
}

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'butterfly-pack-'));
  const dist = join(work, 'electron-dist');
  await fakeElectronDist(dist);
  const nowhere = 'http://127.0.0.1:9';
  const env = {
    ...process.env,
    HTTP_PROXY: nowhere,
    HTTPS_PROXY: nowhere,
    http_proxy: nowhere,
    https_proxy: nowhere,
    NO_PROXY: '',
    ELECTRON_BUILDER_CACHE: join(work, 'cache'),
    CSC_IDENTITY_AUTO_DISCOVERY: 'false',
  };
  await run(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: root,
    env,
  });
  const started = Date.now();
  await run(
    process.execPath,
    [
      join(root, 'node_modules/electron-builder/cli.js'),
      '--linux',
      'dir',
      '--x64',
      '--publish',
      'never',
      `-c.electronDist=${dist}`,
      `-c.electronVersion=${electronVersion}`,
      `-c.directories.output=${join(work, 'dist')}`,
    ],
    { cwd: root, env, maxBuffer: 16 * 1024 * 1024 },
  );
  packMs = Date.now() - started;
  unpacked = join(work, 'dist', 'linux-unpacked');
  files = asar.listPackage(join(unpacked, 'resources', 'app.asar')).map((f) => f.replaceAll('\\', '/'));
});

after(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the packaged app (electron-builder --linux dir)', () => {
  it('packs in well under a minute', () => {
    assert.ok(packMs < 60_000, `electron-builder took ${packMs} ms`);
    console.log(`electron-builder took ${packMs} ms`);
  });

  it("renames Electron to the app's executable and keeps the licenses", async () => {
    assert.ok((await stat(join(unpacked, pkg.name))).mode & 0o100);
    await stat(join(unpacked, 'LICENSE.electron.txt'));
    await stat(join(unpacked, 'LICENSES.chromium.html'));
  });

  it("flips the executable's fuses as electron-builder.yml says, and leaves the others as Electron ships them", async () => {
    const wire = await fuses.getCurrentFuseWire(join(unpacked, pkg.name));
    const state = (name: string): string => String.fromCharCode(Number(wire[fuses.FuseV1Options[name]!]));
    assert.equal(wire['version'], '1');
    assert.deepEqual(
      Object.fromEntries(
        [
          'RunAsNode',
          'EnableCookieEncryption',
          'EnableNodeOptionsEnvironmentVariable',
          'EnableNodeCliInspectArguments',
          'EnableEmbeddedAsarIntegrityValidation',
          'OnlyLoadAppFromAsar',
          'LoadBrowserProcessSpecificV8Snapshot',
          'GrantFileProtocolExtraPrivileges',
        ].map((name) => [name, state(name)]),
      ),
      {
        RunAsNode: '0',
        EnableCookieEncryption: '1',
        EnableNodeOptionsEnvironmentVariable: '0',
        EnableNodeCliInspectArguments: '0',
        EnableEmbeddedAsarIntegrityValidation: '1',
        OnlyLoadAppFromAsar: '1',
        LoadBrowserProcessSpecificV8Snapshot: '0',
        GrantFileProtocolExtraPrivileges: '1',
      },
    );
  });

  it('holds the main, preload and renderer bundles, and the entry package.json names', () => {
    for (const file of [
      '/out/main/index.js',
      '/out/preload/index.cjs',
      '/out/renderer/index.html',
      '/package.json',
    ]) {
      assert.ok(files.includes(file), `${file} is missing from app.asar`);
    }
    const packed = JSON.parse(
      asar.extractFile(join(unpacked, 'resources', 'app.asar'), 'package.json').toString(),
    ) as { main: string };
    assert.ok(files.includes(`/${packed.main}`), `package.json's main (${packed.main}) is not in app.asar`);
  });

  it('carries the tray icon beside the main bundle', () => {
    assert.ok(
      files.some((f) => /^\/out\/main\/chunks\/icon-[\w-]+\.png$/.test(f)),
      'no icon in out/main',
    );
  });

  it('holds no sources, tests, tools or node_modules', () => {
    const leaks = files.filter(
      (f) =>
        /\.(ts|tsx|map)$/.test(f) ||
        /^\/(test|main|app|renderer|resources|bin|node_modules|dist)(\/|$)/.test(f) ||
        f.includes('/node_modules/'),
    );
    assert.deepEqual(leaks, []);
    for (const dep of [...Object.keys(pkg.devDependencies ?? {}), ...Object.keys(pkg.dependencies ?? {})]) {
      assert.ok(!files.some((f) => f.includes(`/${dep}/`)), `${dep} was packaged`);
    }
  });

  it('needs nothing at run time but electron and Node built-ins, since no node_modules ship', () => {
    const main = asar.extractFile(join(unpacked, 'resources', 'app.asar'), 'out/main/index.js').toString();
    const specifiers = [
      ...main.matchAll(
        /(?:^|\n)\s*import\s[^'"]*?from\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)|\brequire\(\s*["']([^"']+)["']\s*\)/g,
      ),
    ].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
    assert.ok(specifiers.includes('electron'));
    const builtins = new Set(builtinModules);
    const bare = specifiers.filter(
      (s) => s !== 'electron' && !s.startsWith('node:') && !builtins.has(s) && !s.startsWith('.'),
    );
    assert.deepEqual(bare, []);
  });
});
