// End-to-end harness: runs browser mode the way a person does (`npm run web -- --port 0 --data TMP`) and
// drives the page in a real Chromium through playwright-core. Chromium is not downloaded: the harness
// finds an installed one, and when there is none the e2e tests are skipped with chromiumMissingReason().
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const PROJECT_ROOT = resolve(import.meta.dirname, '..', '..');
export const ARTIFACTS_DIR = join(PROJECT_ROOT, 'test', 'artifacts');

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

const START_TIMEOUT_MS = 120_000;

/** Where Chrome or Chromium usually lives on Linux, macOS and Windows; $CHROME_PATH comes first. */
export function chromiumCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const windows = [env['PROGRAMFILES'], env['PROGRAMFILES(X86)'], env['LOCALAPPDATA']]
    .filter((dir): dir is string => !!dir)
    .flatMap((dir) => [
      join(dir, 'Google', 'Chrome', 'Application', 'chrome.exe'),
      join(dir, 'Chromium', 'Application', 'chrome.exe'),
    ]);
  return [
    ...(env['CHROME_PATH'] ? [env['CHROME_PATH']] : []),
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/snap/bin/chromium',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    ...windows,
  ];
}

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  return chromiumCandidates(env).find((path) => existsSync(path)) ?? null;
}

/** Why the e2e tests cannot run here, or false when they can (the shape node:test's `skip` takes). */
export function chromiumMissingReason(): string | false {
  if (findChromium()) return false;
  return 'no Chrome or Chromium found (set CHROME_PATH, or install one: apt-get install chromium)';
}

export interface WebServerProcess {
  /** The address browser mode printed, token included. */
  readonly url: string;
  readonly dataDir: string;
  /** Everything it wrote to stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

/** Starts `npm run web -- --port 0 --data <fresh dir>` and waits for the address on its stdout. */
export async function startWebServerProcess(extraArgs: string[] = []): Promise<WebServerProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'butterfly-e2e-'));
  const windows = process.platform === 'win32';
  const child = spawn(
    windows ? 'npm.cmd' : 'npm',
    ['run', '--silent', 'web', '--', '--port', '0', '--data', dataDir, ...extraArgs],
    {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so stop() reaches npm, the shell and Node behind it with one signal.
      detached: !windows,
      shell: windows,
    },
  );
  let errText = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    errText += chunk;
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      signal(child, 'SIGTERM');
      const timer = setTimeout(() => signal(child, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    const url = await new Promise<string>((resolveUrl, reject) => {
      const lines = createInterface({ input: child.stdout! });
      const timer = setTimeout(
        () =>
          reject(new Error(`browser mode did not start within ${START_TIMEOUT_MS / 1000} s:\n${errText}`)),
        START_TIMEOUT_MS,
      );
      lines.on('line', (line) => {
        const match = /^Butterfly is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/.exec(line);
        if (match) {
          clearTimeout(timer);
          resolveUrl(match[1]!);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`browser mode exited with ${code} before it printed its address:\n${errText}`));
      });
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
    return { url, dataDir, stderr: () => errText, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

function signal(child: ChildProcess, name: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    if (process.platform === 'win32') child.kill(name);
    else process.kill(-child.pid, name);
  } catch {
    // Already gone.
  }
}

export interface PageSession {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Console errors, failed requests and uncaught exceptions of the page, for a test to assert on. */
  readonly problems: string[];
  /** Writes test/artifacts/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export interface BrowserSession extends PageSession {
  readonly server: WebServerProcess;
  readonly browser: Browser;
}

/** The installed Chromium, headless; throws with chromiumMissingReason() when there is none. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(chromiumMissingReason() || 'no Chromium');
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS, timeout: 60_000 });
}

/**
 * The Chromium's own problems worth failing a test for: all of them. frame-ancestors comes only in browser
 * mode's CSP header (RENDERER_CSP_HEADER), not in the page's <meta> CSP, so there is no notice to leave out.
 */
export function realProblems(problems: readonly string[]): string[] {
  return [...problems];
}

/** Writes test/artifacts/<name>.png of the whole page and returns its path. */
export async function screenshotPage(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  return path;
}

/**
 * tsx compiles with esbuild's keepNames, so a function a test hands to page.evaluate may call __name(),
 * which exists in Node but not in the page. Run this in the page first (an init script does it for openPage).
 */
export const KEEP_NAMES_SHIM = 'globalThis.__name ??= (fn) => fn;';

/** A fresh context (its own storage) and page of `browser`, at `url`, recording its problems. */
export async function openPage(
  browser: Browser,
  url: string,
  options: { width?: number; height?: number } = {},
): Promise<PageSession> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 800, height: options.height ?? 600 },
  });
  try {
    await context.addInitScript({ content: KEEP_NAMES_SHIM });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('response', (res) => {
      if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
    });
    page.on('requestfailed', (req) =>
      problems.push(`request failed: ${req.url()} ${req.failure()?.errorText ?? ''}`),
    );
    await page.goto(url, { waitUntil: 'load' });
    return {
      page,
      context,
      problems,
      screenshot: (name) => screenshotPage(page, name),
      close: () => context.close().catch(() => {}),
    };
  } catch (err) {
    await context.close().catch(() => {});
    throw err;
  }
}

/** Browser mode plus a Chromium page already at its address. */
export async function openBrowserSession(
  options: { width?: number; height?: number; serverArgs?: string[] } = {},
): Promise<BrowserSession> {
  const server = await startWebServerProcess(options.serverArgs);
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const opened = browser;
    const session = await openPage(opened, server.url, options);
    return {
      ...session,
      server,
      browser: opened,
      close: async () => {
        await opened.close().catch(() => {});
        await server.stop();
      },
    };
  } catch (err) {
    await browser?.close().catch(() => {});
    await server.stop();
    throw err;
  }
}

/**
 * Retries `probe` until it resolves (an assertion that passes, a value that is there), or rethrows its
 * last failure after timeoutMs: the waiting an `expect.poll` would do, without a fixed sleep.
 */
export async function eventually<T>(
  probe: () => Promise<T> | T,
  { timeoutMs = 10_000, intervalMs = 50 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await probe();
    } catch (err) {
      if (Date.now() >= deadline) throw err;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
