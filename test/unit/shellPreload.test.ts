// Loads the real preload against a stand-in for electron's contextBridge and ipcRenderer, and checks what
// the page gets as window.butterfly.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { register } from 'node:module';
import { METHOD_NAMES, type MessengerApi, type MessengerEvent } from '../../app/contract';
import { CALL_CHANNEL, EVENT_CHANNEL, type CallReply } from '../../main/shell/channels';

type Handler = (event: unknown, ...args: unknown[]) => void;

const exposed = new Map<string, unknown>();
const invoked: { channel: string; args: unknown[] }[] = [];
const listeners = new Map<string, Handler[]>();
let nextReply: CallReply = { ok: true, value: undefined };

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
};

function emit(channel: string, ...args: unknown[]): void {
  for (const handler of listeners.get(channel) ?? []) handler({ sender: 'the IpcRendererEvent' }, ...args);
}

let api: MessengerApi;

before(async () => {
  (globalThis as Record<string, unknown>)['__fakeElectron'] = fakeElectron;
  const fakeModule =
    'const f = globalThis.__fakeElectron; export const contextBridge = f.contextBridge; export const ipcRenderer = f.ipcRenderer;';
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
