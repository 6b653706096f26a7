// The sandbox switchboard's deviations, each off by default and switched on by one test: what a client
// must survive from real and revival switchboards.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeQuirks } from '../../main/sandbox/quirks';
import type { MsnpTestServer } from '../../main/sandbox/server';
import { ALICE, BOB, CAROL, startServer } from './helpers';
import { SwitchboardSteps, textMessage as text, typingMessage as typing } from './switchboardSteps';

const ALICE_NAME = 'Alice%20Liddell';
const BOB_NAME = 'Bob%20%C3%9Cn%C3%AFcode%20%E2%98%83';
const A = { account: ALICE, name: ALICE_NAME };
const B = { account: BOB, name: BOB_NAME };

describe('the sandbox switchboard quirks over raw MSNP', () => {
  let server: MsnpTestServer;
  let steps: SwitchboardSteps;

  before(async () => {
    server = await startServer([ALICE, BOB, CAROL]);
    steps = new SwitchboardSteps(server);
  });
  afterEach(() => {
    steps.closeAll();
    server.quirks = makeQuirks();
  });
  after(() => server.stop());

  it('joiBeforeIro: the one answering gets a JOI for themselves before the IRO lines', async () => {
    server.quirks.joiBeforeIro = true;
    const aliceNs = await steps.online(ALICE);
    const bobNs = await steps.online(BOB);
    const { sb: a, sessionId } = await steps.openSb(aliceNs, A);
    const { lines } = await steps.answer(await steps.ring(a, bobNs, BOB, sessionId), BOB);
    assert.deepEqual(lines, [`JOI bob@example.com ${BOB_NAME}`, `IRO 1 1 1 alice@example.com ${ALICE_NAME}`, 'ANS 1 OK']);
  });

  it('textSessionIds: session ids are not numbers, and ANS works with them', async () => {
    server.quirks.textSessionIds = true;
    const { sessionId, a, b } = await steps.pair(A, B);
    assert.match(sessionId, /^s-[0-9a-f]{5,}$/);
    const tr = b.sendMsg('A', text('ok'));
    assert.equal((await b.next()).raw, `ACK ${tr}`);
    assert.equal((await a.next()).payload?.toString(), text('ok'));
  });

  it('sbDropAfterMessages: the sender is dropped right after its Nth message is relayed, without an ACK', async () => {
    const { a, b } = await steps.pair(A, B);
    server.quirks.sbDropAfterMessages = 2;
    a.sendMsg('U', typing(ALICE.email));
    a.sendMsg('A', text('going, going'));
    await a.closed;
    assert.deepEqual(a.held(), []);
    assert.equal((await b.next()).payload?.toString(), typing(ALICE.email));
    assert.equal((await b.next()).payload?.toString(), text('going, going'));
    assert.equal((await b.next()).raw, 'BYE alice@example.com');
  });

  it('sbSilent: the switchboard reads but answers nothing until it is switched off', async () => {
    const aliceNs = await steps.online(ALICE);
    const tr = aliceNs.send('XFR', 'SB');
    const cookie = (await aliceNs.take((m) => m.trId === tr)).args[3]!;
    server.quirks.sbSilent = true;
    const sb = await steps.connect();
    const read = server.waitFor('clientCommand', (e) => e.server === 'sb' && e.line.startsWith('USR 1 '));
    sb.send('USR', ALICE.email, cookie);
    await read;
    server.quirks.sbSilent = false;
    sb.send('USR', ALICE.email, cookie);
    assert.equal((await sb.next()).raw, `USR 2 OK alice@example.com ${ALICE_NAME}`, 'the silent USR had no answer and no effect');
  });

  it('nakEverything: A and N are answered with NAK although the message was relayed', async () => {
    const { a, b } = await steps.pair(A, B);
    server.quirks.nakEverything = true;
    const ack = a.sendMsg('A', text('one'));
    assert.equal((await a.next()).raw, `NAK ${ack}`);
    const neg = a.sendMsg('N', text('two'));
    assert.equal((await a.next()).raw, `NAK ${neg}`);
    assert.equal((await b.next()).payload?.toString(), text('one'));
    assert.equal((await b.next()).payload?.toString(), text('two'));
  });

  it('sbIdleTimeoutMs: someone silent for that long is disconnected, and the others get BYE with the timeout flag', async () => {
    const aliceNs = await steps.online(ALICE);
    const bobNs = await steps.online(BOB);
    const { sb: a, sessionId } = await steps.openSb(aliceNs, A);
    const rng = await steps.ring(a, bobNs, BOB, sessionId);
    // Only Bob, who enters now, is watched; Alice entered before the quirk was set.
    server.quirks.sbIdleTimeoutMs = 50;
    const idle = server.waitFor('sbLeave', (e) => e.sessionId === sessionId);
    const { sb: b } = await steps.answer(rng, BOB);
    await b.closed;
    assert.equal((await idle).reason, 'idle');
    assert.equal((await a.take((m) => m.name === 'BYE')).raw, 'BYE bob@example.com 1');
  });

  it('sbMaxPayload: a larger limit lets a longer message through', async () => {
    server.quirks.sbMaxPayload = 4000;
    const { a, b } = await steps.pair(A, B);
    const long = text('z'.repeat(3000));
    const tr = a.sendMsg('A', long);
    assert.equal((await a.next()).raw, `ACK ${tr}`);
    assert.equal((await b.next()).payload?.toString(), long);
  });
});
