// MSNFTP over real loopback sockets: an MsnftpSender and an MsnftpReceiver, and scripted peers that misbehave.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { BYE_OK } from '../../main/msnp/msnftp';
import { END_MARKER, encodeBlocks } from '../../main/msnp/msnftpFraming';
import { MsnftpReceiver, type MsnftpReceiverOptions } from '../../main/msnp/msnftpReceiver';
import { MsnftpSender, type MsnftpSenderOptions } from '../../main/msnp/msnftpSender';
import { closedPort } from './helpers';
import {
  assertFailed,
  assertMonotonic,
  expectLine,
  folderMaker,
  listFolder,
  outcomeOf,
  scriptedServer,
  sha256,
  type Outcome,
} from './transferHelpers';

const HANDLE = 'bob@example.com';
const COOKIE = '1151427049';

let root: string;
const freshFolder = folderMaker(() => root, (n) => `in-${n}`);

function makeSender(options: Partial<MsnftpSenderOptions> & Pick<MsnftpSenderOptions, 'source' | 'size'>): MsnftpSender {
  return new MsnftpSender({ peerHandle: HANDLE, authCookie: COOKIE, host: '127.0.0.1', progressIntervalMs: 0, ...options });
}

function makeReceiver(options: Partial<MsnftpReceiverOptions> & Pick<MsnftpReceiverOptions, 'port' | 'size' | 'folder'>): MsnftpReceiver {
  return new MsnftpReceiver({ host: '127.0.0.1', handle: HANDLE, authCookie: COOKIE, fileName: 'received.bin', progressIntervalMs: 0, ...options });
}

/**
 * Our sender and our receiver back to back on 127.0.0.1: the sender listens, the receiver connects to it, and both
 * outcomes come back. `prepare` hooks the two (progress, cancels) before the receiver starts.
 */
async function transfer(
  senderOptions: Parameters<typeof makeSender>[0],
  receiverOptions: Omit<Parameters<typeof makeReceiver>[0], 'port'>,
  prepare: (sender: MsnftpSender, receiver: MsnftpReceiver) => void = () => {},
): Promise<{ sender: MsnftpSender; s: Outcome; r: Outcome }> {
  const sender = makeSender(senderOptions);
  const { port } = await sender.listen();
  const receiver = makeReceiver({ port, ...receiverOptions });
  prepare(sender, receiver);
  const outcomes = Promise.all([outcomeOf(sender), outcomeOf(receiver)]);
  void receiver.start();
  const [s, r] = await outcomes;
  return { sender, s, r };
}

before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'butterfly-msnftp-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('MSNFTP between our sender and our receiver', () => {
  it('moves a 10 MB file intact, reports monotonic progress on both ends, and leaves no .part behind', async () => {
    const data = randomBytes(10 * 1024 * 1024 + 123);
    const source = path.join(root, 'ten.bin');
    await writeFile(source, data);
    const folder = await freshFolder();
    const sent: { transferred: number; total: number }[] = [];
    const got: { transferred: number; total: number }[] = [];
    const { s, r } = await transfer(
      { source: { path: source }, size: data.length, hash: true },
      { size: data.length, folder, fileName: 'ten.bin', hash: true },
      (sender, receiver) => {
        sender.on('progress', (p) => sent.push(p));
        receiver.on('progress', (p) => got.push(p));
      },
    );
    assert.equal(s.kind, 'done');
    assert.equal(r.kind, 'done');
    if (s.kind !== 'done' || r.kind !== 'done') return;
    assert.equal(r.done.path, path.join(folder, 'ten.bin'));
    assert.equal(r.done.sha256, sha256(data));
    assert.equal(s.done.sha256, sha256(data));
    assert.equal(sha256(await readFile(r.done.path!)), sha256(data));
    assert.deepEqual(await listFolder(folder), ['ten.bin']);
    assertMonotonic(sent, data.length);
    assertMonotonic(got, data.length);
  });

  it('sends from a Buffer and lands a zero-byte file too', async () => {
    for (const size of [0, 1, 2045, 2046, 70_000]) {
      const data = randomBytes(size);
      const folder = await freshFolder();
      const { s, r } = await transfer({ source: { data }, size }, { size, folder });
      assert.equal(s.kind, 'done', `sender, ${size} bytes`);
      assert.equal(r.kind, 'done', `receiver, ${size} bytes`);
      assert.ok((await readFile(path.join(folder, 'received.bin'))).equals(data), `${size} bytes`);
    }
  });

  it('pauses the socket while the disk catches up and still lands every byte', async () => {
    const data = randomBytes(5 * 1024 * 1024);
    const folder = await freshFolder();
    const { s, r } = await transfer({ source: { data }, size: data.length }, { size: data.length, folder, maxBufferedBytes: 1 });
    assert.equal(s.kind, 'done');
    assert.equal(r.kind, 'done');
    assert.ok((await readFile(path.join(folder, 'received.bin'))).equals(data));
  });

  it('times out a receiver that stops reading, instead of waiting for drain forever', async () => {
    const data = randomBytes(32 * 1024 * 1024);
    const sender = makeSender({ source: { data }, size: data.length, inactivityTimeoutMs: 300 });
    const { port } = await sender.listen();
    const socket = net.createConnection({ port, host: '127.0.0.1' });
    socket.on('error', () => {});
    let heard = '';
    const onData = (chunk: Buffer): void => {
      heard += chunk.toString('latin1');
      if (heard.includes('VER MSNFTP\r\n') && !heard.includes('FIL')) return;
      if (/FIL \d+\r\n/.test(heard)) {
        socket.off('data', onData);
        socket.write('TFR\r\n');
        socket.pause(); // and never read again
      }
    };
    socket.on('data', onData);
    socket.write(`VER MSNFTP\r\nUSR ${HANDLE} ${COOKIE}\r\n`);
    const failed = assertFailed(await outcomeOf(sender), 'timeout');
    assert.match(failed.message, /0\.3 seconds/);
    assert.ok(sender.bytesSent < data.length);
    socket.destroy();
  });

  const midTransferCancels = [
    { by: 'receiver', title: 'stops at once when the receiver cancels mid-transfer, removing the partial file' },
    {
      by: 'sender',
      title: 'ends with the end marker when the sender cancels mid-transfer; the receiver removes its partial file',
    },
  ] as const;
  for (const { by, title } of midTransferCancels) {
    it(title, async () => {
      const data = randomBytes(64 * 1024 * 1024);
      const folder = await freshFolder();
      const { sender, s, r } = await transfer({ source: { data }, size: data.length }, { size: data.length, folder }, (sender, receiver) => {
        const off = receiver.on('progress', (p) => {
          if (p.transferred === 0) return;
          off();
          void (by === 'receiver' ? receiver : sender).cancel();
        });
      });
      assertFailed(by === 'sender' ? s : r, 'cancelled');
      assertFailed(by === 'sender' ? r : s, 'peer-cancelled');
      if (by === 'receiver') assert.ok(sender.bytesSent < data.length, 'the sender stopped before the end');
      assert.deepEqual(await listFolder(folder), []);
    });
  }

  it('turns away a receiver with the wrong auth cookie, and one with the wrong handle', async () => {
    for (const wrong of [{ authCookie: '999' }, { handle: 'mallory@example.com' }]) {
      const folder = await freshFolder();
      const { sender, s, r } = await transfer({ source: { data: Buffer.from('secret') }, size: 6 }, { size: 6, folder, ...wrong });
      assertFailed(s, 'auth');
      assertFailed(r, 'auth');
      assert.equal(sender.bytesSent, 0);
      assert.deepEqual(await listFolder(folder), []);
    }
  });

  it('lands a hostile file name sanitized, directly inside the folder', async () => {
    const folder = await freshFolder();
    const { r } = await transfer(
      { source: { data: Buffer.from('payload') }, size: 7 },
      { size: 7, folder, fileName: '../../..\\Windows\\system32\\CON.exe' },
    );
    assert.equal(r.kind, 'done');
    assert.deepEqual(await listFolder(folder), ['_CON.exe']);
    assert.deepEqual(await listFolder(root).then((names) => names.filter((n) => !n.startsWith('in-') && n !== 'ten.bin')), []);
  });

  it('takes any free port when every port of its range is busy', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as net.AddressInfo).port;
    const walker = makeSender({ source: { data: Buffer.from('x') }, size: 1, port: taken, portAttempts: 1 });
    const { port } = await walker.listen();
    assert.notEqual(port, taken);
    assert.ok(port > 0);
    await walker.cancel();
    blocker.close();
  });

  it('gives up when nobody connects within the accept timeout, and closes the port', async () => {
    const sender = makeSender({ source: { data: Buffer.from('x') }, size: 1, acceptTimeoutMs: 150 });
    const { port } = await sender.listen();
    assertFailed(await outcomeOf(sender), 'timeout');
    await assert.rejects(
      new Promise((resolve, reject) => net.createConnection({ port, host: '127.0.0.1' }).on('connect', resolve).on('error', reject)),
      /ECONNREFUSED/,
    );
  });

  it('reports a receiver that cannot connect as a connection failure, leaving nothing in the folder', async () => {
    const port = await closedPort();
    const folder = await freshFolder();
    const receiver = makeReceiver({ port, size: 10, folder });
    void receiver.start();
    assertFailed(await outcomeOf(receiver), 'connect');
    assert.deepEqual(await listFolder(folder), []);
  });
});

describe('MSNFTP receiver against a scripted sender', () => {
  /** Plays a sender through the handshake, then runs `rest`. */
  const handshake = (size: number, rest: (socket: net.Socket, lines: AsyncIterableIterator<string>) => Promise<void>) =>
    scriptedServer(async (socket, lines) => {
      await expectLine(lines, /^VER MSNFTP$/);
      socket.write('VER MSNFTP\r\n');
      await expectLine(lines, new RegExp(`^USR ${HANDLE} ${COOKIE}$`));
      socket.write(`FIL ${size}\r\n`);
      await expectLine(lines, /^TFR$/);
      await rest(socket, lines);
    });

  it('aborts when the sender sends more than the announced size, removes the partial file and says CCL', async () => {
    const folder = await freshFolder();
    let said = '';
    const server = await handshake(100, async (socket, lines) => {
      socket.write(encodeBlocks(randomBytes(150)));
      said = (await lines.next()).value;
    });
    const receiver = makeReceiver({ port: server.port, size: 100, folder });
    void receiver.start();
    const failed = assertFailed(await outcomeOf(receiver), 'size');
    assert.match(failed.message, /the sender sent more than the announced size/i);
    assert.deepEqual(await listFolder(folder), []);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(said, 'CCL');
    server.close();
  });

  it('aborts on an extra block after the last announced byte arrived in the same write', async () => {
    const folder = await freshFolder();
    const server = await handshake(4090, async (socket) => {
      socket.write(Buffer.concat([encodeBlocks(randomBytes(4090)), encodeBlocks(randomBytes(10))]));
    });
    const receiver = makeReceiver({ port: server.port, size: 4090, folder });
    void receiver.start();
    assertFailed(await outcomeOf(receiver), 'size');
    assert.deepEqual(await listFolder(folder), []);
    server.close();
  });

  it('refuses a FIL size that differs from the invitation before any data flows', async () => {
    const folder = await freshFolder();
    const server = await scriptedServer(async (socket, lines) => {
      await expectLine(lines, /^VER MSNFTP$/);
      socket.write('VER MSNFTP\r\n');
      await expectLine(lines, /^USR /);
      socket.write('FIL 999999\r\n');
    });
    const receiver = makeReceiver({ port: server.port, size: 10, folder });
    void receiver.start();
    assertFailed(await outcomeOf(receiver), 'size');
    assert.deepEqual(await listFolder(folder), []);
    assert.ok(!server.received().includes('TFR'));
    server.close();
  });

  it('accepts a file sent in odd block sizes and in tiny TCP pieces, confirms with BYE 16777989', async () => {
    const folder = await freshFolder();
    const data = randomBytes(5000);
    let bye = '';
    const server = await handshake(data.length, async (socket, lines) => {
      const stream = Buffer.concat([encodeBlocks(data.subarray(0, 1)), encodeBlocks(data.subarray(1, 3000)), encodeBlocks(data.subarray(3000))]);
      for (let i = 0; i < stream.length; i += 997) {
        socket.write(stream.subarray(i, i + 997));
        await new Promise((resolve) => setImmediate(resolve));
      }
      bye = (await lines.next()).value;
    });
    const receiver = makeReceiver({ port: server.port, size: data.length, folder });
    void receiver.start();
    const outcome = await outcomeOf(receiver);
    assert.equal(outcome.kind, 'done');
    assert.ok((await readFile(path.join(folder, 'received.bin'))).equals(data));
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(bye, `BYE ${BYE_OK}`);
    server.close();
  });

  it('times out a sender that goes quiet mid-transfer and removes the partial file', async () => {
    const folder = await freshFolder();
    const server = await handshake(10_000, async (socket) => {
      socket.write(encodeBlocks(randomBytes(3000)));
    });
    const receiver = makeReceiver({ port: server.port, size: 10_000, folder, inactivityTimeoutMs: 200 });
    void receiver.start();
    assertFailed(await outcomeOf(receiver), 'timeout');
    assert.deepEqual(await listFolder(folder), []);
    server.close();
  });

  it('reports the latest progress when the bytes stop coming, not the figure from before the burst', async () => {
    const folder = await freshFolder();
    let resume: () => void = () => {};
    const paused = new Promise<void>((resolve) => {
      resume = resolve;
    });
    const data = randomBytes(300_000);
    const framed = encodeBlocks(data);
    const half = 73 * 2048;
    const server = await handshake(data.length, async (socket) => {
      socket.write(framed.subarray(0, half));
      await paused;
      socket.write(framed.subarray(half));
    });
    // A long throttle: every chunk of the burst but the first falls inside it.
    const receiver = makeReceiver({ port: server.port, size: data.length, folder, progressIntervalMs: 300 });
    const seen: number[] = [];
    const stalledAt = new Promise<number>((resolve) =>
      receiver.on('progress', (p) => {
        seen.push(p.transferred);
        if (p.transferred === 73 * 2045) resolve(p.transferred);
      }),
    );
    void receiver.start();
    const stall = setTimeout(resume, 5_000);
    const reached = await Promise.race([stalledAt, paused.then(() => -1)]);
    clearTimeout(stall);
    assert.equal(reached, 73 * 2045, 'the figure at the stall arrives although no byte came after it');
    resume();
    assert.equal((await outcomeOf(receiver)).kind, 'done');
    assert.equal(seen.at(-1), data.length);
    server.close();
  });

  it('treats an early end marker as the sender cancelling', async () => {
    const folder = await freshFolder();
    const server = await handshake(10_000, async (socket) => {
      socket.write(Buffer.concat([encodeBlocks(randomBytes(3000)), END_MARKER]));
    });
    const receiver = makeReceiver({ port: server.port, size: 10_000, folder });
    void receiver.start();
    assertFailed(await outcomeOf(receiver), 'peer-cancelled');
    assert.deepEqual(await listFolder(folder), []);
    server.close();
  });

  it('reports a sender that hangs up mid-transfer', async () => {
    const folder = await freshFolder();
    const server = await handshake(10_000, async (socket) => {
      socket.end(encodeBlocks(randomBytes(3000)));
    });
    const receiver = makeReceiver({ port: server.port, size: 10_000, folder });
    void receiver.start();
    assertFailed(await outcomeOf(receiver), 'closed');
    assert.deepEqual(await listFolder(folder), []);
    server.close();
  });
});
