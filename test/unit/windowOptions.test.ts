import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import {
  defaultPreloadPath,
  RENDERER_CSP,
  WINDOW_KINDS,
  WINDOW_SIZES,
  windowOptions,
} from '../../main/shell/windowOptions';

const root = resolve(import.meta.dirname, '..', '..');
const run = promisify(execFile);

/** Imports a module in a fresh Node whose resolver refuses electron, so any runtime import of it fails. */
async function importWithoutElectron(relativePath: string): Promise<void> {
  const refuseElectron = `export async function resolve(specifier, context, next) {
    if (specifier === 'electron' || specifier.startsWith('electron/')) throw new Error('electron was imported');
    return next(specifier, context);
  }`;
  const script = [
    "import { register } from 'node:module';",
    `register(${JSON.stringify('data:text/javascript,' + encodeURIComponent(refuseElectron))});`,
    `await import(${JSON.stringify(pathToFileURL(join(root, relativePath)).href)});`,
  ].join('\n');
  await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root });
}

describe('windowOptions', () => {
  for (const kind of WINDOW_KINDS) {
    it(`locks down the ${kind} window: sandboxed, isolated, no Node, web security on`, () => {
      const prefs = windowOptions(kind, '/app/out/preload/index.cjs').webPreferences;
      assert.ok(prefs);
      assert.equal(prefs.sandbox, true);
      assert.equal(prefs.contextIsolation, true);
      assert.equal(prefs.nodeIntegration, false);
      assert.equal(prefs.nodeIntegrationInWorker, false);
      assert.equal(prefs.nodeIntegrationInSubFrames, false);
      assert.equal(prefs.webSecurity, true);
      assert.equal(prefs.allowRunningInsecureContent, false);
      assert.equal(prefs.webviewTag, false);
      assert.equal(prefs.preload, '/app/out/preload/index.cjs');
    });

    it(`sizes the ${kind} window and keeps it hidden until it is ready`, () => {
      const options = windowOptions(kind, '/p.cjs');
      assert.equal(options.width, WINDOW_SIZES[kind].width);
      assert.equal(options.height, WINDOW_SIZES[kind].height);
      assert.equal(options.show, false);
    });
  }

  it('keeps toasts from taking focus or appearing in the taskbar', () => {
    const toast = windowOptions('toast', '/p.cjs');
    assert.equal(toast.focusable, false);
    assert.equal(toast.skipTaskbar, true);
    assert.equal(toast.frame, false);
  });

  it('points the preload at the CommonJS bundle beside out/main', () => {
    assert.equal(
      defaultPreloadPath(join('/app', 'out', 'main')),
      join('/app', 'out', 'preload', 'index.cjs'),
    );
    const fallback = windowOptions('contactList').webPreferences?.preload;
    assert.ok(fallback && isAbsolute(fallback) && fallback.endsWith(join('preload', 'index.cjs')));
  });

  it('can be imported without loading electron', async () => {
    await importWithoutElectron('main/shell/windowOptions.ts');
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
