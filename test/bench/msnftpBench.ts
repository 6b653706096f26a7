// MSNFTP throughput against a plain socket copy of the same file, both over loopback, both disk to disk.
// Run alone with `npx tsx test/bench/msnftpBench.ts [MiB] [rounds]`; runMsnftpBench is there for run.ts to call.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { MsnftpReceiver } from '../../main/msnp/msnftpReceiver';
import { MsnftpSender } from '../../main/msnp/msnftpSender';
import { median } from './stats';

const MIB = 1024 * 1024;

export interface MsnftpBenchResult {
  bytes: number;
  rounds: number;
  msnftpMs: number;
  /** The faster of the two plain copies (by median). */
  plainMs: number;
  plainKind: string;
  streamMs: number;
  writevMs: number;
  /** Throughput of MSNFTP over throughput of the plain copy: 1 means just as fast. */
  ratio: number;
}

type Receive = (socket: net.Socket, target: string) => Promise<void>;

/** The idiomatic copy: a file stream into the socket, the socket into a file stream, 1 MiB buffers each side. */
const streamReceive: Receive = (socket, target) => pipeline(socket, createWriteStream(target, { highWaterMark: MIB }));

/**
 * A tuned copy: what arrives is written with one writev per disk turn, and reading pauses above 8 MiB
 * waiting (the same disk strategy as the MSNFTP receiver, without the blocks).
 */
const writevReceive: Receive = async (socket, target) => {
  const handle = await open(target, 'w');
  try {
    await new Promise<void>((resolve, reject) => {
      let queue: Buffer[] = [];
      let queued = 0;
      let writing = false;
      let ended = false;
      const flush = (): void => {
        if (writing) return;
        if (queue.length === 0) {
          if (ended) resolve();
          return;
        }
        const batch = queue;
        queue = [];
        queued = 0;
        writing = true;
        handle.writev(batch).then(() => {
          writing = false;
          if (socket.isPaused()) socket.resume();
          flush();
        }, reject);
      };
      socket.on('data', (chunk: Buffer) => {
        queue.push(chunk);
        queued += chunk.length;
        if (queued >= 8 * MIB) socket.pause();
        flush();
      });
      socket.once('end', () => {
        ended = true;
        flush();
      });
      socket.once('error', reject);
    });
  } finally {
    await handle.close();
  }
};

async function plainCopy(source: string, target: string, receive: Receive): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const started = performance.now();
  const received = new Promise<void>((resolve, reject) => {
    server.once('connection', (socket) => {
      receive(socket, target).then(resolve, reject);
    });
  });
  const socket = net.createConnection({ port, host: '127.0.0.1' });
  await pipeline(createReadStream(source, { highWaterMark: MIB }), socket);
  await received;
  const ms = performance.now() - started;
  server.close();
  return ms;
}

/** Sender and receiver in this process, as two engine instances on loopback: from listen to both 'done'. */
async function msnftpCopy(source: string, size: number, folder: string): Promise<number> {
  const started = performance.now();
  const sender = new MsnftpSender({ source: { path: source }, size, peerHandle: 'bob@example.com', authCookie: '42', host: '127.0.0.1' });
  const outcome = (peer: MsnftpSender | MsnftpReceiver): Promise<void> =>
    new Promise((resolve, reject) => {
      peer.on('done', () => resolve());
      peer.on('failed', (f) => reject(new Error(`MSNFTP ${f.reason}: ${f.message}`)));
    });
  const sent = outcome(sender);
  const { port } = await sender.listen();
  const receiver = new MsnftpReceiver({ host: '127.0.0.1', port, handle: 'bob@example.com', authCookie: '42', size, folder, fileName: 'msnftp.bin' });
  const got = outcome(receiver);
  void receiver.start();
  await Promise.all([sent, got]);
  return performance.now() - started;
}

export async function runMsnftpBench(mib = 256, rounds = 7): Promise<MsnftpBenchResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'butterfly-msnftp-bench-'));
  try {
    const bytes = mib * MIB;
    const source = path.join(dir, 'source.bin');
    // Flushed to disk now, so its write-back cannot land in the middle of a timed copy.
    const file = await open(source, 'w');
    try {
      await file.writeFile(randomBytes(bytes));
      await file.sync();
    } finally {
      await file.close();
    }
    const times = { msnftp: [] as number[], stream: [] as number[], writev: [] as number[] };
    for (let i = 0; i <= rounds; i += 1) {
      // Interleaved so all three see the same page cache and machine load; round 0 is the warm-up.
      // Each copy's file is removed before the next starts, so no run pays for another's dirty pages.
      const run = async (name: keyof typeof times, copy: (out: string) => Promise<number>): Promise<void> => {
        const out = await mkdtemp(path.join(dir, `${name}-`));
        const ms = await copy(out);
        await rm(out, { recursive: true, force: true });
        if (i > 0) times[name].push(ms);
      };
      await run('stream', (out) => plainCopy(source, path.join(out, 'copy.bin'), streamReceive));
      await run('msnftp', (out) => msnftpCopy(source, bytes, out));
      await run('writev', (out) => plainCopy(source, path.join(out, 'copy.bin'), writevReceive));
    }
    const streamMs = median(times.stream);
    const writevMs = median(times.writev);
    const msnftpMs = median(times.msnftp);
    const plainMs = Math.min(streamMs, writevMs);
    const plainKind = streamMs <= writevMs ? 'file streams' : 'writev';
    return { bytes, rounds, msnftpMs, plainMs, plainKind, streamMs, writevMs, ratio: plainMs / msnftpMs };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const mib = Number(process.argv[2] ?? 256);
  runMsnftpBench(mib, Number(process.argv[3] ?? 7)).then(
    (r) => {
      const rate = (ms: number): string => `${(r.bytes / MIB / (ms / 1000)).toFixed(0)} MiB/s`;
      console.log(
        `MSNFTP ${mib} MiB: ${r.msnftpMs.toFixed(0)} ms (${rate(r.msnftpMs)}); plain copy with file streams ${r.streamMs.toFixed(0)} ms (${rate(r.streamMs)}), ` +
          `with writev ${r.writevMs.toFixed(0)} ms (${rate(r.writevMs)}) -> ratio ${r.ratio.toFixed(2)} against the faster (target >= 0.8)`,
      );
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
