// The toast windows (main/shell/toasts.ts) over the real window factory and a stand-in for electron:
// created hidden below their place, shown without focus, slid into the stack, moved and closed as the list changes.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { register } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Toast } from '../../app/contract';
import type { Rect } from '../../main/shell/toastLayout';
import type { ToastWindows as ToastWindowsClass } from '../../main/shell/toasts';
import type { WindowFactory as WindowFactoryClass } from '../../main/shell/windows';
import type { BrowserWindow } from './shellFakeElectron';

let ToastWindows: typeof ToastWindowsClass;
let WindowFactory: typeof WindowFactoryClass;

before(async () => {
  const fake = pathToFileURL(join(import.meta.dirname, 'shellFakeElectron.ts')).href;
  register(
    'data:text/javascript,' +
      encodeURIComponent(`export async function resolve(specifier, context, next) {
        if (specifier === 'electron') return next(${JSON.stringify(fake)}, context);
        return next(specifier, context);
      }`),
  );
  ({ ToastWindows } = await import('../../main/shell/toasts'));
  ({ WindowFactory } = await import('../../main/shell/windows'));
});

const toast = (id: string): Toast => ({
  id,
  kind: 'signIn',
  title: `${id} has just signed in.`,
  body: '',
  action: { type: 'none' },
  createdAt: 0,
});

function setup(workArea: Rect = { x: 0, y: 0, width: 1920, height: 1040 }) {
  const factory = new WindowFactory({ preload: '/p.cjs', rendererDir: '/r', devUrl: undefined });
  const area = { current: workArea };
  const toasts = new ToastWindows(factory, () => area.current);
  const windowOf = (id: string) => factory.get({ kind: 'toast', id }) as unknown as BrowserWindow | undefined;
  const ready = (id: string) => windowOf(id)?.emit('ready-to-show');
  return { factory, toasts, windowOf, ready, area };
}

const settle = () => new Promise((r) => setTimeout(r, 400));

describe('toast windows', () => {
  it('creates a hidden toast below its place, shows it without focus and slides it up', async () => {
    const { toasts, windowOf, ready } = setup();
    toasts.update([toast('a')]);
    const win = windowOf('a');
    assert.ok(win);
    assert.equal(win.loaded.hash, 'toast/a');
    assert.equal(win.visible, false);
    assert.equal(win.bounds.y, 1040, 'starts just below its place');
    ready('a');
    assert.equal(win.shownInactive, true);
    await settle();
    assert.deepEqual(win.bounds, { x: 1732, y: 882, width: 180, height: 150 });
    toasts.dispose();
  });

  it('stacks new toasts above, and moves the upper ones down when one in the middle goes', async () => {
    const { toasts, windowOf, ready } = setup();
    toasts.update([toast('a'), toast('b'), toast('c')]);
    for (const id of ['a', 'b', 'c']) ready(id);
    await settle();
    assert.deepEqual(
      ['a', 'b', 'c'].map((id) => windowOf(id)?.bounds.y),
      [882, 728, 574],
    );
    const b = windowOf('b')!;
    toasts.update([toast('a'), toast('c')]);
    await settle();
    assert.equal(b.destroyed, true, 'b slid out and closed');
    assert.equal(windowOf('c')?.bounds.y, 728);
    toasts.dispose();
  });

  it('keeps toasts that do not fit waiting, and shows them when space frees', async () => {
    const { toasts, windowOf, ready } = setup({ x: 0, y: 0, width: 800, height: 200 });
    toasts.update([toast('a'), toast('b')]);
    assert.ok(windowOf('a'));
    assert.equal(windowOf('b'), undefined);
    ready('a');
    toasts.update([toast('b')]);
    assert.ok(windowOf('b'), 'b appears once a is gone');
    toasts.dispose();
  });

  it('lets the others move down when a toast window is closed from elsewhere', async () => {
    const { toasts, windowOf, ready } = setup();
    toasts.update([toast('a'), toast('b')]);
    ready('a');
    ready('b');
    await settle();
    windowOf('a')!.destroy();
    await settle();
    assert.equal(windowOf('b')?.bounds.y, 882);
    toasts.dispose();
  });

  it('closes every toast window, including one sliding out, on dispose', () => {
    const { toasts, windowOf, ready } = setup();
    toasts.update([toast('a'), toast('b')]);
    ready('a');
    ready('b');
    const a = windowOf('a')!;
    const b = windowOf('b')!;
    toasts.update([toast('b')]);
    toasts.dispose();
    assert.equal(a.destroyed, true);
    assert.equal(b.destroyed, true);
  });
});
