import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { WindowRoute } from '../../app/contract';
import { DIALOG_KINDS, DIALOG_SIZES, routeToHash } from '../../app/routes';
import {
  defaultPreloadPath,
  defaultRendererDir,
  isModalDialog,
  RENDERER_CSP,
  RENDERER_CSP_HEADER,
  WINDOW_KINDS,
  WINDOW_SIZES,
  windowKey,
  windowOptions,
} from '../../main/shell/windowOptions';

const root = resolve(import.meta.dirname, '..', '..');
const run = promisify(execFile);

/** Every window the factory makes: one of each kind, and every dialog with and without an address. */
const ALL_ROUTES: WindowRoute[] = [
  { kind: 'contactList' },
  { kind: 'conversation', id: 'c1' },
  { kind: 'toast', id: 't1' },
  { kind: 'inspector' },
  ...DIALOG_KINDS.flatMap((dialog): WindowRoute[] => [
    { kind: 'dialog', dialog },
    { kind: 'dialog', dialog, email: 'bob@example.com' },
  ]),
];

/** Imports modules in a fresh Node whose resolver refuses electron, so any runtime import of it fails. */
async function importWithoutElectron(...relativePaths: string[]): Promise<void> {
  const refuseElectron = `export async function resolve(specifier, context, next) {
    if (specifier === 'electron' || specifier.startsWith('electron/')) throw new Error('electron was imported');
    return next(specifier, context);
  }`;
  const script = [
    "import { register } from 'node:module';",
    `register(${JSON.stringify('data:text/javascript,' + encodeURIComponent(refuseElectron))});`,
    ...relativePaths.map((p) => `await import(${JSON.stringify(pathToFileURL(join(root, p)).href)});`),
  ].join('\n');
  await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root });
}

/** The shell's pure files: unit-tested in plain Node, and shared with browser mode (main/web). */
const PURE_SHELL_FILES = [
  'main/shell/windowOptions.ts',
  'main/service/calls.ts',
  'main/shell/channels.ts',
  'main/shell/trust.ts',
  'main/shell/toastLayout.ts',
  'main/shell/trayMenu.ts',
  'main/shell/secrets.ts',
  'main/service/webUrl.ts',
  'main/shell/shutdown.ts',
  'main/shell/windowShowing.ts',
  'main/shell/conversationWindows.ts',
  'main/shell/fileDialogs.ts',
  'main/shell/pageFiles.ts',
  'app/routes.ts',
];

describe('windowOptions', () => {
  it('covers every kind of window in the contract', () => {
    assert.deepEqual(new Set(ALL_ROUTES.map((r) => r.kind)), new Set(WINDOW_KINDS));
  });

  for (const route of ALL_ROUTES) {
    const name = routeToHash(route);
    it(`locks down ${name}: sandboxed, isolated, no Node, web security on`, () => {
      const prefs = windowOptions(route, '/app/out/preload/index.cjs').webPreferences;
      assert.ok(prefs);
      assert.equal(prefs.sandbox, true);
      assert.equal(prefs.contextIsolation, true);
      assert.equal(prefs.nodeIntegration, false);
      assert.equal(prefs.nodeIntegrationInWorker, false);
      assert.equal(prefs.nodeIntegrationInSubFrames, false);
      assert.equal(prefs.webSecurity, true);
      assert.equal(prefs.allowRunningInsecureContent, false);
      assert.equal(prefs.experimentalFeatures, false);
      assert.equal(prefs.enableWebSQL, false);
      assert.equal(prefs.plugins, false);
      assert.equal(prefs.webviewTag, false);
      assert.equal(prefs.navigateOnDragDrop, false);
      assert.equal(prefs.enableBlinkFeatures, undefined);
      assert.equal(prefs.preload, '/app/out/preload/index.cjs');
    });

    it(`keeps ${name} hidden until it is ready`, () => {
      assert.equal(windowOptions(route, '/p.cjs').show, false);
    });
  }

  for (const kind of ['contactList', 'conversation', 'toast'] as const) {
    it(`sizes the ${kind} window`, () => {
      const options = windowOptions(kind === 'contactList' ? { kind } : { kind, id: 'x' }, '/p.cjs');
      assert.equal(options.width, WINDOW_SIZES[kind].width);
      assert.equal(options.height, WINDOW_SIZES[kind].height);
    });
  }

  it('keeps a file dropped on a conversation from opening as a page there, and its flash in the taskbar', () => {
    const options = windowOptions({ kind: 'conversation', id: 'c1' }, '/p.cjs');
    // Files are dropped on conversation windows to send them; the page takes the drop, never the window.
    assert.equal(options.webPreferences?.navigateOnDragDrop, false);
    assert.equal(options.webPreferences?.sandbox, true);
    assert.notEqual(options.focusable, false);
    assert.notEqual(options.skipTaskbar, true);
    assert.equal(options.parent, undefined, 'a conversation belongs to no other window');
    assert.equal(options.modal, undefined);
  });

  it('opens every window inside an 800 x 600 screen, with room for a taskbar and a title bar', () => {
    // 3.0 ran on 800 x 600: a 30-pixel taskbar and a window's 30-pixel frame leave 540 for the window.
    const tooBig = ALL_ROUTES.map((route) => ({ route, options: windowOptions(route, '/p.cjs') }))
      .filter(({ options }) => (options.width ?? 0) > 800 || (options.height ?? 0) > 540)
      .map(({ route, options }) => `${routeToHash(route)} ${options.width} x ${options.height}`);
    assert.deepEqual(tooBig, []);
  });

  it('makes the toast 180 x 150 like 3.0', () => {
    assert.deepEqual(WINDOW_SIZES.toast, { width: 180, height: 150 });
  });

  it('lets the contact list and conversations be resized, with a minimum size', () => {
    for (const route of [
      { kind: 'contactList' },
      { kind: 'conversation', id: 'c' },
    ] satisfies WindowRoute[]) {
      const options = windowOptions(route, '/p.cjs');
      assert.notEqual(options.resizable, false);
      assert.ok(options.minWidth && options.minHeight);
    }
  });

  for (const dialog of DIALOG_KINDS) {
    it(`makes the ${dialog} dialog a fixed-size dialog with its own size and title`, () => {
      const options = windowOptions({ kind: 'dialog', dialog }, '/p.cjs');
      assert.equal(options.width, DIALOG_SIZES[dialog].width);
      assert.equal(options.height, DIALOG_SIZES[dialog].height);
      assert.equal(options.resizable, false);
      assert.equal(options.minimizable, false);
      assert.equal(options.maximizable, false);
      assert.equal(options.fullscreenable, false);
      assert.ok(options.title && options.title !== 'Butterfly');
    });
  }

  it('blocks the contact list only for the dialogs 3.0 opened from its menus', () => {
    assert.deepEqual(DIALOG_KINDS.filter(isModalDialog), [
      'options',
      'addContact',
      'properties',
      'findMember',
      'invite',
      'about',
      'sendMessage',
    ]);
  });

  it('keeps toasts from taking focus or appearing in the taskbar', () => {
    const toast = windowOptions({ kind: 'toast', id: 't' }, '/p.cjs');
    assert.equal(toast.focusable, false);
    assert.equal(toast.skipTaskbar, true);
    assert.equal(toast.frame, false);
    assert.equal(toast.alwaysOnTop, true);
    assert.equal(toast.resizable, false);
  });

  it('keys the registry by kind and id, so each route has one window', () => {
    const keys = ALL_ROUTES.map(windowKey);
    assert.equal(new Set(keys).size, keys.length);
    assert.equal(windowKey({ kind: 'conversation', id: 'a' }), windowKey({ kind: 'conversation', id: 'a' }));
    assert.notEqual(windowKey({ kind: 'conversation', id: 'a' }), windowKey({ kind: 'toast', id: 'a' }));
  });

  it('points the preload at the CommonJS bundle and the pages at out/renderer, beside out/main', () => {
    const mainDir = join('/app', 'out', 'main');
    assert.equal(defaultPreloadPath(mainDir), join('/app', 'out', 'preload', 'index.cjs'));
    assert.equal(defaultRendererDir(mainDir), join('/app', 'out', 'renderer'));
    const fallback = windowOptions({ kind: 'contactList' }).webPreferences?.preload;
    assert.ok(fallback && isAbsolute(fallback) && fallback.endsWith(join('preload', 'index.cjs')));
  });

  it("keeps the shell's pure files free of electron at run time", async () => {
    await importWithoutElectron(...PURE_SHELL_FILES);
  });

  it('would notice if electron were imported (the check above is not vacuous)', async () => {
    await assert.rejects(importWithoutElectron('main/shell/windows.ts'), /electron was imported/);
  });
});

describe('renderer Content Security Policy', () => {
  it('is the same in renderer/index.html as in RENDERER_CSP', () => {
    const html = readFileSync(join(root, 'renderer', 'index.html'), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html);
    assert.ok(meta, 'renderer/index.html has no CSP meta tag');
    assert.equal(meta[1], RENDERER_CSP);
  });

  it('leaves frame-ancestors to the header form, since a meta tag ignores it (and Chromium says so)', () => {
    assert.doesNotMatch(RENDERER_CSP, /frame-ancestors/);
    assert.equal(RENDERER_CSP_HEADER, `${RENDERER_CSP}; frame-ancestors 'none'`);
  });

  it('allows no inline or evaluated script and no plugins', () => {
    const directives = new Map(
      RENDERER_CSP.split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    assert.deepEqual(directives.get('script-src'), ["'self'"]);
    assert.deepEqual(directives.get('default-src'), ["'self'"]);
    assert.deepEqual(directives.get('object-src'), ["'none'"]);
    assert.deepEqual(directives.get('base-uri'), ["'none'"]);
  });
});
