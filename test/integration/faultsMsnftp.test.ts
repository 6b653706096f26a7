// The MSNFTP part of the fault matrix: the other end of a file transfer closes, or falls silent, after each
// step of the protocol. Every case ends by itself within its timeout with its sentence, leaves no partial
// file in the download folder, and leaves nothing behind: no timer of the engine's, no socket, no port.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { MsnftpPeer } from '../../main/msnp/msnftp';
import { MAX_BLOCK_DATA, encodeBlocks, framedLength } from '../../main/msnp/msnftpFraming';
import { MsnftpReceiver } from '../../main/msnp/msnftpReceiver';
import { MsnftpSender } from '../../main/msnp/msnftpSender';
import { eventually, openTcpSockets, within } from './faultsScript';
import { closedPort } from './helpers';
import {
  type Outcome,
  expectLine,
  folderMaker,
  listFolder,
  outcomeOf,
  scriptedServer,
} from './transferHelpers';

/** Short enough for a quick matrix, long enough for a loaded machine to answer a healthy step. */
const TIMEOUT_MS = 300;
/** How long any case may take: its timeout, and the close grace of a peer that stopped reading, with room to spare. */
const CASE_LIMIT_MS = 6_000;

const HANDLE = 'bob@example.com';
const COOKIE = '1151427049';

/** What a case must end with: the whole file, or a failure whose sentence matches. */
type Expect = 'done' | RegExp;
type Stop = 'close' | 'silent';

const NOTHING_MOVED = /^Nothing moved for 0\.3 seconds, so the transfer was stopped; try again\.$/;

let root: string;
const freshFolder = folderMaker(
  () => root,
  (n) => `in-${n}`,
);

before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'butterfly-msnftp-faults-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

const listeners = (): number => process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;

/** The outcome within the case limit, as one sentence: a failure's message must match `expected`. */
async function assertOutcome(peer: MsnftpPeer, expected: Expect, step: string): Promise<Outcome> {
  const outcome = await within(outcomeOf(peer, CASE_LIMIT_MS), CASE_LIMIT_MS, step);
  if (expected === 'done') {
    assert.equal(outcome.kind, 'done', JSON.stringify(outcome));
  } else {
    assert.equal(outcome.kind, 'failed', `expected a failure, got ${JSON.stringify(outcome)}`);
    if (outcome.kind === 'failed') assert.match(outcome.failed.message, expected);
  }
  return outcome;
}

/** The test's own end of the connection: how many of its sockets may still be open, and how to drop them. */
interface ScriptedEnd {
  open: () => number;
  letGo: () => void;
}
const NO_END: ScriptedEnd = { open: () => 0, letGo: () => {} };

/**
 * Nothing left: the engine's timers, then the engine's socket, closed by the engine itself (the scripted
 * end may still hold its own), then, once the scripted end lets go, every socket and port.
 */
async function nothingLeft(peer: MsnftpPeer, scripted: ScriptedEnd = NO_END): Promise<void> {
  await eventually(() => peer.timerCount === 0, 3_000, `the engine still had ${peer.timerCount} timers`);
  await eventually(() => openTcpSockets() <= scripted.open(), 3_000, "the engine's socket was still open");
  scripted.letGo();
  await eventually(() => openTcpSockets() === 0, 3_000, `${openTcpSockets()} sockets were still open`);
  await eventually(() => listeners() === 0, 3_000, `${listeners()} ports were still listening`);
}

// ---------------------------------------------------------------------------------------------------------
// Our receiver against a sender played by the test.

type SenderStep = 'accept' | 'VER' | 'USR' | 'FIL' | 'data' | 'all';

const CLOSED_EARLY = /^The connection closed before the whole file arrived\.$/;
const REFUSED = /^The sender refused the connection, so the transfer could not start\.$/;

const RECEIVER: [string, SenderStep, Stop, Expect][] = [
  ['accepted, then closed before VER', 'accept', 'close', CLOSED_EARLY],
  ['accepted, then silent', 'accept', 'silent', NOTHING_MOVED],
  ['VER, then closed', 'VER', 'close', REFUSED],
  ['VER, then silent', 'VER', 'silent', NOTHING_MOVED],
  ['USR read, then closed without FIL', 'USR', 'close', REFUSED],
  ['USR read, then silent', 'USR', 'silent', NOTHING_MOVED],
  ['FIL, then closed', 'FIL', 'close', CLOSED_EARLY],
  ['FIL, then silent', 'FIL', 'silent', NOTHING_MOVED],
  ['three blocks of the data, then closed', 'data', 'close', CLOSED_EARLY],
  ['three blocks of the data, then silent', 'data', 'silent', NOTHING_MOVED],
  // Every byte is on disk: the file is whole whether or not the sender stays for the BYE.
  ['all of the data, then closed before BYE', 'all', 'close', 'done'],
  ['all of the data, then silent', 'all', 'silent', 'done'],
];

/** A sender that plays MSNFTP correctly up to `step`, then closes or says nothing more (it still reads). */
function scriptedSender(step: SenderStep, stop: Stop, data: Buffer): ReturnType<typeof scriptedServer> {
  return scriptedServer(async (socket, lines) => {
    const halt = (): void => {
      if (stop === 'close') socket.end();
    };
    if (step === 'accept') return halt();
    await expectLine(lines, /^VER MSNFTP$/);
    socket.write('VER MSNFTP\r\n');
    if (step === 'VER') return halt();
    await expectLine(lines, new RegExp(`^USR ${HANDLE} ${COOKIE}$`));
    if (step === 'USR') return halt();
    socket.write(`FIL ${data.length}\r\n`);
    if (step === 'FIL') return halt();
    await expectLine(lines, /^TFR$/);
    socket.write(encodeBlocks(step === 'data' ? data.subarray(0, 3 * MAX_BLOCK_DATA) : data));
    halt();
  });
}

function makeReceiver(port: number, folder: string, size: number): MsnftpReceiver {
  return new MsnftpReceiver({
    host: '127.0.0.1',
    port,
    handle: HANDLE,
    authCookie: COOKIE,
    size,
    folder,
    fileName: 'received.bin',
    connectTimeoutMs: TIMEOUT_MS,
    inactivityTimeoutMs: TIMEOUT_MS,
  });
}

/** The folder holds the whole file after a success, and nothing at all (no `.part`) after a failure. */
async function assertFolder(folder: string, outcome: Outcome, data?: Buffer): Promise<void> {
  if (outcome.kind === 'failed')
    return assert.deepEqual(await listFolder(folder), [], 'the partial file was removed');
  assert.deepEqual(await listFolder(folder), ['received.bin']);
  assert.ok(data && (await readFile(path.join(folder, 'received.bin'))).equals(data), 'the file is intact');
}

/**
 * A port whose listener never accepts: a child process holds it with its event loop blocked, and the two
 * handshakes the kernel completes by itself for a backlog of 1 are taken, so a further SYN is dropped, as
 * by a firewall. (Windows refuses a connection to a full queue instead, hence Linux only.)
 */
async function unansweredPort(): Promise<{ port: number; close: () => Promise<void> }> {
  const script =
    "const s = require('node:net').createServer().listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () =>" +
    ' process.stdout.write(`${s.address().port}\\n`, () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)));';
  const child: ChildProcess = spawn(process.execPath, ['-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.on('error', () => {}); // a child that did not start shows as the port never coming
  const fillers: net.Socket[] = [];
  const close = async (): Promise<void> => {
    for (const s of fillers) s.destroy();
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill();
      await exited;
    }
  };
  const fill = async (): Promise<number> => {
    const [first] = (await once(child.stdout!, 'data')) as [Buffer];
    const port = Number(first.toString().trim());
    for (let i = 0; i < 2; i += 1) {
      const filler = net.createConnection({ host: '127.0.0.1', port });
      filler.on('error', () => {});
      fillers.push(filler);
      await once(filler, 'connect');
    }
    return port;
  };
  try {
    return { port: await within(fill(), CASE_LIMIT_MS, 'the unanswered port'), close };
  } catch (err) {
    await close();
    throw err;
  }
}

describe('the MSNFTP receiver fault matrix', () => {
  for (const [step, senderStep, stop, expected] of RECEIVER) {
    const ending = expected === 'done' ? 'keeps the whole file' : `ends with ${expected.source}`;
    it(`${step}: ${ending}`, async () => {
      const data = Buffer.alloc(10_000, 7);
      const server = await scriptedSender(senderStep, stop, data);
      const folder = await freshFolder();
      const receiver = makeReceiver(server.port, folder, data.length);
      try {
        void receiver.start();
        const outcome = await assertOutcome(receiver, expected, step);
        await assertFolder(folder, outcome, data);
        // The scripted sender reads to the end, so its socket closes by itself once ours has.
        await nothingLeft(receiver, { open: () => 0, letGo: server.close });
      } finally {
        await receiver.cancel();
        server.close();
      }
    });
  }

  it('a refused connection: ends with "Could not connect to the sender"', async () => {
    const port = await closedPort();
    const folder = await freshFolder();
    const receiver = makeReceiver(port, folder, 10);
    void receiver.start();
    await assertOutcome(
      receiver,
      /^Could not connect to the sender at 127\.0\.0\.1:\d+ \(.*ECONNREFUSED.*\); a firewall or router may be blocking direct connections\.$/,
      'refused',
    );
    assert.deepEqual(await listFolder(folder), [], 'the reserved file was removed');
    await nothingLeft(receiver);
  });

  it(
    'a connection never accepted: ends with "Could not reach the sender" within the connect timeout',
    { skip: process.platform !== 'linux' && 'depends on how Linux treats a full accept queue' },
    async () => {
      const unanswered = await unansweredPort();
      const folder = await freshFolder();
      const receiver = makeReceiver(unanswered.port, folder, 10);
      try {
        void receiver.start();
        await assertOutcome(
          receiver,
          /^Could not reach the sender at 127\.0\.0\.1:\d+ within 0\.3 seconds; a firewall or router may be blocking direct connections\.$/,
          'never accepted',
        );
        assert.deepEqual(await listFolder(folder), [], 'the reserved file was removed');
        await eventually(() => receiver.timerCount === 0, 3_000, 'the engine still had timers');
        // Only the two fillers are left once our attempt is dropped.
        await eventually(() => openTcpSockets() === 2, 3_000, `${openTcpSockets()} sockets were open`);
      } finally {
        await receiver.cancel();
        await unanswered.close();
      }
      await nothingLeft(receiver);
    },
  );
});

// ---------------------------------------------------------------------------------------------------------
// Our sender against a receiver played by the test.

type ReceiverStep = 'connect' | 'VER' | 'USR' | 'TFR' | 'data' | 'all';

const NOT_SENT = /^The connection closed before the whole file was sent\.$/;
/** A receiver gone while blocks are in flight: the system's reason may follow in brackets. */
const NOT_SENT_MIDWAY = /^The connection closed before the whole file was sent( \([^)]+\))?\.$/;
const NOT_CONFIRMED = /^The connection closed before the other person confirmed the file\.$/;

/** More than the socket buffers of both ends hold, so a receiver that stops reading stops the sender midway. */
const BIG = Buffer.alloc(32 * 1024 * 1024, 7);
/** A few blocks, one socket write: all of it reaches the receiver at once. */
const SMALL = Buffer.alloc(3 * MAX_BLOCK_DATA + 10, 7);

const SENDER: [string, ReceiverStep, Stop, Expect][] = [
  ['connected, then closed before VER', 'connect', 'close', NOT_SENT],
  ['connected, then silent', 'connect', 'silent', NOTHING_MOVED],
  ['VER, then closed', 'VER', 'close', NOT_SENT],
  ['VER, then silent', 'VER', 'silent', NOTHING_MOVED],
  ['USR, then closed after FIL', 'USR', 'close', NOT_SENT],
  ['USR, then silent after FIL', 'USR', 'silent', NOTHING_MOVED],
  ['TFR, then closed', 'TFR', 'close', NOT_SENT_MIDWAY],
  ['TFR, then nothing read', 'TFR', 'silent', NOTHING_MOVED],
  ['part of the data read, then closed', 'data', 'close', NOT_SENT_MIDWAY],
  ['part of the data read, then no more', 'data', 'silent', NOTHING_MOVED],
  ['all of the data read, then closed without BYE', 'all', 'close', NOT_CONFIRMED],
  ['all of the data read, then silent: no BYE', 'all', 'silent', NOTHING_MOVED],
];

/**
 * A receiver that plays MSNFTP correctly up to `step`, then closes or falls silent. Silent during the
 * handshake (or after the last byte) it still reads; silent in the data it stops reading, so TCP holds
 * the sender back. Closing in the data drops the socket with bytes unread, as a program that quits.
 */
function scriptedReceiver(port: number, step: ReceiverStep, stop: Stop, size: number): net.Socket {
  const socket = net.createConnection({ host: '127.0.0.1', port });
  socket.on('error', () => {});
  const inData = step === 'TFR' || step === 'data';
  let halted = false;
  const halt = (): void => {
    halted = true;
    if (stop === 'close') {
      if (inData) socket.destroy();
      else socket.end();
    } else if (inData) socket.pause();
  };
  const say = (line: string): boolean => socket.write(`${line}\r\n`);
  let text = '';
  let dataBytes = -1; // counting starts after TFR
  const onLine = (line: string): void => {
    if (line === 'VER MSNFTP') {
      if (step === 'VER') return halt();
      say(`USR ${HANDLE} ${COOKIE}`);
    } else if (/^FIL \d+$/.test(line)) {
      if (step === 'USR') return halt();
      say('TFR');
      dataBytes = 0;
      if (step === 'TFR') halt();
    }
  };
  socket.on('connect', () => {
    if (step === 'connect') return halt();
    say('VER MSNFTP');
  });
  socket.on('data', (chunk: Buffer) => {
    if (halted) return;
    if (dataBytes >= 0) {
      dataBytes += chunk.length;
      if (step === 'data' && dataBytes >= 64 * 1024) halt();
      if (step === 'all' && dataBytes >= framedLength(size)) halt();
      return;
    }
    text += chunk.toString('latin1');
    for (let i = text.indexOf('\r\n'); i !== -1 && !halted; i = text.indexOf('\r\n')) {
      const line = text.slice(0, i);
      text = text.slice(i + 2);
      onLine(line);
    }
  });
  return socket;
}

function makeSender(data: Buffer, acceptTimeoutMs = CASE_LIMIT_MS): MsnftpSender {
  return new MsnftpSender({
    source: { data },
    size: data.length,
    peerHandle: HANDLE,
    authCookie: COOKIE,
    host: '127.0.0.1',
    acceptTimeoutMs,
    inactivityTimeoutMs: TIMEOUT_MS,
  });
}

describe('the MSNFTP sender fault matrix', () => {
  for (const [step, receiverStep, stop, expected] of SENDER) {
    it(`${step}: ends with ${expected === 'done' ? 'the file sent' : expected.source}`, async () => {
      const data = receiverStep === 'all' ? SMALL : BIG;
      const sender = makeSender(data);
      let peer: net.Socket | null = null;
      try {
        const { port } = await sender.listen();
        peer = scriptedReceiver(port, receiverStep, stop, data.length);
        await assertOutcome(sender, expected, step);
        if (receiverStep !== 'all') assert.ok(sender.bytesSent < data.length, 'the sender stopped midway');
        // A receiver that stopped reading never notices our close: it is let go once our end is closed.
        const scripted = peer;
        await nothingLeft(sender, {
          open: () => (scripted.destroyed ? 0 : 1),
          letGo: () => scripted.destroy(),
        });
      } finally {
        peer?.destroy();
        await sender.cancel();
      }
    });
  }

  it('nobody connects: ends with "did not connect" within the accept timeout, and closes the port', async () => {
    const sender = makeSender(SMALL, TIMEOUT_MS);
    await sender.listen();
    await assertOutcome(
      sender,
      /^The other person did not connect within 0\.3 seconds; a firewall or router may be blocking direct connections\.$/,
      'nobody connects',
    );
    await nothingLeft(sender);
  });
});
