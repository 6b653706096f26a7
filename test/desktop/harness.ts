// What the desktop test needs around the real Electron app: Electron's binary (never downloaded here), a
// display (a private Xvfb on Linux), a profile of its own, and the windows the app opens, found by route.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, resolve } from 'node:path';
import type { ElectronApplication, Page } from 'playwright-core';

export const PROJECT_ROOT = resolve(import.meta.dirname, '..', '..');
export const ARTIFACTS_DIR = join(PROJECT_ROOT, 'test', 'artifacts');
/** What `electron-vite build` writes and a packaged app runs. */
export const MAIN_BUNDLE = join(PROJECT_ROOT, 'out', 'main', 'index.js');

/**
 * The installed Electron executable, or null. Read the way node_modules/electron/index.js reads it, without
 * requiring that file: it starts a download when the binary is missing.
 */
export function electronBinary(env: NodeJS.ProcessEnv = process.env): string | null {
  try {
    const dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const relative = readFileSync(join(dir, 'path.txt'), 'utf8');
    const override = env['ELECTRON_OVERRIDE_DIST_PATH'];
    const exe = override ? join(override, relative) : join(dir, 'dist', relative);
    return existsSync(exe) ? exe : null;
  } catch {
    return null;
  }
}

/** Xvfb on the PATH (Debian's xvfb package), or null. */
export function findXvfb(env: NodeJS.ProcessEnv = process.env): string | null {
  const dirs = (env['PATH'] ?? '').split(delimiter).filter(Boolean);
  return dirs.map((dir) => join(dir, 'Xvfb')).find((path) => existsSync(path)) ?? null;
}

/** Why the desktop test cannot run here, or false when it can (the shape node:test's `skip` takes). */
export function desktopMissingReason(): string | false {
  if (!electronBinary()) {
    return "Electron's binary is not installed (`npm start` downloads it the first time)";
  }
  // Only Linux lets the test give the app a profile of its own (XDG_CONFIG_HOME); elsewhere it would be yours.
  if (process.platform !== 'linux') return 'the desktop test runs on Linux only';
  if (!existsSync(MAIN_BUNDLE)) return 'the app is not built (`npm run test:desktop` builds it first)';
  if (!findXvfb() && !process.env['DISPLAY']) {
    return 'no X display and no Xvfb to make one (install it: apt-get install xvfb)';
  }
  return false;
}

export interface Display {
  /** ":N", for DISPLAY. */
  readonly name: string;
  stop(): Promise<void>;
}

/** Starts a private Xvfb; it picks a free display itself and names it on fd 3 once it is ready. */
export function startXvfb(xvfb: string): Promise<Display> {
  const child = spawn(xvfb, ['-displayfd', '3', '-screen', '0', '1280x900x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((ready, fail) => {
    let errors = '';
    let said = '';
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.stdio[3]?.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      const match = /^(\d+)\n/.exec(said);
      if (match) ready({ name: `:${match[1]}`, stop });
    });
    child.once('error', fail);
    child.once('exit', (code) =>
      fail(new Error(`Xvfb exited (${code}) before it had a display:\n${errors}`)),
    );
  });
}

/**
 * The app's windows as they load, each found by its route (the hash main loads it with, app/routes.ts):
 * an open one, or the next one to open.
 */
export class AppWindows {
  private readonly loaded: Page[] = [];
  private readonly waiters = new Set<() => void>();
  /** Every page error and CSP violation, with the window's route. */
  readonly problems: string[] = [];

  constructor(app: ElectronApplication) {
    for (const page of app.windows()) this.track(page);
    app.on('window', (page) => this.track(page));
  }

  private track(page: Page): void {
    page.on('pageerror', (err) => this.problems.push(`${routeOf(page)}: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && /Content.Security.Policy/i.test(msg.text())) {
        this.problems.push(`${routeOf(page)}: ${msg.text()}`);
      }
    });
    // A new window starts at about:blank; its route is known once main's loadFile has committed.
    page
      .waitForURL((url) => url.protocol === 'file:', { timeout: 0 })
      .then(() => {
        this.loaded.push(page);
        for (const wake of [...this.waiters]) wake();
      })
      .catch(() => {});
  }

  /** The loaded windows still open. */
  open(): Page[] {
    return this.loaded.filter((page) => !page.isClosed());
  }

  /** The open window whose route starts with `hash` ("#contactList", "#toast/"). */
  at(hash: string, timeoutMs: number): Promise<Page> {
    const first = (): Page | undefined => this.open().find((page) => routeOf(page).startsWith(hash));
    return new Promise((found, fail) => {
      const check = (): void => {
        const page = first();
        if (!page) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        found(page);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        const routes = this.open().map(routeOf);
        fail(new Error(`no ${hash} window within ${timeoutMs / 1000} s (open: ${routes.join(', ')})`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }
}

/** A loaded window's route ("#conversation/…"; the contact list may have none); any other page's URL. */
export function routeOfUrl(address: string): string {
  try {
    const url = new URL(address);
    return url.protocol === 'file:' ? url.hash || '#contactList' : address;
  } catch {
    return address;
  }
}

export function routeOf(page: Page): string {
  return routeOfUrl(page.url());
}
