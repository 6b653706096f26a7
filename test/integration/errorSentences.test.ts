// Issue 9 over real sockets: an address the server does not know (205, or 207 as some servers send it) is
// said to be no member, in the app and in msnp; a service the server does not offer (a stand-in address,
// or URL refused) is "This server does not offer Hotmail." (or that service); and messaging yourself is refused before
// anything goes on the wire.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ALICE, BOB, Sessions, startServer } from './helpers';
import { FRIEND, ME, PLAIN, useHarness } from './serviceConversationHelpers';
import { ConversationManager } from '../../main/msnp/conversations';
import { OwnAddressError, ServiceNotOfferedError } from '../../main/msnp/errors';
import type { MsnpTestServer } from '../../main/sandbox/server';
import type { SandboxEvents } from '../../main/sandbox/events';
import { runMsnp } from './cliRun';

const NOT_OFFERED = 'This server does not offer that service.';
const NO_HOTMAIL = 'This server does not offer Hotmail.';
const NOBODY = 'nobody@test.example';

const msnp = (args: string[]) => runMsnp(args);

/** Everything the sandbox hears from now on: connections and commands, each as one line. */
function wire(server: MsnpTestServer): { heard: string[]; stop(): void } {
  const heard: string[] = [];
  const offs = [
    server.events.on('connection', (e: SandboxEvents['connection']) => heard.push(`connect ${e.server}`)),
    server.events.on('clientCommand', (e: SandboxEvents['clientCommand']) =>
      heard.push(`${e.email}: ${e.line}`),
    ),
  ];
  return { heard, stop: () => offs.forEach((off) => off()) };
}

describe('error sentences in the app', () => {
  const { start } = useHarness();

  for (const quirk of [false, true]) {
    const code = quirk ? 207 : 205;
    it(`says an address the server answers ${code} to ADD is not a member, not "try again later"`, async () => {
      const h = await start({ quirks: { unknownAs207: quirk } });
      await h.signIn();
      await assert.rejects(h.t.service.addContact(NOBODY), {
        message: `${NOBODY} is not a member of this service. Check the address and try again.`,
      });
    });

    it(`says who could not be invited into a conversation when CAL is answered ${code}`, async () => {
      const h = await start({ quirks: { unknownAs207: quirk } });
      const friend = await h.peer(FRIEND);
      await h.signIn();
      const id = await h.t.service.openConversation([FRIEND.email]);
      await h.t.service.sendMessage(id, 'hello', PLAIN);
      await h.line(id, (l) => l.kind === 'message' && l.delivery === 'delivered');
      await friend.rung();
      const line = h.line(id, (l) => l.kind === 'system' && l.tone === 'error');
      await h.t.service.inviteToConversation(id, NOBODY);
      const error = await line;
      assert.equal(
        error.kind === 'system' && error.text,
        quirk
          ? `${NOBODY} is not signed in or is not a member of this service, so they could not be invited.`
          : `${NOBODY} is not a member of this service, so they could not be invited.`,
      );
    });
  }

  for (const standIn of [
    ['about:blank', 'about:blank', '2'],
    ['http://', 'http://'],
    ['http://www.example.com/', 'http://www.example.com/', '2'],
    [],
  ]) {
    it(`says the server does not offer the inbox or e-mail when URL answers "${standIn.join(' ')}"`, async () => {
      const h = await start({ quirks: { urlStandIn: standIn } });
      await h.signIn();
      await assert.rejects(h.t.service.openInbox(), { message: NO_HOTMAIL });
      await assert.rejects(h.t.service.sendEmail(FRIEND.email), { message: NO_HOTMAIL });
    });
  }

  it('refuses to start a conversation with yourself or invite yourself, with nothing on the wire', async () => {
    const h = await start();
    const friend = await h.peer(FRIEND);
    await h.signIn();
    const id = await h.t.service.openConversation([FRIEND.email]);
    await h.t.service.sendMessage(id, 'hello', PLAIN);
    await h.line(id, (l) => l.kind === 'message' && l.delivery === 'delivered');
    await friend.rung();

    const traffic = wire(h.server);
    await assert.rejects(h.t.service.openConversation([ME.email]), {
      message: 'You cannot start a conversation with yourself.',
    });
    await assert.rejects(h.t.service.openConversation(['Me@Test.Example']), {
      message: 'You cannot start a conversation with yourself.',
    });
    await assert.rejects(h.t.service.inviteToConversation(id, 'ME@test.example'), {
      message: 'You are already in this conversation.',
    });
    // A round trip the server answers in order: anything sent before it would have been heard first.
    await h.t.service.sendMessage(id, 'still here', PLAIN);
    await friend.message((m) => m.text === 'still here');
    traffic.stop();
    assert.deepEqual(
      traffic.heard.filter((l) => !/^me@test\.example: MSG \d+ A \d+$/.test(l)),
      [],
      'only the message that followed went out',
    );
  });
});

describe('error sentences in the engine', () => {
  let server: MsnpTestServer;
  const sessions = new Sessions();
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await sessions.closeAll();
    await server.stop();
  });

  it('refuses a conversation or a call with your own address before anything is sent', async () => {
    const ns = await sessions.signIn(server, ALICE);
    const manager = new ConversationManager(ns, { requestTimeoutMs: 3_000, callTimeoutMs: 3_000 });
    const traffic = wire(server);
    assert.throws(() => manager.open(['ALICE@example.com']), OwnAddressError);
    assert.throws(() => manager.openNew([BOB.email, ALICE.email]), OwnAddressError);
    const c = manager.open([BOB.email]);
    await assert.rejects(c.invite(ALICE.email), OwnAddressError);
    // A request the server answers in order: anything sent before it would have been heard first.
    await ns.setStatusRequest('BSY');
    traffic.stop();
    assert.equal(traffic.heard.length, 1, traffic.heard.join('\n'));
    assert.match(traffic.heard[0]!, /^alice@example\.com: CHG \d+ BSY$/);
    manager.closeAll();
  });

  it('says a service is not offered when URL is refused', async () => {
    const ns = await sessions.signIn(server, BOB);
    // PASSWORD went away in MSNP3: the sandbox refuses it with 201, as a server without the service.
    await assert.rejects(
      ns.requestUrl('PASSWORD'),
      (e: unknown) => e instanceof ServiceNotOfferedError && e.message === NOT_OFFERED,
    );
    assert.match(
      await ns.requestUrl('INBOX'),
      /^http:\/\/127\.0\.0\.1\//,
      'a loopback address from a loopback server is real',
    );
  });
});

describe('error sentences in msnp', () => {
  let server: MsnpTestServer;
  let quirky: MsnpTestServer;
  before(async () => {
    server = await startServer();
    quirky = await startServer(undefined, { unknownAs207: true });
  });
  after(async () => {
    await server.stop();
    await quirky.stop();
  });

  const send = (s: MsnpTestServer, to: string) =>
    msnp([
      'send',
      '--server',
      `127.0.0.1:${s.dispatchPort}`,
      '--user',
      ALICE.email,
      '--password',
      ALICE.password,
      '--to',
      to,
      '--message',
      'hi',
      '--timeout',
      '3',
    ]);

  it('says an unknown address is not a member when the call is answered 205 or 207', async () => {
    const plain = await send(server, 'nobody@example.com');
    assert.equal(plain.code, 1, plain.stderr);
    assert.equal(
      plain.stderr.trim(),
      'msnp: nobody@example.com is not a member of this service, so your message could not be delivered.',
    );
    const odd = await send(quirky, 'nobody@example.com');
    assert.equal(odd.code, 1, odd.stderr);
    assert.equal(
      odd.stderr.trim(),
      'msnp: nobody@example.com is not signed in or is not a member of this service, so your message could not be delivered.',
    );
  });

  it('refuses to send to your own address with exit status 2 and without connecting', async () => {
    const traffic = wire(server);
    const r = await send(server, 'Alice@Example.com');
    traffic.stop();
    assert.equal(r.code, 2, r.stderr);
    assert.equal(
      r.stderr.trim(),
      'msnp: --to is your own address (--user): msnp cannot send a message to yourself',
    );
    assert.deepEqual(traffic.heard, []);
  });

  it('refuses a --protocol it does not document with exit status 2', async () => {
    const r = await msnp([
      'login',
      '--server',
      `127.0.0.1:${server.dispatchPort}`,
      '--user',
      ALICE.email,
      '--password',
      ALICE.password,
      '--protocol',
      'MSNP5,CVR0',
    ]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^msnp: --protocol must be MSNP5, MSNP4, MSNP3 or MSNP2/);
  });
});
