// Message round trip: a text message through a real Conversation and the test server's switchboard until its
// ACK, against a line of the same size written to a bare echo server and read back. The server (with Bob
// signed in) and the echo server share one child process, so both round trips cross the same boundaries.
// Run alone with `npx tsx test/bench/roundTripBench.ts [count]`; runRoundTripBench is there for run.ts to call.
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildTextMessage } from '../../app/messageFormat';
import type { Conversation } from '../../main/msnp/conversation';
import { ConversationManager } from '../../main/msnp/conversations';
import { NotificationSession } from '../../main/msnp/notificationSession';
import { ALICE, BOB } from '../integration/helpers';
import { mean, median } from './stats';

const here = path.dirname(fileURLToPath(import.meta.url));
const TEXT = 'Hello Bob, are you coming to the meeting at three?';

export interface RoundTripResult {
  count: number;
  /** Bytes of the MSG command the client writes; the echo line is as long. */
  lineBytes: number;
  messageMedianUs: number;
  messageMeanUs: number;
  echoMedianUs: number;
  echoMeanUs: number;
  /** Median message round trip over median echo round trip: 1 means no slower than a bare echo. */
  ratio: number;
}

async function startPeer(): Promise<{ dispatch: number; echo: number; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'roundTripPeer.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const ports = await new Promise<{ dispatch: number; echo: number }>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(JSON.parse(out.slice(0, out.indexOf('\n'))) as { dispatch: number; echo: number });
    });
    child.once('exit', (code) => reject(new Error(`the round-trip peer exited with ${code}`)));
  });
  return { ...ports, stop: () => child.kill('SIGTERM') };
}

/** One message at a time, each timed from sendText to its 'delivered' report. */
function messageRounds(c: Conversation): (n: number, into: number[]) => Promise<void> {
  let waiting: { id: string; resolve: () => void; reject: (e: Error) => void } | null = null;
  c.on('delivery', (d) => {
    if (!waiting || d.id !== waiting.id) return;
    const w = waiting;
    waiting = null;
    if (d.status === 'delivered') w.resolve();
    else w.reject(new Error(`a message was not delivered: ${d.error ?? d.status}`));
  });
  return async (n, into) => {
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await new Promise<void>((resolve, reject) => {
        const [id] = c.sendText(TEXT);
        waiting = { id: id!, resolve, reject };
      });
      into.push(performance.now() - t0);
    }
  };
}

/** One line at a time, each timed from the write until as many bytes have come back. */
async function echoRounds(port: number, line: Buffer): Promise<{ run: (n: number, into: number[]) => Promise<void>; close: () => void }> {
  const socket = net.createConnection({ host: '127.0.0.1', port });
  socket.setNoDelay(true);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let received = 0;
  let wake: (() => void) | null = null;
  socket.on('data', (d: Buffer) => {
    received += d.length;
    if (received >= line.length) wake?.();
  });
  const run = async (n: number, into: number[]): Promise<void> => {
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      received = 0;
      await new Promise<void>((resolve) => {
        wake = resolve;
        socket.write(line);
      });
      wake = null;
      into.push(performance.now() - t0);
    }
  };
  return { run, close: () => socket.destroy() };
}


export async function runRoundTripBench(count = 2000, blocks = 8): Promise<RoundTripResult> {
  const peer = await startPeer();
  const alice = new NotificationSession({ keepAliveMs: 0 });
  const manager = new ConversationManager(alice);
  let closeEcho = (): void => {};
  try {
    await alice.signIn({ host: '127.0.0.1', port: peer.dispatch, email: ALICE.email, password: ALICE.password });
    const conversation = manager.open([BOB.email]);
    const messages = messageRounds(conversation);
    const payload = Buffer.from(buildTextMessage(TEXT), 'utf8');
    // What the client writes for each message, with a typical transaction id.
    const lineBytes = Buffer.byteLength(`MSG 100 A ${payload.length}\r\n`) + payload.length;
    const echo = await echoRounds(peer.echo, Buffer.alloc(lineBytes, 'x'));
    closeEcho = echo.close;
    // Warm-up: the first message opens the switchboard and calls Bob; JIT for both paths.
    await messages(200, []);
    await echo.run(200, []);
    const msg: number[] = [];
    const raw: number[] = [];
    // Interleaved blocks, so both see the same machine load.
    const per = Math.ceil(count / blocks);
    for (let b = 0; b < blocks; b++) {
      await messages(per, msg);
      await echo.run(per, raw);
    }
    const us = (ms: number): number => ms * 1000;
    const messageMedianUs = us(median(msg));
    const echoMedianUs = us(median(raw));
    return {
      count: msg.length,
      lineBytes,
      messageMedianUs,
      messageMeanUs: us(mean(msg)),
      echoMedianUs,
      echoMeanUs: us(mean(raw)),
      ratio: messageMedianUs / echoMedianUs,
    };
  } finally {
    closeEcho();
    manager.closeAll();
    if (alice.status === 'online') await alice.signOut().catch(() => {});
    peer.stop();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runRoundTripBench(Number(process.argv[2] ?? 2000)).then(
    (r) =>
      console.log(
        `round trip x${r.count}: message median ${r.messageMedianUs.toFixed(0)} us (mean ${r.messageMeanUs.toFixed(0)}) vs echo median ` +
          `${r.echoMedianUs.toFixed(0)} us (mean ${r.echoMeanUs.toFixed(0)}) -> ${r.ratio.toFixed(2)}x (target <= 2)`,
      ),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
