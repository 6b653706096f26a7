// The sandbox switchboard spoken to in raw MSNP over real sockets: XFR, USR, CAL, RNG, ANS, IRO, JOI,
// MSG with its acknowledgements, BYE, the refusals, the quirks and the echo bot.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { echoBot } from '../../main/sandbox/bots';
import { MsnpTestServer, type SandboxAccountInit } from '../../main/sandbox/server';
import { signIn } from './rawClient';
import { SwitchboardSteps, textMessage as text, typingMessage as typing, TEXT_HEAD } from './switchboardSteps';

const ALICE: SandboxAccountInit = {
  email: 'alice@example.com',
  password: 'wonderland',
  nickname: 'Alice Liddell',
  forward: ['bob@example.com', 'carol@example.com', 'echo@example.com'],
  allow: ['bob@example.com', 'carol@example.com'],
};
const BOB: SandboxAccountInit = { email: 'bob@example.com', password: 'builder', nickname: 'Bob Ünïcode ☃', forward: ['alice@example.com'], allow: ['alice@example.com'] };
const CAROL: SandboxAccountInit = { email: 'carol@example.com', password: 'carolpw', nickname: 'Carol' };
const DAVE: SandboxAccountInit = { email: 'dave@example.com', password: 'davepw', nickname: 'Dave' };
/** Erin has blocked Alice. */
const ERIN: SandboxAccountInit = { email: 'erin@example.com', password: 'erinpw', nickname: 'Erin', block: ['alice@example.com'] };
/** Frank lets only people on his allow list reach him: Bob is, Alice is not. */
const FRANK: SandboxAccountInit = { email: 'frank@example.com', password: 'frankpw', nickname: 'Frank', blp: 'BL', allow: ['bob@example.com'] };
const HANK: SandboxAccountInit = { email: 'hank@example.com', password: 'hankpw', nickname: 'Hank' };
const ECHO: SandboxAccountInit = { email: 'echo@example.com', password: 'echopw', nickname: 'Echo Bot' };

const ALICE_NAME = 'Alice%20Liddell';
const BOB_NAME = 'Bob%20%C3%9Cn%C3%AFcode%20%E2%98%83';
const A = { account: ALICE, name: ALICE_NAME };
const B = { account: BOB, name: BOB_NAME };
const FORMAT = 'X-MMS-IM-Format: FN=MS%20Sans%20Serif; EF=B; CO=ff; CS=0; PF=22';

describe('the sandbox switchboard over raw MSNP', () => {
  let server: MsnpTestServer;
  let steps: SwitchboardSteps;

  before(async () => {
    server = new MsnpTestServer({ accounts: [ALICE, BOB, CAROL, DAVE, ERIN, FRANK, HANK, ECHO] });
    server.addBot(ECHO.email, echoBot({ replyDelayMs: 0 }));
    await server.start();
    steps = new SwitchboardSteps(server);
  });
  afterEach(() => steps.closeAll());
  after(() => server.stop());

  it('hands out a switchboard with XFR, rings the callee through RNG, and lists the caller with IRO on ANS', async () => {
    const aliceNs = await steps.online(ALICE);
    const bobNs = await steps.online(BOB);
    const { sb: a, sessionId } = await steps.openSb(aliceNs, A);
    assert.match(sessionId, /^\d+$/);
    const rng = await steps.ring(a, bobNs, BOB, sessionId);
    assert.match(rng.raw, new RegExp(`^RNG ${sessionId} 127\\.0\\.0\\.1:${server.sbPort} CKI \\d+\\.\\d+\\.\\d+ alice@example.com ${ALICE_NAME}$`));
    const joined = server.waitFor('sbJoin', (e) => e.sessionId === sessionId);
    const { lines } = await steps.answer(rng, BOB);
    assert.deepEqual(lines, [`IRO 1 1 1 alice@example.com ${ALICE_NAME}`, 'ANS 1 OK']);
    assert.equal((await a.next()).raw, `JOI bob@example.com ${BOB_NAME}`);
    assert.deepEqual((await joined).participants, [ALICE.email, BOB.email]);
  });

  it('relays a message byte for byte and acknowledges as asked: ACK for A, none for U and N, ACK or 282 for D', async () => {
    const { a, b, sessionId } = await steps.pair(A, B);
    const payload = Buffer.from(`${TEXT_HEAD}${FORMAT}\r\n\r\nZoë says ☃ and 😀\r\nMSG 9 A 12\r\nnot a command`, 'utf8');
    const seen = server.waitFor('sbMessage', (e) => e.sessionId === sessionId);
    const tr = a.sendMsg('A', payload);
    const got = await b.next();
    assert.equal(got.raw, `MSG alice@example.com ${ALICE_NAME} ${payload.length}`);
    assert.deepEqual(got.payload, payload);
    assert.equal((await a.next()).raw, `ACK ${tr}`);
    const event = await seen;
    assert.deepEqual([event.from, event.trId, event.ackMode], [ALICE.email, tr, 'A']);
    assert.deepEqual(event.payload, payload);

    // U and N that reach everyone are not answered: the next reply is the one to the A after them.
    b.sendMsg('U', typing(BOB.email));
    b.sendMsg('N', text('no news is good news'));
    const last = b.sendMsg('A', text('third'));
    assert.equal((await b.next()).raw, `ACK ${last}`);
    assert.deepEqual((await a.next()).payload?.toString(), typing(BOB.email));
    assert.deepEqual((await a.next()).payload?.toString(), text('no news is good news'));
    assert.deepEqual((await a.next()).payload?.toString(), text('third'));

    const data = a.sendMsg('D', 'MIME-Version: 1.0\r\nContent-Type: application/octet-stream\r\n\r\ndata');
    assert.equal((await a.next()).raw, `ACK ${data}`);
    const bad = a.sendMsg('D', 'just some bytes');
    assert.equal((await a.next()).raw, `282 ${bad}`);
    a.sendMsg('U', text('after the bad one'));
    assert.equal((await b.next()).payload?.toString(), 'MIME-Version: 1.0\r\nContent-Type: application/octet-stream\r\n\r\ndata');
    assert.equal((await b.next()).payload?.toString(), text('after the bad one'), 'the malformed D was not relayed');
  });

  it('answers NAK to A and N while nobody else is in the session, and nothing to U', async () => {
    const aliceNs = await steps.online(ALICE);
    const { sb: a } = await steps.openSb(aliceNs, A);
    a.sendMsg('U', text('anyone?'));
    const ack = a.sendMsg('A', text('hello?'));
    assert.equal((await a.next()).raw, `NAK ${ack}`);
    const neg = a.sendMsg('N', text('hello??'));
    assert.equal((await a.next()).raw, `NAK ${neg}`);
  });

  it('brings a third person in: whoever is present may CAL, IRO lists everyone, the others get JOI, messages reach all', async () => {
    const { a, b, sessionId } = await steps.pair(A, B);
    const carolNs = await steps.online(CAROL);
    // Bob, who was called, calls Carol: the ring names him as the inviter.
    const rng = await steps.ring(b, carolNs, CAROL, sessionId);
    assert.deepEqual(rng.args.slice(4), [BOB.email, BOB_NAME]);
    const { sb: c, lines } = await steps.answer(rng, CAROL);
    assert.deepEqual(lines, [`IRO 1 1 2 alice@example.com ${ALICE_NAME}`, `IRO 1 2 2 bob@example.com ${BOB_NAME}`, 'ANS 1 OK']);
    assert.equal((await a.next()).raw, 'JOI carol@example.com Carol');
    assert.equal((await b.next()).raw, 'JOI carol@example.com Carol');

    const tr = c.sendMsg('A', text('hi both'));
    assert.equal((await c.next()).raw, `ACK ${tr}`);
    for (const other of [a, b]) {
      const m = await other.next();
      assert.equal(m.raw, `MSG carol@example.com Carol ${Buffer.byteLength(text('hi both'))}`);
      assert.equal(m.payload?.toString(), text('hi both'));
    }
  });

  it('sends BYE to the others on OUT and on a dropped socket, and ends the session with the last person', async () => {
    const { a, b, sessionId } = await steps.pair(A, B);
    const carolNs = await steps.online(CAROL);
    const { sb: c } = await steps.answer(await steps.ring(a, carolNs, CAROL, sessionId), CAROL);
    await a.take((m) => m.name === 'JOI');
    await b.take((m) => m.name === 'JOI');

    const out = server.waitFor('sbLeave', (e) => e.sessionId === sessionId && e.email === CAROL.email);
    c.raw('OUT\r\n');
    await c.closed;
    assert.equal((await a.next()).raw, 'BYE carol@example.com');
    assert.equal((await b.next()).raw, 'BYE carol@example.com');
    assert.equal((await out).reason, 'OUT');

    b.close();
    assert.equal((await a.next()).raw, 'BYE bob@example.com');

    // Alice rings Carol again but leaves before she answers: the session ends and the ring is void.
    const late = await steps.ring(a, carolNs, CAROL, sessionId);
    const ended = server.waitFor('sbEnd', (e) => e.sessionId === sessionId);
    a.raw('OUT\r\n');
    await ended;
    const c2 = await steps.connect();
    c2.send('ANS', CAROL.email, late.args[3]!, sessionId);
    assert.equal((await c2.next()).raw, '911 1');
    await c2.closed;
    assert.equal(server.account(ALICE.email)?.status, 'NLN', 'the notification connection is not affected');
  });

  it('refuses CAL: 217 for offline, hidden, not yet online or blocking, 205 unknown, 208 malformed, 215 already there or rung', async () => {
    const aliceNs = await steps.online(ALICE);
    const bobNs = await steps.online(BOB);
    await steps.online(CAROL, 'HDN');
    await steps.online(ERIN);
    await steps.online(FRANK);
    steps.track(await signIn(server, HANK));
    const { sb: a, sessionId } = await steps.openSb(aliceNs, A);
    const expect = async (handle: string, code: string): Promise<void> => {
      const tr = a.send('CAL', handle);
      assert.equal((await a.next()).raw, `${code} ${tr}`, handle);
    };
    await expect(DAVE.email, '217');
    await expect(CAROL.email, '217');
    await expect(HANK.email, '217');
    await expect(ERIN.email, '217');
    await expect(FRANK.email, '217');
    await expect('ghost@example.com', '205');
    await expect('hello', '208');
    await expect(ALICE.email, '215');
    const rng = await steps.ring(a, bobNs, BOB, sessionId);
    await expect(BOB.email, '215');
    await steps.answer(rng, BOB);
    await a.take((m) => m.name === 'JOI');
    await expect(BOB.email.toUpperCase(), '215');

    // Frank's allow list does let Bob reach him.
    const bobSb = await steps.openSb(bobNs, B);
    const tr = bobSb.sb.send('CAL', FRANK.email);
    assert.equal((await bobSb.sb.next()).raw, `CAL ${tr} RINGING ${bobSb.sessionId}`);
  });

  it('refuses XFR SB with 913 while hidden or before the first CHG', async () => {
    const carol = steps.track(await signIn(server, CAROL));
    const first = carol.send('XFR', 'SB');
    assert.equal((await carol.next()).raw, `913 ${first}`);
    carol.send('CHG', 'HDN');
    await carol.take((m) => m.name === 'CHG');
    const hidden = carol.send('XFR', 'SB');
    assert.equal((await carol.next()).raw, `913 ${hidden}`);
    carol.send('CHG', 'NLN');
    await carol.take((m) => m.name === 'CHG');
    const ok = carol.send('XFR', 'SB');
    assert.match((await carol.next()).raw, new RegExp(`^XFR ${ok} SB `));
  });

  it("refuses a made-up, used or someone else's cookie with 911 and closes; CAL or MSG before USR closes", async () => {
    const bad = await steps.connect();
    bad.send('USR', ALICE.email, '123.456.789');
    assert.equal((await bad.next()).raw, '911 1');
    await bad.closed;

    const aliceNs = await steps.online(ALICE);
    const tr = aliceNs.send('XFR', 'SB');
    const cookie = (await aliceNs.take((m) => m.trId === tr)).args[3]!;
    const thief = await steps.connect();
    thief.send('USR', BOB.email, cookie);
    assert.equal((await thief.next()).raw, '911 1');
    await thief.closed;
    // The owner can still use it, once.
    const owner = await steps.connect();
    owner.send('USR', ALICE.email.toUpperCase(), cookie);
    assert.equal((await owner.next()).raw, `USR 1 OK alice@example.com ${ALICE_NAME}`);
    const again = await steps.connect();
    again.send('USR', ALICE.email, cookie);
    assert.equal((await again.next()).raw, '911 1');
    await again.closed;

    for (const first of ['CAL 1 bob@example.com\r\n', `MSG 1 A ${Buffer.byteLength(text('x'))}\r\n${text('x')}`]) {
      const early = await steps.connect();
      early.raw(first);
      await early.closed;
      assert.deepEqual(early.held(), [], 'closed without an answer');
    }
  });

  it('closes a connection that sends more than 1664 payload bytes or an unknown ack mode; the others get BYE', async () => {
    const { a, b } = await steps.pair(A, B);
    const fits = TEXT_HEAD + '\r\n' + 'x'.repeat(1664 - Buffer.byteLength(TEXT_HEAD) - 2);
    assert.equal(Buffer.byteLength(fits), 1664);
    const tr = a.sendMsg('A', fits);
    assert.equal((await a.next()).raw, `ACK ${tr}`);
    assert.equal((await b.next()).payload?.length, 1664);
    const refused = server.waitFor('protocolError', (e) => e.server === 'sb' && e.email === ALICE.email);
    a.sendMsg('A', `${fits}y`);
    await a.closed;
    assert.match((await refused).message, /1665 bytes/);
    assert.equal((await b.next()).raw, 'BYE alice@example.com');

    for (const mode of ['X', 'a']) {
      const p = await steps.pair(A, B);
      p.b.sendMsg(mode, text('what mode?'));
      await p.b.closed;
      assert.equal((await p.a.next()).raw, 'BYE bob@example.com');
    }
  });

  it('lets a bot live in the server: online, it answers a ring and echoes text after a typing notice', async () => {
    const aliceNs = steps.track(await signIn(server, ALICE));
    const chg = aliceNs.send('CHG', 'NLN');
    await aliceNs.take((m) => m.name === 'CHG');
    assert.equal((await aliceNs.take((m) => m.name === 'ILN' && m.args[1] === ECHO.email)).raw, `ILN ${chg} NLN echo@example.com Echo%20Bot`);
    const { sb: a, sessionId } = await steps.openSb(aliceNs, A);
    const tr = a.send('CAL', ECHO.email);
    assert.equal((await a.next()).raw, `CAL ${tr} RINGING ${sessionId}`);
    assert.equal((await a.next()).raw, 'JOI echo@example.com Echo%20Bot');

    a.sendMsg('U', typing(ALICE.email));
    const sent = a.sendMsg('A', `${TEXT_HEAD}${FORMAT}\r\n\r\nhello ☃`);
    assert.equal((await a.next()).raw, `ACK ${sent}`);
    const notice = await a.next();
    assert.equal(notice.raw, `MSG echo@example.com Echo%20Bot ${notice.payload?.length}`);
    assert.equal(notice.payload?.toString(), typing(ECHO.email));
    const reply = await a.next();
    assert.equal(reply.payload?.toString(), `${TEXT_HEAD}${FORMAT}\r\n\r\nYou said: hello ☃`);

    // Taken away, the bot leaves its conversations; alone again, Alice's session lives on.
    assert.equal(server.removeBot(ECHO.email), true);
    assert.equal((await a.next()).raw, 'BYE echo@example.com');
    assert.equal((await aliceNs.take((m) => m.name === 'FLN')).raw, 'FLN echo@example.com');
    const ended = server.waitFor('sbEnd', (e) => e.sessionId === sessionId);
    a.raw('OUT\r\n');
    await ended;
    server.addBot(ECHO.email, echoBot({ replyDelayMs: 0 }));
    assert.equal(server.onlineStatus(ECHO.email), 'NLN');
  });
});
