// MSNFTP throughput against a plain socket copy of the same file, both over loopback, both disk to disk.
// Run alone with `npx tsx test/bench/msnftpBench.ts [MiB]`; runMsnftpBench is there for run.ts to call.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { MsnftpReceiver } from '../../main/msnp/msnftpReceiver';
import { MsnftpSender } from '../../main/msnp/msnftpSender';

export interface MsnftpBenchResult {
  bytes: number;
  msnftpMs: number;
  plainMs: number;
  /** Throughput of MSNFTP over throughput of the plain copy: 1 means just as fast. */
  ratio: number;
}

async function plainCopy(source: string, target: string): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const started = performance.now();
  const received = new Promise<void>((resolve, reject) => {
    server.once('connection', (socket) => {
      pipeline(socket, createWriteStream(target)).then(resolve, reject);
    });
  });
  const socket = net.createConnection({ port, host: '127.0.0.1' });
  await pipeline(createReadStream(source, { highWaterMark: 1024 * 1024 }), socket);
  await received;
  const ms = performance.now() - started;
  server.close();
  return ms;
}

async function msnftpCopy(source: string, size: number, folder: string): Promise<number> {
  const sender = new MsnftpSender({ source: { path: source }, size, peerHandle: 'bob@example.com', authCookie: '42', host: '127.0.0.1' });
  const started = performance.now();
  const { port } = await sender.listen();
  const receiver = new MsnftpReceiver({ host: '127.0.0.1', port, handle: 'bob@example.com', authCookie: '42', size, folder, fileName: 'copy.bin' });
  const outcome = (peer: MsnftpSender | MsnftpReceiver): Promise<void> =>
    new Promise((resolve, reject) => {
      peer.on('done', () => resolve());
      peer.on('failed', (f) => reject(new Error(f.message)));
    });
  const both = Promise.all([outcome(sender), outcome(receiver)]);
  void receiver.start();
  await both;
  return performance.now() - started;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function runMsnftpBench(mib = 256, rounds = 3): Promise<MsnftpBenchResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'butterfly-msnftp-bench-'));
  try {
    const bytes = mib * 1024 * 1024;
    const source = path.join(dir, 'source.bin');
    await writeFile(source, randomBytes(bytes));
    const plain: number[] = [];
    const msnftp: number[] = [];
    for (let i = 0; i <= rounds; i += 1) {
      const out = await mkdtemp(path.join(dir, 'out-'));
      // Interleaved so both see the same page cache and machine load; round 0 is the warm-up.
      const p = await plainCopy(source, path.join(out, 'plain.bin'));
      const m = await msnftpCopy(source, bytes, out);
      await rm(out, { recursive: true, force: true });
      if (i === 0) continue;
      plain.push(p);
      msnftp.push(m);
    }
    const plainMs = median(plain);
    const msnftpMs = median(msnftp);
    return { bytes, msnftpMs, plainMs, ratio: plainMs / msnftpMs };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const mib = Number(process.argv[2] ?? 256);
  runMsnftpBench(mib).then(
    (r) => console.log(`MSNFTP ${mib} MiB: ${r.msnftpMs.toFixed(1)} ms vs plain socket copy ${r.plainMs.toFixed(1)} ms -> ratio ${r.ratio.toFixed(2)} (target >= 0.8)`),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
