// Sign-in plus SYN of a big account against a replay of the test server's bytes, and a plain socket reading
// the same bytes unparsed, in the same run. Run alone with `npx tsx test/bench/signInBench.ts [contacts...]`;
// runSignInBench is there for run.ts to call.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { NotificationSession } from '../../main/msnp/notificationSession';
import type { ReplayScript } from './signInReplay';
import { median } from './stats';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface SignInResult {
  contacts: number;
  /** Every byte the server sends in one sign-in, dispatch and NS. */
  bytesFromServer: number;
  rounds: number;
  signInMs: number;
  rawMs: number;
  ratio: number;
  /** The baseline plus the least parse any client must do (signInRaw.ts leastParser), and its ratio to rawMs. */
  leastMs: number;
  leastRatio: number;
  /** Heap still used once online (after a full GC) over the heap before, per contact; when asked for. */
  heapBytesPerContact?: number;
}

/** A full collection, so that the heap a session retains can be read. */
function collector(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

async function startReplay(
  contacts: number,
): Promise<{ script: ReplayScript; verdict: () => Promise<string | null>; stop: () => void }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(here, 'signInReplay.ts'), String(contacts)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  let out = '';
  let waiter: ((line: string) => void) | null = null;
  child.stdout.on('data', (d) => {
    out += d;
    const nl = out.indexOf('\n');
    if (nl === -1) return;
    const line = out.slice(0, nl);
    out = out.slice(nl + 1);
    waiter?.(line);
  });
  const nextLine = (): Promise<string> =>
    new Promise((resolve, reject) => {
      waiter = resolve;
      child.once('exit', (code) => reject(new Error(`the replay server exited with ${code}`)));
    });
  const script = JSON.parse(await nextLine()) as ReplayScript;
  const verdict = async (): Promise<string | null> => {
    const answer = nextLine();
    child.stdin.write('verdict\n');
    return (JSON.parse(await answer) as { failure: string | null }).failure;
  };
  return { script, verdict, stop: () => child.kill('SIGTERM') };
}

/** The real client: from signIn (dispatch connect) to online with every list synced. */
async function clientRound(script: ReplayScript, contacts: number): Promise<number> {
  const session = new NotificationSession({ keepAliveMs: 0 });
  const t0 = performance.now();
  await session.signIn({
    host: '127.0.0.1',
    port: script.dispatchPort,
    email: script.email,
    password: script.password,
  });
  const ms = performance.now() - t0;
  if (session.state.contactCount !== contacts)
    throw new Error(`signed in with ${session.state.contactCount} of ${contacts} contacts`);
  await session.signOut();
  return ms;
}

/** Heap used once online, minus heap before, after full collections, per contact. */
async function heapPerContact(script: ReplayScript, contacts: number, gc: () => void): Promise<number> {
  gc();
  const before = process.memoryUsage().heapUsed;
  const session = new NotificationSession({ keepAliveMs: 0 });
  await session.signIn({
    host: '127.0.0.1',
    port: script.dispatchPort,
    email: script.email,
    password: script.password,
  });
  gc();
  const after = process.memoryUsage().heapUsed;
  if (session.state.contactCount !== contacts)
    throw new Error(`signed in with ${session.state.contactCount} of ${contacts} contacts`);
  await session.signOut();
  return (after - before) / contacts;
}

const RAW_WARM_UP = 30;

/**
 * The baseline reader in a process of its own (signInRaw.ts): were it in this one, it would pay for collecting
 * the client's garbage during its rounds. Each round's time is taken in that process.
 */
function startRaw(script: ReplayScript): {
  round: (kind?: 'round' | 'least') => Promise<number>;
  stop: () => void;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'signInRaw.ts')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  child.stdin.write(`${JSON.stringify(script)}\n`);
  let out = '';
  const waiting: { resolve: (ms: number) => void; reject: (err: Error) => void }[] = [];
  child.stdout.on('data', (d) => {
    out += d;
    for (let nl = out.indexOf('\n'); nl !== -1; nl = out.indexOf('\n')) {
      waiting.shift()?.resolve(Number(out.slice(0, nl)));
      out = out.slice(nl + 1);
    }
  });
  child.once('exit', (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`the baseline reader exited with ${code}`));
  });
  const round = (kind: 'round' | 'least' = 'round'): Promise<number> =>
    new Promise((resolve, reject) => {
      waiting.push({ resolve, reject });
      child.stdin.write(`${kind}\n`);
    });
  return { round, stop: () => child.kill('SIGTERM') };
}

const KINDS = ['client', 'raw', 'least'] as const;

/**
 * `rounds` rounds after `warmUp`, the order within a round turning each time, so machine load hits every
 * kind alike. No collection is forced between rounds: the client pays for its garbage as an app would.
 */
export async function runSignInBench(
  contacts = 5000,
  options: { rounds?: number; warmUp?: number; heap?: boolean } = {},
): Promise<SignInResult> {
  const rounds = options.rounds ?? 11;
  const warmUp = options.warmUp ?? 3;
  const replay = await startReplay(contacts);
  const baseline = startRaw(replay.script);
  try {
    // A fresh process runs Node's own stream code in the interpreter for its first dozen or so sign-ins (8 ms at
    // 5,000 contacts rather than 3): warmed like this, the baseline is at its fastest before it is timed.
    for (let i = 0; i < RAW_WARM_UP; i++) await baseline.round(i % 2 === 0 ? 'round' : 'least');
    const { script } = replay;
    const times = { client: [] as number[], raw: [] as number[], least: [] as number[] };
    for (let i = 0; i < warmUp + rounds; i++) {
      for (let k = 0; k < KINDS.length; k++) {
        const kind = KINDS[(i + k) % KINDS.length]!;
        const ms =
          kind === 'client'
            ? await clientRound(script, contacts)
            : await baseline.round(kind === 'raw' ? 'round' : 'least');
        if (i >= warmUp) times[kind].push(ms);
      }
    }
    const heapBytesPerContact = options.heap
      ? await heapPerContact(script, contacts, collector())
      : undefined;
    const failure = await replay.verdict();
    if (failure) throw new Error(`the replay did not match the recording: ${failure}`);
    const bytesFromServer = [...script.dispatch, ...script.ns].reduce((n, s) => n + s.replyBytes, 0);
    const signInMs = median(times.client);
    const rawMs = median(times.raw);
    const leastMs = median(times.least);
    return {
      contacts,
      bytesFromServer,
      rounds,
      signInMs,
      rawMs,
      ratio: signInMs / rawMs,
      leastMs,
      leastRatio: leastMs / rawMs,
      heapBytesPerContact,
    };
  } finally {
    baseline.stop();
    replay.stop();
  }
}

/** The two sizes run.ts reports: the big one with fewer rounds (each takes a while) and the heap measured. */
export async function runSignInBenches(): Promise<{ small: SignInResult; big: SignInResult }> {
  const small = await runSignInBench(5000, { rounds: 11, warmUp: 3 });
  const big = await runSignInBench(50000, { rounds: 7, warmUp: 2, heap: true });
  return { small, big };
}

export function describeSignIn(r: SignInResult): string {
  const heap =
    r.heapBytesPerContact === undefined
      ? ''
      : `; heap ${r.heapBytesPerContact.toFixed(0)} B/contact (target < 300)`;
  return `sign-in of ${r.contacts} contacts: ${r.signInMs.toFixed(1)} ms vs raw ${r.rawMs.toFixed(1)} ms -> ${r.ratio.toFixed(2)}x (target <= 2); the least parse ${r.leastMs.toFixed(1)} ms -> ${r.leastRatio.toFixed(2)}x${heap}`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const counts = process.argv.slice(2).map(Number);
  for (const contacts of counts.length > 0 ? counts : [5000, 50000]) {
    const big = contacts > 10000;
    console.log(
      describeSignIn(
        await runSignInBench(contacts, { rounds: big ? 7 : 11, warmUp: big ? 2 : 3, heap: big }),
      ),
    );
  }
}
