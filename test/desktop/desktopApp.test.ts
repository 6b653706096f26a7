// The real desktop app, before a release: Playwright's Electron driver starts the built app (out/main) with a
// fresh profile on a private Xvfb, signs in to the built-in sandbox, chats with Echo, opens Options, takes a
// screenshot of each window and of a toast (test/artifacts/desktop-*.png), checks every window's
// webPreferences in the running main process, and quits. Not part of `npm test`: run `npm run test:desktop`.
// Where Electron's binary or a display is missing it is reported skipped, with the reason.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import {
  ARTIFACTS_DIR,
  AppWindows,
  PROJECT_ROOT,
  desktopMissingReason,
  findXvfb,
  routeOf,
  routeOfUrl,
  startXvfb,
  type Display,
} from './harness';

const skip = desktopMissingReason();

/** How long one step may take on a loaded machine; sign-in starts the sandbox, so it gets more. */
const STEP_MS = 15_000;
const SIGN_IN_MS = 30_000;
/**
 * The sandbox greets a first sign-in with new mail and an alert after about 6 s, and Moody signs in again
 * every minute or so (main/sandbox/builtIn.ts): either brings a toast well within this.
 */
const TOAST_MS = 90_000;

const LINE = 'Hello from the desktop test';

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS_DIR, `desktop-${name}.png`) });
}

describe('the desktop app (Electron)', () => {
  let display: Display | undefined;
  let profile = '';
  let app: ElectronApplication | undefined;
  let windows: AppWindows;
  /** The first toast's screenshot (toasts stay an hour here, BUTTERFLY_TOAST_SECONDS): its route, or why not. */
  let firstToast: Promise<string | Error>;

  before(async () => {
    if (skip) return;
    await mkdir(ARTIFACTS_DIR, { recursive: true });
    profile = await mkdtemp(join(tmpdir(), 'butterfly-desktop-'));
    const xvfb = findXvfb();
    if (xvfb) display = await startXvfb(xvfb);
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(process.env)) if (value !== undefined) env[name] = value;
    // Run as a person would: not as plain Node, not against electron-vite's dev server.
    delete env['ELECTRON_RUN_AS_NODE'];
    delete env['ELECTRON_RENDERER_URL'];
    Object.assign(env, {
      // app.getPath('userData') is $XDG_CONFIG_HOME/Butterfly on Linux: settings, sign-in lock and all.
      XDG_CONFIG_HOME: join(profile, 'config'),
      // Toasts stay until closed, so the screenshot of one never races its five seconds.
      BUTTERFLY_TOAST_SECONDS: '3600',
      ...(display ? { DISPLAY: display.name } : {}),
    });
    // The project folder, as `electron .` takes it: package.json names the app (productName) and its
    // main, the bundle electron-vite built (MAIN_BUNDLE).
    app = await _electron.launch({ args: [PROJECT_ROOT], cwd: PROJECT_ROOT, env, timeout: SIGN_IN_MS });
    windows = new AppWindows(app);
    firstToast = windows
      .at('#toast/', TOAST_MS)
      .then(async (toast) => {
        // A toast is two buttons: its text (which does its action) and Close.
        await toast
          .getByRole('button', { name: /^(?!Close$)/ })
          .first()
          .waitFor({ state: 'visible', timeout: STEP_MS });
        await shoot(toast, 'toast');
        return routeOf(toast);
      })
      .catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
  });

  after(async () => {
    await app?.close().catch(() => {});
    await display?.stop();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  it('signs in to the built-in sandbox and shows the contact list', { skip }, async () => {
    const list = await windows.at('#contactList', STEP_MS);
    const email = list.getByLabel('E-mail address');
    await email.waitFor({ state: 'visible', timeout: STEP_MS });
    await email.fill('you@butterfly.sandbox');
    await list.getByLabel('Password', { exact: true }).fill('butterfly');
    await list.getByLabel('Server', { exact: true }).selectOption({ label: 'Local sandbox (built in)' });
    await shoot(list, 'sign-in');
    await list.getByRole('button', { name: 'Sign In', exact: true }).click();
    await echoRow(list).waitFor({ state: 'visible', timeout: SIGN_IN_MS });
    await shoot(list, 'contact-list');
  });

  it('chats with Echo in a conversation window of its own', { skip }, async () => {
    const list = await windows.at('#contactList', STEP_MS);
    const opened = windows.at('#conversation/', STEP_MS);
    await echoRow(list).dblclick();
    const chat = await opened;
    const compose = chat.getByRole('textbox', { name: 'Type your message' });
    await compose.fill(LINE);
    await compose.press('Enter');
    await chat
      .getByRole('log', { name: 'Conversation history' })
      .getByText(`You said: ${LINE}`)
      .waitFor({ state: 'visible', timeout: STEP_MS });
    await shoot(chat, 'conversation');
  });

  it('shows a toast in a window of its own', { skip }, async () => {
    const shot = await firstToast;
    if (shot instanceof Error) throw shot;
    assert.match(shot, /^#toast\/./);
  });

  it('opens Options from the Tools menu', { skip }, async () => {
    const list = await windows.at('#contactList', STEP_MS);
    await list
      .getByRole('menubar', { name: 'Menu bar' })
      .getByRole('menuitem', { name: 'Tools', exact: true })
      .click();
    const opened = windows.at('#dialog/options', STEP_MS);
    await list
      .getByRole('menu', { name: 'Tools', exact: true })
      .getByRole('menuitem', { name: 'Options…', exact: true })
      .click();
    const options = await opened;
    await options.getByRole('tablist', { name: 'Options' }).waitFor({ state: 'visible', timeout: STEP_MS });
    await shoot(options, 'options');
  });

  it('runs every window sandboxed, isolated, without Node and with web security', { skip }, async () => {
    const seen = await app!.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows().map((win) => {
        // What the window was made with (windowOptions.ts). Undocumented, so missing from electron.d.ts,
        // but long-standing; if a release drops it, this test says so instead of passing.
        const contents = win.webContents as typeof win.webContents & {
          getLastWebPreferences?: () => Record<string, unknown> | null;
        };
        const prefs = contents.getLastWebPreferences?.();
        return {
          url: contents.getURL(),
          prefs: prefs
            ? {
                contextIsolation: prefs['contextIsolation'],
                sandbox: prefs['sandbox'],
                nodeIntegration: prefs['nodeIntegration'],
                webSecurity: prefs['webSecurity'],
              }
            : 'webContents.getLastWebPreferences() is not available',
        };
      }),
    );
    const routes = seen.map(({ url }) => routeOfUrl(url));
    for (const route of ['#contactList', '#conversation/', '#dialog/options']) {
      assert.ok(
        routes.some((r) => r.startsWith(route)),
        `a ${route} window is open: ${routes.join(', ')}`,
      );
    }
    for (const { url, prefs } of seen) {
      assert.deepEqual(
        prefs,
        { contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true },
        url,
      );
    }
    // And as a page sees it: no require or process in the page's world, only the bridge. A toast may have
    // left meanwhile (after 5 s); the others stay.
    for (const page of windows.open().filter((p) => !routeOf(p).startsWith('#toast/'))) {
      const globals = await page.evaluate(() => {
        const g = globalThis as Record<string, unknown>;
        return { require: typeof g['require'], process: typeof g['process'], module: typeof g['module'] };
      });
      assert.deepEqual(
        globals,
        { require: 'undefined', process: 'undefined', module: 'undefined' },
        routeOf(page),
      );
    }
  });

  it('had no page error or CSP violation in any window', { skip }, () => {
    assert.deepEqual(windows.problems, []);
  });

  it('quits when asked', { skip }, async () => {
    const running = app!;
    app = undefined;
    // Playwright asks app.quit() and resolves once the process has exited; Butterfly signs out first.
    await running.close();
    assert.equal(running.process().exitCode, 0);
  });
});

function echoRow(list: Page) {
  return list.getByRole('listbox', { name: 'Contacts' }).getByRole('option', { name: /^Online Echo\b/ });
}
