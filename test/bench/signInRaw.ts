// The sign-in bench's baseline, run as a child process of its own: a plain socket client that speaks the recorded
// sign-in to the replay server (signInReplay.ts) without parsing anything. The first stdin line is the
// ReplayScript; each `round` line runs one sign-in and prints its time in milliseconds, each `least` line the same
// with the least parse any client must do (see leastParser).
import net from 'node:net';
import type { ReplayScript } from './signInReplay';

type Reader = (chunk: Buffer) => void;

/**
 * Less than any client can do and still know its contacts: decode each chunk, find its lines, and for each LST
 * line put its address in a map with one record holding list bits. No names, no BPR phones, no checks, no
 * events; an address is a slice of its chunk. Its time over the baseline's bounds what any parser could reach.
 */
function leastParser(): Reader {
  const contacts = new Map<string, { email: string; lists: number }>();
  let rest = '';
  return (chunk) => {
    const text = rest + chunk.toString('latin1');
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; start = nl + 1, nl = text.indexOf('\n', start)) {
      if (!text.startsWith('LST ', start)) continue;
      // LST trId list version index count email name
      let at = text.indexOf(' ', start + 4) + 1;
      const list = text.charCodeAt(at) + text.charCodeAt(at + 1);
      for (let field = 2; field < 5; field++) at = text.indexOf(' ', at) + 1;
      const email = text.slice(at, text.indexOf(' ', at));
      let c = contacts.get(email);
      if (c === undefined) contacts.set(email, (c = { email, lists: 0 }));
      c.lists |= 1 << (list & 7);
    }
    rest = text.slice(start);
  };
}

/** Writes each step's line and counts bytes until that step's whole reply is in; `read` sees every chunk. */
async function rawSteps(port: number, steps: ReplayScript['ns'], read?: Reader): Promise<net.Socket> {
  const socket = net.createConnection({ host: '127.0.0.1', port });
  socket.setNoDelay(true);
  let received = 0;
  let target = 0;
  let wake: (() => void) | null = null;
  socket.on('data', (d: Buffer) => {
    received += d.length;
    read?.(d);
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
async function rawRound(script: ReplayScript, least: boolean): Promise<number> {
  const online = script.ns.findIndex((s) => s.line.startsWith('OUT'));
  const t0 = performance.now();
  (await rawSteps(script.dispatchPort, script.dispatch)).end();
  const ns = await rawSteps(script.nsPort, script.ns.slice(0, online), least ? leastParser() : undefined);
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
      .then(() => rawRound(s, line === 'least'))
      .then(
        (ms) => void process.stdout.write(`${ms}\n`),
        (err: unknown) => {
          process.stderr.write(`sign-in baseline: ${err instanceof Error ? err.message : String(err)}\n`);
          process.exit(2);
        },
      );
  }
});
