// Names from the wire are data, never keys into an object's prototype: every member name of
// Object.prototype (valueOf, constructor, __proto__, hasOwnProperty...) sent as a command, a MIME header
// or an invitation field is one more unknown name. Nothing throws, nothing counts as handled, and the
// session goes on.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { ALICE, BOB, Sessions, incoming, onlineMaker, startServer, waitFor } from './helpers';
import { signIn } from './rawClient';
import { SwitchboardSteps } from './switchboardSteps';
import type { MsnpTestServer } from '../../main/sandbox/server';
import type { NotificationSession } from '../../main/msnp/notificationSession';
import type { ConversationManager } from '../../main/msnp/conversations';
import { Switchboard } from '../../main/msnp/switchboard';
import { encodeCommand } from '../../main/msnp/command';
import { parseHotmailMessage } from '../../main/msnp/hotmail';
import { parseContentType, parseHeaderBlock, parseMime, serializeMime } from '../../app/mime';
import { FILE_TRANSFER_GUID, parseInvitation, serializeInvitation } from '../../app/invitation';

/** Every own member of Object.prototype; __proto__ is among them (an accessor), listed again to be sure. */
const NAMES = [...new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__'])];
/** What Object.prototype holds before the test; afterwards it must hold exactly the same. */
const PROTOTYPE = Object.getOwnPropertyNames(Object.prototype).map((n) => [
  n,
  Object.getOwnPropertyDescriptor(Object.prototype, n),
]);

/** Exceptions that escape into the event loop (a socket's data handler), collected instead of crashing. */
function trapUncaught(): { errors: unknown[]; release(): void } {
  const errors: unknown[] = [];
  const listener = (err: unknown): void => {
    errors.push(err);
  };
  process.on('uncaughtException', listener);
  return { errors, release: () => process.off('uncaughtException', listener) };
}

function assertPrototypeIntact(): void {
  const now = Object.getOwnPropertyNames(Object.prototype).map((n) => [
    n,
    Object.getOwnPropertyDescriptor(Object.prototype, n),
  ]);
  assert.deepEqual(now, PROTOTYPE);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
}

/** The two shapes a hostile line takes: the bare name, and the name with a TrID and fields. */
function linesFor(name: string): string[] {
  return [name, `${name} 7 FL x@example.com`];
}

describe('names from the wire are never keys into Object.prototype', () => {
  let server: MsnpTestServer;
  const sessions = new Sessions();
  const managers: ConversationManager[] = [];
  const online = onlineMaker(
    sessions,
    () => server,
    { requestTimeoutMs: 3_000, callTimeoutMs: 3_000 },
    managers,
  );
  let trap: ReturnType<typeof trapUncaught>;

  before(async () => {
    trap = trapUncaught();
    server = await startServer(undefined, { sbMaxPayload: 8 * 1024 });
  });
  after(async () => {
    for (const m of managers) m.closeAll();
    await sessions.closeAll();
    await server.stop();
    trap.release();
  });
  // Each test answers for what escaped while it ran.
  beforeEach(() => {
    trap.errors.length = 0;
  });

  it('the notification session warns of each as an unknown command and stays online', async () => {
    const ns: NotificationSession = await sessions.signIn(server, ALICE);
    const warnings: { code: string; line?: string }[] = [];
    ns.on('warning', (w) => warnings.push(w));
    const sent = NAMES.flatMap(linesFor);
    server.inject(ALICE.email, sent.map((l) => `${l}\r\n`).join(''));
    // A request answered after all of them shows the session read past them and still works.
    await ns.setStatusRequest('BSY');
    assert.deepEqual(trap.errors, []);
    assert.equal(ns.status, 'online');
    assert.equal(ns.state.self.status, 'BSY');
    for (const line of sent) {
      const w = warnings.find((x) => x.line === line);
      assert.ok(w, `no warning for ${JSON.stringify(line)}`);
      assert.equal(w.code, 'unknown-command', line);
    }
    assertPrototypeIntact();
  });

  it('the notification session reads each as a profile field of its own, and nothing more', async () => {
    const ns = await sessions.signIn(server, BOB);
    const profile = waitFor<Record<string, string>>((l) => ns.on('profile', l));
    const fields: [string, string][] = [
      ['LoginTime', '1'],
      ...NAMES.map((n): [string, string] => [n, `v-${n}`]),
    ];
    const payload = serializeMime(
      [['MIME-Version', '1.0'], ['Content-Type', 'text/x-msmsgsprofile; charset=UTF-8'], ...fields],
      '',
    );
    server.inject(BOB.email, encodeCommand('MSG', null, ['Hotmail', 'Hotmail'], payload));
    const got = await profile;
    for (const n of NAMES) {
      if (n === '__proto__') assert.ok(!Object.hasOwn(got, n));
      else assert.equal(Object.getOwnPropertyDescriptor(got, n)?.value, `v-${n}`, n);
    }
    await ns.setStatusRequest('AWY');
    assert.deepEqual(trap.errors, []);
    assertPrototypeIntact();
  });

  it('a switchboard warns of each as an unknown command and goes on', async () => {
    const sent = NAMES.flatMap(linesFor);
    const scripted = net.createServer((socket) => {
      socket.setEncoding('latin1');
      socket.once('data', (line: string) => {
        const trId = /^USR (\d+) /.exec(line)?.[1] ?? '1';
        socket.write(
          `USR ${trId} OK me@example.com Me\r\n` +
            sent.map((l) => `${l}\r\n`).join('') +
            'JOI ben@example.com Ben\r\n',
        );
      });
    });
    await new Promise<void>((resolve) => scripted.listen(0, '127.0.0.1', resolve));
    const sb = new Switchboard({ email: 'me@example.com', requestTimeoutMs: 5_000 });
    const warnings: { code: string; line?: string }[] = [];
    sb.on('warning', (w) => warnings.push(w));
    const ben = waitFor<{ email: string }>(
      (l) => sb.on('joined', l),
      (e) => e.email === 'ben@example.com',
    );
    try {
      await sb.start({
        mode: 'call',
        host: '127.0.0.1',
        port: (scripted.address() as net.AddressInfo).port,
        cookie: '1.2.3',
      });
      await ben;
      assert.deepEqual(trap.errors, []);
      assert.ok(sb.open);
      for (const line of sent) {
        const w = warnings.find((x) => x.line === line);
        assert.ok(w, `no warning for ${JSON.stringify(line)}`);
        assert.equal(w.code, 'unknown-command', line);
      }
    } finally {
      sb.leave();
      scripted.close();
    }
    assertPrototypeIntact();
  });

  it('MIME headers and invitation fields of those names are plain data, over the switchboard too', async () => {
    // Pure readers first: each name is one more header or field, kept as its own entry.
    const headerLines = NAMES.map((n) => `${n}: v-${n}\r\n`).join('');
    const mime = parseMime(
      `MIME-Version: 1.0\r\nContent-Type: text/plain; ${NAMES.map((n) => `${n}=p`).join('; ')}\r\n${headerLines}\r\nhello`,
    );
    assert.equal(mime.body, 'hello');
    for (const n of NAMES) assert.equal(mime.headers.get(n.toLowerCase()), `v-${n}`);
    const params = parseContentType(mime.headers.get('content-type')!).params;
    for (const n of NAMES)
      assert.equal(Object.getOwnPropertyDescriptor(params, n.toLowerCase())?.value, 'p', n);
    const block = parseHeaderBlock(headerLines);
    for (const n of NAMES) assert.equal(block.headers.get(n.toLowerCase()), `v-${n}`);
    const hotmail = parseHotmailMessage(
      Buffer.from(
        `MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsinitialemailnotification\r\n\r\nInbox-Unread: 2\r\nFolders-Unread: 0\r\n${headerLines}`,
      ),
    );
    assert.deepEqual(
      hotmail.message.kind === 'initialMail' && [hotmail.message.inboxUnread, hotmail.message.foldersUnread],
      [2, 0],
    );

    const invite = parseInvitation(`Invitation-Command: INVITE\r\nInvitation-Cookie: 77\r\n${headerLines}`);
    assert.ok(!('error' in invite), 'error' in invite ? invite.error : '');
    for (const n of NAMES)
      assert.equal(Object.getOwnPropertyDescriptor(invite.fields, n.toLowerCase())?.value, `v-${n}`, n);
    // A field that was not sent is not there, whatever Object.prototype has under that name.
    const plain = parseInvitation('Invitation-Command: CANCEL\r\nInvitation-Cookie: 78\r\n');
    assert.ok(!('error' in plain));
    for (const n of NAMES) assert.equal(plain.fields[n.toLowerCase()], undefined, n);

    // Then over the wire: a text message and a file invitation carrying every name.
    const alice = await online({ ...ALICE });
    const bob = await online({ ...BOB });
    // The first message comes with the conversation: listen from the moment it exists.
    const texts: string[] = [];
    alice.on('conversation', ({ conversation }) => conversation.on('message', (m) => texts.push(m.text)));
    const arriving = incoming(alice);
    const c = bob.open([ALICE.email]);
    await c.sendPayload(
      serializeMime(
        [
          ['MIME-Version', '1.0'],
          ['Content-Type', 'text/plain; charset=UTF-8'],
          ...NAMES.map((n): [string, string] => [n, `v-${n}`]),
        ],
        'Hello, Alice',
      ),
    );
    const ac = await arriving;
    if (!texts.includes('Hello, Alice'))
      await waitFor<{ text: string }>(
        (l) => ac.on('message', l),
        (m) => m.text === 'Hello, Alice',
      );
    assert.deepEqual(texts, ['Hello, Alice']);
    const offer = waitFor<{ fileName: string }>((l) => ac.invitations.on('fileOffer', l));
    await c.sendPayload(
      serializeInvitation('INVITE', '901', [
        ['Application-Name', 'File Transfer'],
        ['Application-GUID', FILE_TRANSFER_GUID],
        ['Application-File', 'notes.txt'],
        ['Application-FileSize', '12'],
        ...NAMES.map((n): [string, string] => [n, `v-${n}`]),
      ]),
    );
    assert.equal((await offer).fileName, 'notes.txt');
    assert.deepEqual(trap.errors, []);
    assertPrototypeIntact();
  });

  it('quotes a command name of escapes, CR, NUL and 10 kB in the warning sentence, escaped and cut', async () => {
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    const raw = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/;
    const name = `\u001b[2J\u001b]0;owned\u0007a\rb\u0000\u202e${'Z'.repeat(10_000)}`;
    const check = (w: { message: string } | undefined): void => {
      assert.ok(w, 'no warning for the hostile name');
      assert.doesNotMatch(w.message, raw);
      assert.ok(w.message.length < 200, w.message);
      assert.match(
        w.message,
        /^the (server|switchboard) sent \\x1b\[2J\\x1b\]0;owned\\x07a\\rb\\x00\\u202eZ+…, which this client does not know$/,
      );
    };

    const ns = await sessions.signIn(server, { ...ALICE });
    const nsWarning = waitFor<{ code: string; message: string; line?: string }>(
      (l) => ns.on('warning', l),
      (w) => w.line?.startsWith('\u001b') === true,
    );
    server.inject(ALICE.email, `${name} 5 x\r\n`);
    check(await nsWarning);
    await ns.setStatusRequest('BSY');

    const scripted = net.createServer((socket) => {
      socket.once('data', (line: Buffer) => {
        const trId = /^USR (\d+) /.exec(line.toString('latin1'))?.[1] ?? '1';
        socket.write(`USR ${trId} OK me@example.com Me\r\n${name} 5 x\r\n`);
      });
    });
    await new Promise<void>((resolve) => scripted.listen(0, '127.0.0.1', resolve));
    const sb = new Switchboard({ email: 'me@example.com', requestTimeoutMs: 5_000 });
    const sbWarning = waitFor<{ code: string; message: string; line?: string }>(
      (l) => sb.on('warning', l),
      (w) => w.code === 'unknown-command',
    );
    try {
      await sb.start({
        mode: 'call',
        host: '127.0.0.1',
        port: (scripted.address() as net.AddressInfo).port,
        cookie: '1.2.3',
      });
      check(await sbWarning);
    } finally {
      sb.leave();
      scripted.close();
    }
    assert.deepEqual(trap.errors, []);
  });

  it('the sandbox answers each, sent by a client, as an unknown command (200) and stays up', async () => {
    const events: string[] = [];
    const offInternal = server.events.on('internalError', (e) =>
      events.push(`internal: ${e.line}: ${e.error.message}`),
    );
    const offProtocol = server.events.on('protocolError', (e) => events.push(`protocol: ${e.message}`));
    const steps = new SwitchboardSteps(server);
    try {
      const ns = steps.track(await signIn(server, ALICE));
      for (const n of NAMES) {
        const tr = ns.send(n, 'FL', 'bob@example.com');
        assert.equal((await ns.take((m) => m.trId === tr)).raw, `200 ${tr}`, n);
      }
      // The same names where a list, a service or a property name belongs: refused as unknown values.
      for (const n of NAMES) {
        for (const [command, args] of [
          ['ADD', [n, 'bob@example.com', 'Bob']],
          ['REM', [n, 'bob@example.com']],
          ['LST', [n]],
          ['URL', [n]],
        ] as const) {
          const tr = ns.send(command, ...args);
          assert.equal((await ns.take((m) => m.trId === tr)).raw, `201 ${tr}`, `${command} ${n}`);
        }
      }
      const chg = ns.send('CHG', 'NLN');
      assert.equal((await ns.take((m) => m.trId === chg)).name, 'CHG');

      const { sb } = await steps.openSb(ns, { account: ALICE, name: 'Alice%20Liddell' });
      for (const n of NAMES) {
        const tr = sb.send(n, 'bob@example.com');
        assert.equal((await sb.take((m) => m.trId === tr)).raw, `200 ${tr}`, n);
      }
      assert.ok(!sb.isClosed && !ns.isClosed);
      assert.deepEqual(events, []);

      // A name the sandbox must report (a command before USR) is quoted in its sentence.
      const early = await steps.connect();
      const refused = server.waitFor('protocolError', (e) => e.server === 'sb');
      early.raw(`\u001b[2J\u202e${'Z'.repeat(10_000)} 1 x\r\n`);
      const { message } = await refused;
      assert.match(message, /^\\x1b\[2J\\u202eZ+… before USR or ANS$/);
      assert.ok(message.length < 200);
    } finally {
      offInternal();
      offProtocol();
      steps.closeAll();
    }
    assertPrototypeIntact();
  });
});
