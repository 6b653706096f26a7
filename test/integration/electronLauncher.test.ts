// `npm start`'s first step (scripts/ensureElectron.ts) against downloads that fail for real: Electron's own
// installer runs on a copy of the electron package (so node_modules is left alone and no binary is there),
// with its cache in a temporary folder and ELECTRON_MIRROR pointing at a closed port or at a server
// answering 404. What a person reads is one paragraph, without a stack, and the exit status is not 0.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { closedPort } from './helpers';

const root = resolve(import.meta.dirname, '..', '..');
const realElectron = dirname(createRequire(import.meta.url).resolve('electron/package.json'));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const electronVersion = (): string =>
  (createRequire(import.meta.url)('electron/package.json') as { version: string }).version;

let work = '';
let electronDir = '';

/** Runs the launcher as `npm start` does, on the copy, with only the download settings given here. */
function launch(mirror: string, dir = electronDir): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Whatever the developer's own settings say, this run reads only the mirror below.
  for (const name of Object.keys(env)) {
    if (/^(npm_config_electron_|npm_package_config_electron_|electron_|ELECTRON_)/i.test(name))
      delete env[name];
  }
  Object.assign(env, {
    ELECTRON_MIRROR: mirror,
    electron_config_cache: join(work, 'cache'),
    ELECTRON_GET_NO_PROGRESS: '1',
    NO_PROXY: '127.0.0.1',
    no_proxy: '127.0.0.1',
  });
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'scripts', 'ensureElectron.ts'), '--electron-dir', dir],
      { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

function assertOneParagraph(run: Run, host: string, why: string): void {
  assert.notEqual(run.code, 0, 'the launcher must fail');
  assert.equal(run.code, 1);
  const text = run.stderr.trim();
  assert.equal(text.split('\n').length, 1, `one paragraph, got:\n${run.stderr}`);
  assert.match(
    text,
    new RegExp(`^Electron's binary could not be downloaded from ${host.replaceAll('.', '\\.')}${why}`),
  );
  assert.match(text, /Run `npm start` again to retry\./);
  assert.match(text, /ELECTRON_MIRROR=https:\/\//);
  assert.match(text, /ELECTRON_GET_USE_PROXY=1 and HTTPS_PROXY=/);
  assert.match(text, /`npm run web` runs the same app in a browser\.$/);
  const output = `${run.stdout}\n${run.stderr}`;
  assert.doesNotMatch(output, /^\s+at /m, 'no stack lines');
  assert.doesNotMatch(output, /TypeError|HTTPError|fetch failed/);
}

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'butterfly-electron-'));
  // A copy of the package without dist/ or path.txt: to the installer, a binary never downloaded.
  const modules = join(work, 'node_modules');
  electronDir = join(modules, 'electron');
  await mkdir(modules, { recursive: true });
  await cp(realElectron, electronDir, {
    recursive: true,
    filter: (src) =>
      ![join(realElectron, 'dist'), join(realElectron, 'node_modules')].some((skip) =>
        src.startsWith(skip),
      ) && src !== join(realElectron, 'path.txt'),
  });
  // install.js finds @electron/get beside it, as in a real node_modules.
  const kind = process.platform === 'win32' ? 'junction' : 'dir';
  await symlink(join(realElectron, '..', '@electron'), join(modules, '@electron'), kind);
});

after(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('npm start without Electron’s binary', { timeout: 60_000 }, () => {
  it('says in one paragraph that the download failed when the mirror refuses connections', async () => {
    const port = await closedPort();
    const run = await launch(`http://127.0.0.1:${port}/`);
    assertOneParagraph(run, `127.0.0.1:${port}`, ',');
    assert.match(run.stdout, new RegExp(`Downloading Electron's binary from 127\\.0\\.0\\.1:${port}`));
  });

  it('starts nothing and says nothing when the binary is already there', async () => {
    const ready = join(work, 'installed', 'electron');
    await cp(electronDir, ready, { recursive: true });
    const exe = process.platform === 'win32' ? 'electron.exe' : 'electron';
    await mkdir(join(ready, 'dist'), { recursive: true });
    await writeFile(join(ready, 'dist', exe), '');
    await writeFile(join(ready, 'dist', 'version'), `v${electronVersion()}`);
    await writeFile(join(ready, 'path.txt'), exe);
    // A download would fail here, so exit 0 means none was tried.
    const run = await launch(`http://127.0.0.1:${await closedPort()}/`, ready);
    assert.deepEqual(run, { code: 0, stdout: '', stderr: '' });
  });

  describe('with a mirror that answers 404', () => {
    let server: Server;
    const asked: string[] = [];

    before(async () => {
      server = createServer((req, res) => {
        asked.push(req.url ?? '');
        res.writeHead(404, { 'content-type': 'text/plain' }).end('no such release');
      });
      await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    });

    after(async () => {
      await new Promise<void>((closed) => server.close(() => closed()));
    });

    it('names the host and the answer, and asked it for this Electron version', async () => {
      const { port } = server.address() as AddressInfo;
      const run = await launch(`http://127.0.0.1:${port}/mirror/`);
      assertOneParagraph(run, `127.0.0.1:${port}`, ' \\(it answered 404 Not Found\\),');
      const version = electronVersion();
      assert.ok(
        asked.some((url) => url.startsWith(`/mirror/v${version}/electron-v${version}-`)),
        `the installer asked the mirror for Electron ${version}: ${asked.join(', ')}`,
      );
    });
  });
});
