// Message round trip: a text message through a real Conversation and the test server's switchboard until its
// ACK, against two baselines over the same sockets: a line of the same size written to a bare echo server and
// read back, and the same line through a bare relay that does the switchboard's hops (the line on to a reader
// in Bob's process, an ACK-sized line back). The server (with the echo and the relay) and Bob each run in a
// process of their own, so the server never shares an event loop with a client.
// Run alone with `npx tsx test/bench/roundTripBench.ts [count] [blocks] [warm-up]`; run.ts calls runRoundTripBench.
// ROUND_TRIP_PROF_DIR=<dir> starts both children with --cpu-prof, writing their profiles there.
import { type ChildProcess, spawn } from 'node:child_process';
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

export interface RoundTrip {
  medianUs: number;
  meanUs: number;
  /** CPU time per round trip in each process, in µs: the bench's own (Alice), the server's, Bob's. */
  cpuUs: { alice: number; server: number; bob: number };
}

export interface RoundTripResult {
  count: number;
  blocks: number;
  /** Round trips of each kind before the measured ones. */
  warmup: number;
  /** Bytes of the MSG command the client writes; the baseline lines are as long. */
  lineBytes: number;
  /** Bytes of the switchboard's ACK line; the relay answers with as many. */
  ackBytes: number;
  message: RoundTrip;
  echo: RoundTrip;
  relay: RoundTrip;
  /** Median message round trip over median relay round trip: the target is against this one. */
  ratio: number;
  /** Median message round trip over median bare echo round trip. */
  echoRatio: number;
}

interface Child {
  child: ChildProcess;
  /** The first line it printed. */
  line: string;
  /** CPU time the child has used so far, in µs (asked over stdin, answered on stdout). */
  cpuUs(): Promise<number>;
}

/** Starts a bench child and resolves once it has printed its first line. */
function startChild(file: string, args: string[]): Promise<Child> {
  const prof = process.env.ROUND_TRIP_PROF_DIR;
  const flags = prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [];
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', path.join(here, file), ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const answers: ((line: string) => void)[] = [];
  const cpuUs = (): Promise<number> =>
    new Promise((resolve) => {
      answers.push((line) => resolve(Number(line)));
      child.stdin!.write('cpu\n');
    });
  return new Promise((resolve, reject) => {
    let out = '';
    let first: string | null = null;
    child.stdout!.on('data', (d) => {
      out += d;
      for (let nl = out.indexOf('\n'); nl !== -1; nl = out.indexOf('\n')) {
        const line = out.slice(0, nl);
        out = out.slice(nl + 1);
        if (first === null) resolve({ child, line: (first = line), cpuUs });
        else answers.shift()?.(line);
      }
    });
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code}`)));
  });
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

/** One line at a time, each timed from the write until `expect` bytes have come back. */
async function lineRounds(
  port: number,
  line: Buffer,
  expect: number,
): Promise<{ run: (n: number, into: number[]) => Promise<void>; close: () => void }> {
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
    if (received >= expect) wake?.();
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

function summary(ms: number[], cpu: number[]): RoundTrip {
  const per = (i: number): number => cpu[i]! / ms.length;
  return {
    medianUs: median(ms) * 1000,
    meanUs: mean(ms) * 1000,
    cpuUs: { alice: per(0), server: per(1), bob: per(2) },
  };
}

/**
 * The warm-up is long because V8 needs a few thousand round trips to optimize the engine's code: after 200,
 * a message still costs about twice the CPU it does once optimized (by 5000 the CPU per round trip is flat).
 */
export async function runRoundTripBench(count = 4000, blocks = 8, warmup = 5000): Promise<RoundTripResult> {
  const payload = Buffer.from(buildTextMessage(TEXT), 'utf8');
  // What the client writes for each message and what the switchboard answers, with a typical transaction id.
  const lineBytes = Buffer.byteLength(`MSG 1000 A ${payload.length}\r\n`) + payload.length;
  const ackBytes = Buffer.byteLength('ACK 1000\r\n');
  const children: ChildProcess[] = [];
  const alice = new NotificationSession({ keepAliveMs: 0 });
  const manager = new ConversationManager(alice);
  const closers: (() => void)[] = [];
  try {
    const server = await startChild('roundTripServer.ts', [String(lineBytes), String(ackBytes)]);
    children.push(server.child);
    const ports = JSON.parse(server.line) as { dispatch: number; echo: number; relay: number; sink: number };
    const peer = await startChild('roundTripPeer.ts', [String(ports.dispatch), String(ports.sink)]);
    children.push(peer.child);
    const cpuNow = async (): Promise<number[]> => {
      const { user, system } = process.cpuUsage();
      return [user + system, await server.cpuUs(), await peer.cpuUs()];
    };
    await alice.signIn({
      host: '127.0.0.1',
      port: ports.dispatch,
      email: ALICE.email,
      password: ALICE.password,
    });
    const conversation = manager.open([BOB.email]);
    const rounds = {
      message: messageRounds(conversation),
      echo: await lineRounds(ports.echo, Buffer.alloc(lineBytes, 'x'), lineBytes),
      relay: await lineRounds(ports.relay, Buffer.alloc(lineBytes, 'x'), ackBytes),
    };
    closers.push(rounds.echo.close, rounds.relay.close);
    const kinds = [
      (n: number, into: number[]) => rounds.message(n, into),
      (n: number, into: number[]) => rounds.echo.run(n, into),
      (n: number, into: number[]) => rounds.relay.run(n, into),
    ];
    // Warm-up: the first message opens the switchboard and calls Bob; then until V8 has optimized every path.
    for (const run of kinds) await run(warmup, []);
    const times: number[][] = [[], [], []];
    const cpu: number[][] = [
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ];
    // Interleaved blocks, the order turning each block, so all three see the same machine load.
    const per = Math.ceil(count / blocks);
    for (let b = 0; b < blocks; b++) {
      for (let k = 0; k < kinds.length; k++) {
        const which = (b + k) % kinds.length;
        const before = await cpuNow();
        await kinds[which]!(per, times[which]!);
        const after = await cpuNow();
        for (let p = 0; p < 3; p++) cpu[which]![p]! += after[p]! - before[p]!;
      }
    }
    const [message, echo, relay] = times.map((t, i) => summary(t, cpu[i]!)) as [
      RoundTrip,
      RoundTrip,
      RoundTrip,
    ];
    return {
      count: times[0]!.length,
      blocks,
      warmup,
      lineBytes,
      ackBytes,
      message,
      echo,
      relay,
      ratio: message.medianUs / relay.medianUs,
      echoRatio: message.medianUs / echo.medianUs,
    };
  } finally {
    for (const close of closers) close();
    manager.closeAll();
    if (alice.status === 'online') await alice.signOut().catch(() => {});
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) =>
            c.exitCode !== null ? resolve() : (c.once('exit', () => resolve()), c.kill('SIGTERM')),
          ),
      ),
    );
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [count, blocks, warmup] = process.argv.slice(2).map(Number);
  runRoundTripBench(count, blocks, warmup).then(
    (r) => {
      const us = (t: RoundTrip): string =>
        `median ${t.medianUs.toFixed(0)} us (mean ${t.meanUs.toFixed(0)}; cpu alice ${t.cpuUs.alice.toFixed(0)}, server ${t.cpuUs.server.toFixed(0)}, bob ${t.cpuUs.bob.toFixed(0)})`;
      console.log(
        `round trip x${r.count}: message ${us(r.message)}; relay echo ${us(r.relay)}; bare echo ${us(r.echo)} -> ` +
          `${r.ratio.toFixed(2)}x the relay echo (target <= 2), ${r.echoRatio.toFixed(2)}x the bare echo`,
      );
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
