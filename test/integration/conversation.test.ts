import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ALICE, BOB, CAROL, Sessions, incoming, onlineMaker, startServer, waitFor } from './helpers';
import type { MsnpTestServer } from '../../main/sandbox/server';
import type { ConversationManager } from '../../main/msnp/conversations';
import type { Conversation, ConversationEvents } from '../../main/msnp/conversation';
import { DEFAULT_FORMAT } from '../../app/messageFormat';

const OPTS = { typingExpiryMs: 150, typingIntervalMs: 0, callTimeoutMs: 3_000, requestTimeoutMs: 3_000 };

function next<K extends keyof ConversationEvents>(c: Conversation, event: K, match: (p: ConversationEvents[K]) => boolean = () => true, ms = 5_000): Promise<ConversationEvents[K]> {
  return waitFor((listener) => c.on(event, listener), match, ms, String(event));
}

type Msg = ConversationEvents['message'];

/** Records every message of every conversation from the moment it exists, so none is missed. */
class Inbox {
  readonly messages: Msg[] = [];
  private waiters: { match: (m: Msg) => boolean; resolve: (m: Msg) => void }[] = [];
  constructor(readonly manager: ConversationManager) {
    manager.on('conversation', ({ conversation }) => this.watch(conversation));
  }
  watch(c: Conversation): void {
    c.on('message', (m) => {
      if (m.direction !== 'in') return;
      this.messages.push(m);
      for (const w of [...this.waiters]) {
        if (w.match(m)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    });
  }
  waitFor(match: (m: Msg) => boolean, ms = 5_000): Promise<Msg> {
    const found = this.messages.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no matching message')), ms);
      this.waiters.push({ match, resolve: (m) => (clearTimeout(t), resolve(m)) });
    });
  }
}

describe('conversations over the switchboard', () => {
  let server: MsnpTestServer;
  const sessions = new Sessions();
  const managers: ConversationManager[] = [];
  const online = onlineMaker(sessions, () => server, OPTS, managers);
  before(async () => {
    server = await startServer([
      { ...ALICE, forward: [BOB.email, CAROL.email, 'dave@example.com'], allow: [BOB.email, CAROL.email] },
      BOB,
      { ...CAROL, forward: [ALICE.email], allow: [ALICE.email] },
      { email: 'dave@example.com', password: 'davepw', nickname: 'Dave' },
    ]);
  });
  after(async () => {
    for (const m of managers) m.closeAll();
    await sessions.closeAll();
    await server.stop();
  });

  it('chats both ways; a message typed before anyone joined is queued and delivered', async () => {
    const alice = await online(ALICE);
    const bob = await online(BOB);
    const bobInbox = new Inbox(bob);
    const bobGets = incoming(bob);
    const c = alice.open([BOB.email]);
    const [id] = c.sendText('Hello Bob ☃', { ...DEFAULT_FORMAT, bold: true, color: '#ff0000' });
    const delivered = await next(c, 'delivery', (d) => d.id === id);
    assert.equal(delivered.status, 'delivered');
    const bc = await bobGets;
    const got = await bobInbox.waitFor((m) => m.text === 'Hello Bob ☃');
    assert.equal(got.text, 'Hello Bob ☃');
    assert.equal(got.format.bold, true);
    assert.equal(got.format.color, '#ff0000');
    assert.equal(got.from, ALICE.email);
    assert.equal(got.nickname, 'Alice Liddell');

    const reply = next(c, 'message', (m) => m.direction === 'in');
    const [rid] = bc.sendText('Hi Alice!');
    assert.equal((await next(bc, 'delivery', (d) => d.id === rid)).status, 'delivered');
    assert.equal((await reply).text, 'Hi Alice!');
  });

  it('brings a third person into the same switchboard; everyone receives every message', async () => {
    const alice = await online(ALICE);
    const bob = await online(BOB);
    const carol = await online(CAROL);
    const bobInbox = new Inbox(bob);
    const carolInbox = new Inbox(carol);
    const c = alice.open([BOB.email]);
    const [first] = c.sendText('just us');
    assert.equal((await next(c, 'delivery', (d) => d.id === first)).status, 'delivered');
    const carolJoined = next(c, 'joined', (e) => e.email === CAROL.email);
    await c.invite(CAROL.email);
    await carolJoined;
    assert.deepEqual(c.memberList.map((m) => [m.email, m.present]), [[BOB.email, true], [CAROL.email, true]]);
    const [all] = c.sendText('now all three');
    assert.equal((await next(c, 'delivery', (d) => d.id === all)).status, 'delivered');
    await bobInbox.waitFor((m) => m.text === 'now all three');
    await carolInbox.waitFor((m) => m.text === 'now all three');
    // Carol answers; Alice and Bob both get it.
    const aliceInbox = new Inbox(alice);
    aliceInbox.watch(c);
    const carolConv = carol.all[0]!;
    assert.deepEqual(carolConv.memberList.map((m) => m.email).sort(), [ALICE.email, BOB.email]);
    carolConv.sendText('hello both');
    await aliceInbox.waitFor((m) => m.text === 'hello both' && m.from === CAROL.email);
    await bobInbox.waitFor((m) => m.text === 'hello both');
  });

  it('shows typing notices and lets them expire', async () => {
    const alice = await online(ALICE);
    const bob = await online(BOB);
    const bobGets = incoming(bob);
    const c = alice.open([BOB.email]);
    const [id] = c.sendText('typing test');
    await next(c, 'delivery', (d) => d.id === id);
    const bc = await bobGets;
    const on = next(bc, 'typing', (t) => t.active);
    const off = next(bc, 'typing', (t) => !t.active);
    c.typing();
    assert.equal((await on).email, ALICE.email);
    await off;
  });

  it('reports a message that gets NAK as not delivered, with its text kept', async () => {
    const alice = await online(ALICE);
    await online(BOB);
    const c = alice.open([BOB.email]);
    const [warm] = c.sendText('first');
    await next(c, 'delivery', (d) => d.id === warm);
    server.quirks.nakEverything = true;
    try {
      const out = next(c, 'message', (m) => m.direction === 'out' && m.text === 'will be refused');
      const [id] = c.sendText('will be refused');
      assert.equal((await out).id, id);
      const d = await next(c, 'delivery', (x) => x.id === id);
      assert.equal(d.status, 'failed');
      assert.match(d.error!, /could not be delivered/);
    } finally {
      server.quirks.nakEverything = false;
    }
  });

  it('reports messages lost when the switchboard drops, then reopens for the next one', async () => {
    const alice = await online(ALICE);
    const bob = await online(BOB);
    const bobInbox = new Inbox(bob);
    const c = alice.open([BOB.email]);
    server.quirks.sbDropAfterMessages = 1;
    try {
      const [id] = c.sendText('lost in transit?');
      const d = await next(c, 'delivery', (x) => x.id === id);
      assert.equal(d.status, 'failed');
      assert.equal(d.error, 'The connection to the conversation was lost before the message was confirmed.');
    } finally {
      server.quirks.sbDropAfterMessages = null;
    }
    const [again] = c.sendText('second try');
    assert.equal((await next(c, 'delivery', (x) => x.id === again)).status, 'delivered');
    await bobInbox.waitFor((m) => m.text === 'second try');
  });

  it('opens a new switchboard and calls again when everyone has left', async () => {
    const alice = await online(ALICE);
    const bob = await online(BOB);
    const bobInbox = new Inbox(bob);
    const c = alice.open([BOB.email]);
    const [id] = c.sendText('before');
    await next(c, 'delivery', (d) => d.id === id);
    const bc = bob.all[0]!;
    const left = next(c, 'left', (e) => e.email === BOB.email);
    bob.close(bc.id);
    await left;
    await next(c, 'disconnected');
    assert.equal(c.connected, false);
    const [after] = c.sendText('after everyone left');
    assert.equal((await next(c, 'delivery', (d) => d.id === after)).status, 'delivered');
    await bobInbox.waitFor((m) => m.text === 'after everyone left');
  });

  it('explains that an offline contact cannot be reached and fails the queued message', async () => {
    const alice = await online(ALICE);
    const c = alice.open(['dave@example.com']);
    const failed = next(c, 'callFailed');
    const [id] = c.sendText('are you there?');
    assert.equal((await failed).message, 'Dave is not online, so your message could not be delivered.');
    const d = await next(c, 'delivery', (x) => x.id === id);
    assert.equal(d.status, 'failed');
  });

  it('splits long text into several messages that arrive whole and in order', async () => {
    const alice = await online(ALICE);
    const bob = await online(BOB);
    const bobInbox = new Inbox(bob);
    const c = alice.open([BOB.email]);
    const text = Array.from({ length: 300 }, (_, i) => `line ${i} Zoë ☃`).join(' ');
    const statuses = new Map<string, string>();
    c.on('delivery', (d) => statuses.set(d.id, d.status));
    const ids = c.sendText(text);
    assert.ok(ids.length >= 3);
    await bobInbox.waitFor(() => bobInbox.messages.length >= ids.length);
    await next(c, 'delivery', () => ids.every((id) => statuses.has(id))).catch(() => undefined);
    assert.deepEqual(ids.map((id) => statuses.get(id)), ids.map(() => 'delivered'));
    await bobInbox.waitFor(() => bobInbox.messages.length >= ids.length);
    assert.equal(bobInbox.messages.map((m) => m.text).join(''), text);
  });

  it('ignores unknown content types without error', async () => {
    const alice = await online(ALICE);
    const bob = await online(BOB);
    const bobGets = incoming(bob);
    const c = alice.open([BOB.email]);
    const [id] = c.sendText('hi');
    await next(c, 'delivery', (d) => d.id === id);
    const bc = await bobGets;
    const payload = next(bc, 'payload');
    await c.sendPayload('MIME-Version: 1.0\r\nContent-Type: text/x-clientcaps\r\n\r\nClient-Name: Other\r\n');
    assert.equal((await payload).contentType, 'text/x-clientcaps');
    const [id2] = c.sendText('still fine');
    assert.equal((await next(c, 'delivery', (d) => d.id === id2)).status, 'delivered');
  });
});
