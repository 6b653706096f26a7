// Loads the real preload against a stand-in for electron's contextBridge, ipcRenderer and webUtils, and checks
// what the page gets as window.butterfly.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { register } from 'node:module';
import { METHOD_NAMES, type MessengerApi, type MessengerEvent } from '../../app/contract';
import type { FileSource } from '../../app/conversation';
import { CALL_CHANNEL, EVENT_CHANNEL, type CallReply } from '../../main/shell/channels';

type Handler = (event: unknown, ...args: unknown[]) => void;

const exposed = new Map<string, unknown>();
const invoked: { channel: string; args: unknown[] }[] = [];
const listeners = new Map<string, Handler[]>();
let nextReply: CallReply = { ok: true, value: undefined };
/** Where each dropped file is on disk, as Electron would know it ('' for one that is not on disk). */
const pathsOnDisk = new Map<File, string>();

const fakeElectron = {
  contextBridge: {
    exposeInMainWorld(key: string, api: unknown) {
      exposed.set(key, api);
    },
  },
  ipcRenderer: {
    async invoke(channel: string, ...args: unknown[]) {
      invoked.push({ channel, args });
      return nextReply;
    },
    on(channel: string, handler: Handler) {
      listeners.set(channel, [...(listeners.get(channel) ?? []), handler]);
    },
    removeListener(channel: string, handler: Handler) {
      listeners.set(
        channel,
        (listeners.get(channel) ?? []).filter((h) => h !== handler),
      );
    },
  },
  webUtils: {
    getPathForFile(file: File): string {
      // Electron's own check: anything but a File is a TypeError.
      if (!(file instanceof File))
        throw new TypeError('Error processing argument at index 0, conversion failure from');
      return pathsOnDisk.get(file) ?? '';
    },
  },
};

function emit(channel: string, ...args: unknown[]): void {
  for (const handler of listeners.get(channel) ?? []) handler({ sender: 'the IpcRendererEvent' }, ...args);
}

let api: MessengerApi;

before(async () => {
  (globalThis as Record<string, unknown>)['__fakeElectron'] = fakeElectron;
  const fakeModule =
    'const f = globalThis.__fakeElectron; export const contextBridge = f.contextBridge; export const ipcRenderer = f.ipcRenderer; export const webUtils = f.webUtils;';
  const hooks = `export async function resolve(specifier, context, next) {
    if (specifier === 'electron') return { url: ${JSON.stringify('data:text/javascript,' + encodeURIComponent(fakeModule))}, shortCircuit: true };
    return next(specifier, context);
  }`;
  register('data:text/javascript,' + encodeURIComponent(hooks));
  await import('../../main/shell/preload.ts');
  api = exposed.get('butterfly') as MessengerApi;
});

describe('preload', () => {
  it('exposes exactly the contract as window.butterfly: every method and subscribe, nothing else', () => {
    assert.deepEqual([...exposed.keys()], ['butterfly']);
    assert.deepEqual(Object.keys(api).sort(), [...METHOD_NAMES, 'subscribe'].sort());
    for (const value of Object.values(api)) assert.equal(typeof value, 'function');
    assert.equal('invoke' in api, false);
  });

  it('sends each call on the one call channel as (method, argument list)', async () => {
    invoked.length = 0;
    nextReply = { ok: true, value: 'c1' };
    assert.equal(await api.openConversation(['bob@example.com']), 'c1');
    nextReply = { ok: true, value: undefined };
    await api.getSnapshot();
    await api.setStatus('BSY');
    assert.deepEqual(invoked, [
      { channel: CALL_CHANNEL, args: ['openConversation', [['bob@example.com']]] },
      { channel: CALL_CHANNEL, args: ['getSnapshot', []] },
      { channel: CALL_CHANNEL, args: ['setStatus', ['BSY']] },
    ]);
  });

  it("rejects with an Error carrying main's one sentence", async () => {
    nextReply = { ok: false, error: 'You are not signed in.' };
    await assert.rejects(
      api.signOut(),
      (err: unknown) => err instanceof Error && err.message === 'You are not signed in.',
    );
  });

  it('delivers events without the IpcRendererEvent, and stops after unsubscribing', () => {
    const received: unknown[][] = [];
    const unsubscribe = api.subscribe((...args: unknown[]) => received.push(args));
    const event: MessengerEvent = { type: 'notice', message: 'Hello.' };
    emit(EVENT_CHANNEL, event);
    assert.deepEqual(received, [[event]]);
    unsubscribe();
    emit(EVENT_CHANNEL, event);
    assert.equal(received.length, 1);
    assert.equal(listeners.get(EVENT_CHANNEL)?.length, 0);
  });
});

describe('preload: offering a file', () => {
  const offered = () => invoked.filter((i) => i.args[0] === 'offerFile').map((i) => i.args[1]);

  it('sends a dropped file as its path on disk, which only the preload can learn', async () => {
    invoked.length = 0;
    nextReply = { ok: true, value: undefined };
    const file = new File(['hello'], 'hello.txt');
    pathsOnDisk.set(file, '/home/you/hello.txt');
    await api.offerFile('c1', { kind: 'dropped', file });
    assert.deepEqual(offered(), [['c1', { kind: 'path', path: '/home/you/hello.txt' }]]);
  });

  it('refuses a dropped file that is not on disk, before it reaches main', async () => {
    invoked.length = 0;
    await assert.rejects(
      api.offerFile('c1', { kind: 'dropped', file: new File(['x'], 'from-the-web.png') }),
      (err: unknown) => err instanceof Error && err.message.startsWith('That file cannot be sent;'),
    );
    await assert.rejects(
      api.offerFile('c1', { kind: 'dropped', file: 'C:\\Windows\\win.ini' } as unknown as FileSource),
      (err: unknown) => err instanceof Error && err.message.startsWith('That file cannot be sent;'),
    );
    assert.deepEqual(offered(), []);
  });

  it('refuses a path a page names itself, with one sentence, before it reaches main', async () => {
    invoked.length = 0;
    await assert.rejects(
      api.offerFile('c1', { kind: 'path', path: '/etc/passwd' }),
      (err: unknown) =>
        err instanceof Error &&
        err.message === 'That file cannot be sent; drop it on the window or choose it with Send a File.',
    );
    assert.deepEqual(offered(), []);
  });

  it("passes a request to choose the file on, and sends only a source's own fields", async () => {
    invoked.length = 0;
    nextReply = { ok: true, value: undefined };
    await api.offerFile('c1', { kind: 'choose', path: '/etc/passwd' } as unknown as FileSource);
    await api.offerFile('c1', {
      kind: 'upload',
      uploadId: 'u1',
      path: '/etc/passwd',
    } as unknown as FileSource);
    assert.deepEqual(offered(), [
      ['c1', { kind: 'choose' }],
      ['c1', { kind: 'upload', uploadId: 'u1' }],
    ]);
  });

  it('refuses anything else as not a file, without calling main', async () => {
    invoked.length = 0;
    for (const source of [null, 'a.txt', {}, { kind: 'url', url: 'https://example.com/' }]) {
      await assert.rejects(
        api.offerFile('c1', source as unknown as FileSource),
        (err: unknown) => err instanceof Error && err.message === 'That is not a file Butterfly can send.',
      );
    }
    assert.deepEqual(offered(), []);
  });
});
