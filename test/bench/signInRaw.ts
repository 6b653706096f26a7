// The sign-in bench's baseline, run as a child process of its own: a plain socket client that speaks the recorded
// sign-in to the replay server (signInReplay.ts) without parsing anything. The first stdin line is the
// ReplayScript; each `round` line runs one sign-in and prints its time in milliseconds.
import net from 'node:net';
import type { ReplayScript } from './signInReplay';

/** Writes each step's line and counts bytes until that step's whole reply is in; nothing is parsed. */
async function rawSteps(port: number, steps: ReplayScript['ns']): Promise<net.Socket> {
  const socket = net.createConnection({ host: '127.0.0.1', port });
  socket.setNoDelay(true);
  let received = 0;
  let target = 0;
  let wake: (() => void) | null = null;
  socket.on('data', (d: Buffer) => {
    received += d.length;
    if (received >= target) wake?.();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  for (const step of steps) {
    target += step.replyBytes;
    const arrived = new Promise<void>((resolve) => {
      wake = resolve;
    });
    socket.write(`${step.line}\r\n`);
    if (received < target) await arrived;
  }
  return socket;
}

/** The baseline: the same lines, the same replies from the same replay server, read by a plain socket. */
async function rawRound(script: ReplayScript): Promise<number> {
  const online = script.ns.findIndex((s) => s.line.startsWith('OUT'));
  const t0 = performance.now();
  (await rawSteps(script.dispatchPort, script.dispatch)).end();
  const ns = await rawSteps(script.nsPort, script.ns.slice(0, online));
  const ms = performance.now() - t0;
  // Signing out, untimed, as the client does.
  await new Promise<void>((resolve) => {
    ns.once('close', () => resolve());
    ns.end(`${script.ns[online]!.line}\r\n`);
  });
  return ms;
}

let script: ReplayScript | null = null;
let pending = '';
let queue = Promise.resolve();
process.stdin.on('data', (d) => {
  pending += d;
  for (let nl = pending.indexOf('\n'); nl !== -1; nl = pending.indexOf('\n')) {
    const line = pending.slice(0, nl);
    pending = pending.slice(nl + 1);
    if (script === null) {
      script = JSON.parse(line) as ReplayScript;
      continue;
    }
    const s = script;
    queue = queue
      .then(() => rawRound(s))
      .then(
        (ms) => void process.stdout.write(`${ms}\n`),
        (err: unknown) => {
          process.stderr.write(`sign-in baseline: ${err instanceof Error ? err.message : String(err)}\n`);
          process.exit(2);
        },
      );
  }
});
