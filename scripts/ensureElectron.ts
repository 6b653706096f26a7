// `npm start` runs this before electron-vite: the first time, it fetches Electron's binary with Electron's
// own installer (node_modules/electron/install.js). When that fails (offline, a proxy, a blocked host) it
// says so in one paragraph, with what to do, instead of the installer's stack.
//
//   tsx scripts/ensureElectron.ts [--electron-dir DIR]
//
// --electron-dir names another copy of the electron package (the tests use one, to leave node_modules be).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';

const GITHUB = 'https://github.com/electron/electron/releases/download/';

/** Where install.js expects the executable inside dist/, by platform (its getPlatformPath). */
function platformPath(platform: string): string {
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron';
  return platform === 'win32' ? 'electron.exe' : 'electron';
}

/** The same test install.js makes before it downloads: this version's executable is in place. */
function installed(dir: string, env: NodeJS.ProcessEnv): boolean {
  try {
    const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
    const exe = platformPath(
      env['ELECTRON_INSTALL_PLATFORM'] || env['npm_config_platform'] || process.platform,
    );
    const distVersion = readFileSync(join(dir, 'dist', 'version'), 'utf8')
      .trim()
      .replace(/^v/, '');
    if (distVersion !== version) return false;
    if (readFileSync(join(dir, 'path.txt'), 'utf8') !== exe) return false;
    return existsSync(env['ELECTRON_OVERRIDE_DIST_PATH'] || join(dir, 'dist', exe));
  } catch {
    return false;
  }
}

/** The host the binary comes from, read from the settings @electron/get reads (npm config, then env). */
function downloadHost(env: NodeJS.ProcessEnv): string {
  const mirror =
    env['npm_config_electron_mirror'] ||
    env['NPM_CONFIG_ELECTRON_MIRROR'] ||
    env['npm_package_config_electron_mirror'] ||
    env['ELECTRON_MIRROR'] ||
    GITHUB;
  try {
    return new URL(mirror).host || mirror;
  } catch {
    return mirror;
  }
}

/** Why the download failed, from the installer's error output, as a short clause (empty when it does not say). */
function cause(stderr: string): string {
  const http = /Response code (\d+) \(([^)]*)\)/.exec(stderr);
  if (http) return ` (it answered ${http[1]}${http[2] ? ` ${http[2]}` : ''})`;
  const code = /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT)\b/.exec(
    stderr,
  );
  return code ? ` (${code[1]})` : '';
}

const DOWNLOAD_FAILED =
  /fetch failed|Response code \d+|checksum|ENOTFOUND|EAI_AGAIN|ECONN[A-Z]+|ETIMEDOUT|UND_ERR|socket|certificate/i;

/** The one paragraph a person reads when the binary did not arrive: what failed, how to retry, what else works. */
function failureParagraph(stderr: string, env: NodeJS.ProcessEnv): string {
  // Anything but the download (an unsupported platform, an archive that would not unpack) has its own sentence.
  const other = DOWNLOAD_FAILED.test(stderr)
    ? ''
    : (stderr.trim().split('\n')[0] ?? '').replace(/^\w*Error: /, '');
  const what = other
    ? `Electron's binary could not be installed (${other.replace(/\.$/, '')})`
    : `Electron's binary could not be downloaded from ${downloadHost(env)}${cause(stderr)}`;
  return (
    `${what}, so the desktop app cannot start. Run \`npm start\` again to retry. Behind a proxy, set ` +
    'ELECTRON_GET_USE_PROXY=1 and HTTPS_PROXY=http://HOST:PORT; where that host is blocked, set ELECTRON_MIRROR ' +
    'to a mirror such as ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/. Meanwhile `npm run web` runs ' +
    'the same app in a browser.'
  );
}

/** The electron package to install into: --electron-dir, or the project's own. */
function electronDir(argv: string[]): string {
  const { values } = parseArgs({ args: argv, options: { 'electron-dir': { type: 'string' } } });
  return values['electron-dir'] ?? dirname(createRequire(import.meta.url).resolve('electron/package.json'));
}

/** Runs install.js, keeping its error output (a stack) to read instead of showing it. */
function runInstaller(dir: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(dir, 'install.js')], {
      cwd: dir,
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (err) => resolve({ code: null, stderr: String(err) }));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

async function main(): Promise<number> {
  let dir: string;
  try {
    dir = electronDir(process.argv.slice(2));
  } catch (err) {
    const usage = (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    console.error(
      usage
        ? 'Usage: tsx scripts/ensureElectron.ts [--electron-dir DIR]'
        : 'Electron is not in node_modules. Run `npm install` first.',
    );
    return usage ? 2 : 1;
  }
  if (installed(dir, process.env)) return 0;
  console.log(`Downloading Electron's binary from ${downloadHost(process.env)} (once, about 100 MB)...`);
  const { code, stderr } = await runInstaller(dir);
  if (code === 0) return 0;
  console.error(failureParagraph(stderr, process.env));
  return 1;
}

process.exitCode = await main();
