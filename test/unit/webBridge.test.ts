import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { MessengerEvent, WindowRoute, WireMessage } from '../../app/contract';
import { createSocketApi, type SocketApiOptions, type SocketLike } from '../../renderer/bridge';

const SNAPSHOT = {
  session: { phase: 'signedOut', progress: '', error: '', needsVerification: false },
  account: null,
  settings: {
    servers: [],
    lastServer: 'sandbox',
    lastEmail: '',
    protocols: [],
    rememberedPassword: false,
    canRememberPassword: false,
    sounds: true,
    toasts: true,
  },
  toasts: [],
  environment: 'browser',
  version: '0',
  conversations: [],
  invitations: [],
};

const CONVERSATION = {
  id: 'c4',
  members: [{ email: 'ben@example.com', nickname: 'Ben', present: true }],
  typing: [],
  windowOpen: true,
  fileBlocked: '',
  lastReceivedAt: null,
  firstSeq: 1,
  lastSeq: 9,
};

/** A socket the test opens, feeds and drops by hand. */
class FakeSocket implements SocketLike {
  readyState = 0;
  readonly sent: WireMessage[] = [];
  private readonly handlers = new Map<string, ((e: { data: unknown }) => void)[]>();

  addEventListener(type: string, listener: (e: { data: unknown }) => void): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), listener]);
  }
  send(data: string): void {
    if (this.readyState !== 1) throw new Error('not open');
    this.sent.push(JSON.parse(data) as WireMessage);
  }
  close(): void {
    this.drop();
  }
  private fire(type: string, data?: unknown): void {
    for (const h of this.handlers.get(type) ?? []) h({ data });
  }
  open(): void {
    this.readyState = 1;
    this.fire('open');
  }
  receive(message: WireMessage | string): void {
    this.fire('message', typeof message === 'string' ? message : JSON.stringify(message));
  }
  reply(index: number, value: unknown): void {
    const call = this.sent[index];
    assert.ok(call && call.t === 'call');
    this.receive({ t: 'reply', id: call.id, ok: true, value });
  }
  drop(): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.fire('error');
    this.fire('close');
  }
}

function setup(options: Partial<SocketApiOptions> = {}) {
  const sockets: FakeSocket[] = [];
  const client = createSocketApi({
    url: 'ws://127.0.0.1:1/ws?token=t',
    connect: () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s;
    },
    reconnectDelaysMs: [5],
    ...options,
  });
  const events: MessengerEvent[] = [];
  return { client, sockets, events, listen: () => client.subscribe((e) => events.push(e)) };
}

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await tick(2);
  assert.ok(check(), 'condition never became true');
}

describe('browser-mode bridge (createSocketApi)', () => {
  it('queues calls until the socket opens and matches replies by id, in any order', async () => {
    const { client, sockets } = setup();
    const snapshot = client.getSnapshot();
    const conversation = client.openConversation(['bob@example.com']);
    assert.equal(sockets.length, 1);
    sockets[0]!.open();
    assert.deepEqual(
      sockets[0]!.sent.map((m) => m.t === 'call' && [m.method, m.args]),
      [
        ['getSnapshot', []],
        ['openConversation', [['bob@example.com']]],
      ],
    );
    sockets[0]!.reply(1, 'c9');
    sockets[0]!.reply(0, SNAPSHOT);
    assert.equal(await conversation, 'c9');
    assert.deepEqual(await snapshot, SNAPSHOT);
    client.close();
  });

  it("rejects with the wire's one-sentence error", async () => {
    const { client, sockets } = setup();
    const call = client.addContact('bob@example.com');
    sockets[0]!.open();
    const sent = sockets[0]!.sent[0]!;
    assert.ok(sent.t === 'call');
    sockets[0]!.receive({
      t: 'reply',
      id: sent.id,
      ok: false,
      error: 'You need to be signed in to do that.',
    });
    await assert.rejects(call, { message: 'You need to be signed in to do that.' });
    client.close();
  });

  it('times out a call nobody answers, with one sentence, and ignores a late reply', async () => {
    const { client, sockets } = setup({ callTimeoutMs: 10 });
    const call = client.signOut();
    sockets[0]!.open();
    await assert.rejects(call, { message: 'Butterfly did not answer in time. Try again.' });
    sockets[0]!.reply(0, undefined);
    client.close();
  });

  it('delivers events to every subscriber until it unsubscribes, and skips junk', async () => {
    const { client, sockets } = setup();
    const a: MessengerEvent[] = [];
    const b: MessengerEvent[] = [];
    client.subscribe((e) => a.push(e));
    const stopB = client.subscribe((e) => b.push(e));
    sockets[0]!.open();
    sockets[0]!.receive({ t: 'event', event: { type: 'sound', sound: 'online' } });
    stopB();
    sockets[0]!.receive('not json');
    sockets[0]!.receive({ t: 'reply', id: 999, ok: true, value: 1 });
    sockets[0]!.receive({ t: 'event', event: { type: 'sound', sound: 'mail' } });
    assert.deepEqual(a, [
      { type: 'sound', sound: 'online' },
      { type: 'sound', sound: 'mail' },
    ]);
    assert.deepEqual(b, [{ type: 'sound', sound: 'online' }]);
    client.close();
  });

  it('rejects calls in flight when the socket drops, says so once, reconnects and replays a fresh snapshot', async () => {
    const { client, sockets, events, listen } = setup();
    listen();
    sockets[0]!.open();
    const inFlight = client.setStatus('BSY');
    sockets[0]!.drop();
    await assert.rejects(inFlight, {
      message: 'The connection to Butterfly was lost before it answered. Try again in a moment.',
    });
    assert.deepEqual(events, [
      { type: 'notice', message: 'The connection to Butterfly was lost. It is reconnecting.' },
    ]);

    // A call made during the outage waits for the reconnect instead of failing.
    const waiting = client.setNickname('Ann');
    await until(() => sockets.length === 2);
    sockets[1]!.drop(); // the first retry fails; another follows, with no second notice
    await assert.rejects(waiting);
    await until(() => sockets.length === 3);
    sockets[2]!.open();
    const resync = sockets[2]!.sent[0]!;
    assert.ok(resync.t === 'call' && resync.method === 'getSnapshot');
    sockets[2]!.reply(0, { ...SNAPSHOT, conversations: [CONVERSATION] });
    await until(() => events.length === 6);
    assert.deepEqual(
      events.slice(1).map((e) => e.type),
      ['session', 'settings', 'account', 'toasts', 'conversation'],
    );
    // The conversation's window learns main holds 9 lines, and fetches what it missed.
    assert.deepEqual(events[5], { type: 'conversation', conversation: CONVERSATION });
    assert.equal(events.filter((e) => e.type === 'notice').length, 1);
    client.close();
  });

  it('reports a connection that never opened in one sentence and does not retry on its own', async () => {
    const { client, sockets } = setup();
    const call = client.getSnapshot();
    sockets[0]!.drop();
    await assert.rejects(call, /could not connect to its service/);
    await tick(20);
    assert.equal(sockets.length, 1);
    // The next call tries again.
    void client.getSnapshot().catch(() => {});
    assert.equal(sockets.length, 2);
    client.close();
  });

  it('opens windows inside the page without sending anything to main', async () => {
    const opened: WindowRoute[] = [];
    const { client, sockets } = setup({ openWindow: (route) => opened.push(route) });
    await client.openWindow({ kind: 'dialog', dialog: 'about' });
    assert.deepEqual(opened, [{ kind: 'dialog', dialog: 'about' }]);
    assert.equal(sockets.length, 0);
    client.close();
  });

  it('without a token, fails every call with one sentence and never connects', async () => {
    const { client, sockets, listen } = setup({ url: null });
    listen();
    await assert.rejects(client.getSnapshot(), {
      message: 'This page has no session token. Open the address Butterfly printed when it started.',
    });
    assert.equal(sockets.length, 0);
  });

  it('after close, rejects pending and new calls and stops reconnecting', async () => {
    const { client, sockets } = setup();
    const pending = client.getSnapshot();
    sockets[0]!.open();
    client.close();
    await assert.rejects(pending);
    await assert.rejects(client.getSnapshot());
    await tick(20);
    assert.equal(sockets.length, 1);
  });
});
