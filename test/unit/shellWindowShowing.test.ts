// How windows come forward: the pure decision (main/shell/windowShowing.ts) case by case, then the real
// window factory applying it against a stand-in for electron (test/unit/shellFakeElectron.ts).
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { register } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { WindowRoute } from '../../app/contract';
import { shouldFlash, showSteps, type WindowState } from '../../main/shell/windowShowing';
import type { WindowFactory as WindowFactoryClass, WindowFactoryOptions } from '../../main/shell/windows';
import type { BrowserWindow } from './shellFakeElectron';

const state = (s: Partial<WindowState>): WindowState => ({
  ready: true,
  visible: true,
  minimized: false,
  focused: false,
  ...s,
});

describe('showSteps', () => {
  it('brings a window the person asked for forward and focuses it, restoring it when minimized', () => {
    assert.deepEqual(showSteps(state({ visible: false }), true), ['show', 'focus']);
    assert.deepEqual(showSteps(state({}), true), ['show', 'focus']);
    assert.deepEqual(showSteps(state({ minimized: true }), true), ['restore', 'show', 'focus']);
    assert.deepEqual(showSteps(state({ focused: true }), true), ['show', 'focus']);
  });

  it('shows a hidden window nobody asked for without focus, and flashes it', () => {
    assert.deepEqual(showSteps(state({ visible: false }), false), ['showInactive', 'flash']);
  });

  it('leaves a minimized window minimized and flashes it, whatever its visibility reads', () => {
    assert.deepEqual(showSteps(state({ minimized: true }), false), ['flash']);
    assert.deepEqual(showSteps(state({ minimized: true, visible: false }), false), ['flash']);
  });

  it('only flashes a showing window nobody asked for, and leaves a focused one alone', () => {
    assert.deepEqual(showSteps(state({}), false), ['flash']);
    assert.deepEqual(showSteps(state({ focused: true }), false), []);
  });

  it('waits for the page to draw before showing a window nobody asked for', () => {
    assert.deepEqual(showSteps(state({ ready: false, visible: false }), false), []);
  });

  it('shows a still-loading window at once when the person asks for it again', () => {
    assert.deepEqual(showSteps(state({ ready: false, visible: false }), true), ['show', 'focus']);
  });

  it('flashes for something new only in a drawn window without focus', () => {
    assert.equal(shouldFlash(state({})), true);
    assert.equal(shouldFlash(state({ minimized: true })), true);
    assert.equal(shouldFlash(state({ focused: true })), false);
    assert.equal(shouldFlash(state({ ready: false, visible: false })), false);
  });
});

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
  ({ WindowFactory } = await import('../../main/shell/windows'));
});

const conversation: WindowRoute = { kind: 'conversation', id: 'c1' };

function setup(options: Partial<WindowFactoryOptions> = {}) {
  const factory = new WindowFactory({ preload: '/p.cjs', rendererDir: '/r', devUrl: undefined, ...options });
  const open = (route: WindowRoute, focus?: boolean) =>
    factory.show(route, focus === undefined ? {} : { focus }) as unknown as BrowserWindow;
  return { factory, open };
}

/** What the factory did to a window, without the flash stopping that gaining focus causes. */
const steps = (win: BrowserWindow) => win.calls.filter((call) => call !== 'unflash');

describe('the window factory showing windows', () => {
  it('shows a new window with focus once its page has drawn', () => {
    const { open } = setup();
    const win = open({ kind: 'contactList' });
    assert.equal(win.visible, false, 'hidden until ready');
    win.emit('ready-to-show');
    assert.deepEqual(steps(win), ['show', 'focus']);
    assert.equal(win.focused, true);
    win.destroy();
  });

  it('shows a new window nobody asked for without focus, and flashes it', () => {
    const { factory, open } = setup();
    const list = open({ kind: 'contactList' });
    list.emit('ready-to-show');
    const win = open(conversation, false);
    win.emit('ready-to-show');
    assert.deepEqual(win.calls, ['showInactive', 'flash']);
    assert.equal(win.visible, true);
    assert.equal(win.focused, false);
    assert.equal(list.focused, true, 'the contact list keeps focus');
    assert.equal(factory.focused(), list as unknown as ReturnType<typeof factory.focused>);
    list.destroy();
    win.destroy();
  });

  it('takes focus on ready when someone asked for the window while it was loading', () => {
    const { open } = setup();
    const win = open(conversation, false);
    assert.equal(open(conversation, true), win, 'one window per route');
    assert.deepEqual(steps(win), ['show', 'focus'], 'asked for again: shown at once');
    win.calls.length = 0;
    win.emit('ready-to-show');
    assert.deepEqual(steps(win), ['show', 'focus']);
    win.destroy();
  });

  it('keeps a loading window hidden when a second message arrives before it has drawn', () => {
    const { open } = setup();
    const win = open(conversation, false);
    open(conversation, false);
    assert.deepEqual(win.calls, []);
    assert.equal(win.visible, false);
    win.destroy();
  });

  it('leaves a minimized window minimized for a message, and flashes it', () => {
    const { open } = setup();
    const win = open(conversation);
    win.emit('ready-to-show');
    win.minimize();
    win.calls.length = 0;
    open(conversation, false);
    assert.deepEqual(win.calls, ['flash']);
    assert.equal(win.minimized, true);
    assert.equal(win.focused, false);
    win.destroy();
  });

  it('restores and focuses a minimized window the person asks for', () => {
    const { open } = setup();
    const win = open(conversation);
    win.emit('ready-to-show');
    win.minimize();
    win.calls.length = 0;
    open(conversation);
    assert.deepEqual(steps(win), ['restore', 'show', 'focus']);
    assert.equal(win.focused, true);
    win.destroy();
  });

  it('does not flash or steal focus from a window that already has it', () => {
    const { open } = setup();
    const win = open(conversation);
    win.emit('ready-to-show');
    win.calls.length = 0;
    open(conversation, false);
    assert.deepEqual(win.calls, []);
  });

  it('stops flashing when the window gains focus', () => {
    const { open } = setup();
    const win = open(conversation, false);
    win.emit('ready-to-show');
    assert.equal(win.flashing, true);
    win.focus();
    assert.equal(win.flashing, false);
    assert.deepEqual(win.calls.slice(-2), ['focus', 'unflash']);
    win.destroy();
  });

  it('flashes an open window for something new only when it is drawn and not focused', () => {
    const { factory, open } = setup();
    const win = open(conversation);
    factory.flash(conversation);
    assert.deepEqual(win.calls, [], 'still loading');
    win.emit('ready-to-show');
    win.calls.length = 0;
    factory.flash(conversation);
    assert.deepEqual(win.calls, [], 'focused');
    win.blur();
    factory.flash(conversation);
    assert.deepEqual(win.calls, ['flash']);
    factory.flash({ kind: 'conversation', id: 'not-open' });
    win.destroy();
  });

  it('never shows or flashes a toast itself (main/shell/toasts.ts does)', () => {
    const { factory, open } = setup();
    const toast = open({ kind: 'toast', id: 't1' }, false);
    toast.emit('ready-to-show');
    open({ kind: 'toast', id: 't1' });
    factory.flash({ kind: 'toast', id: 't1' });
    assert.deepEqual(toast.calls, []);
    toast.destroy();
  });

  it('tells who asked about each window that closes, with its route', () => {
    const closed: WindowRoute[] = [];
    const { factory, open } = setup({ onClosed: (route) => closed.push(route) });
    open(conversation).destroy();
    open({ kind: 'contactList' });
    factory.close({ kind: 'contactList' });
    assert.deepEqual(closed, [conversation, { kind: 'contactList' }]);
    assert.equal(factory.get(conversation), undefined);
  });

  it('logs a failure of the close listener instead of throwing from the closed event', () => {
    const original = console.error;
    const logged: unknown[] = [];
    console.error = (...args: unknown[]) => logged.push(args);
    try {
      const { open } = setup({
        onClosed: () => {
          throw new Error('boom');
        },
      });
      open(conversation).destroy();
    } finally {
      console.error = original;
    }
    assert.equal(logged.length, 1);
  });
});
