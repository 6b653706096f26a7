// The fuzz target: one input runs the real NotificationSession against the fake network, as a person
// would use it (sign in, maybe cancel, a few requests, sign out), and is checked for what must hold
// whatever the server sends: nothing thrown past the engine, every call settles and the session ends
// closed, no secret in a warning, no engine timer left behind.
import { NotificationSession } from '../../main/msnp/notificationSession';
import { MemoryListCache } from '../../main/msnp/listCache';
import type { CachedLists } from '../../main/msnp/accountState';
import type { ProtocolWarning } from '../../app/types';
import { drain, installVirtualTimers, setActiveWorld, World } from './fuzzSessionClock';
import { installFakeNetwork, newNetwork, setNetwork } from './fuzzSessionSocket';
import { type Action, EMAIL, type FuzzInput, PASSWORD, secretsOf } from './fuzzSessionInput';

export const ENGINE_TIMEOUTS = { requestTimeoutMs: 200, connectTimeoutMs: 200, syncTimeoutMs: 400 } as const;
/** Virtual time and queued events a run may use before it counts as hung. */
const HORIZON_MS = 120_000;
const MAX_ITEMS = 200_000;

export type FailureKind =
  | 'exception'
  | 'unhandled-rejection'
  | 'hang'
  | 'not-closed'
  | 'closed-events'
  | 'secret-in-warning'
  | 'secret-in-error'
  | 'timer-left'
  | 'sign-out-rejected'
  | 'bad-rejection';

export interface Failure {
  kind: FailureKind;
  message: string;
  stack?: string;
}

export interface RunResult {
  seed: number;
  failures: Failure[];
  /** 'online' or the sign-in error's name. */
  signIn: string;
  warnings: number;
  items: number;
  virtualMs: number;
  trace?: string[];
}

interface Current {
  failures: Failure[];
}

let current: Current | null = null;
/** Errors that reached the process while no run was active. */
export const strays: Failure[] = [];

const describe = (err: unknown): { message: string; stack?: string } =>
  err instanceof Error
    ? { message: `${err.name}: ${err.message}`, stack: err.stack }
    : { message: String(err) };

/** The seams: virtual timers, the fake net.createConnection, and process-level error capture. */
export function installTarget(): void {
  installVirtualTimers();
  installFakeNetwork();
  process.on('uncaughtException', (err) => {
    (current?.failures ?? strays).push({ kind: 'exception', ...describe(err) });
  });
  process.on('unhandledRejection', (reason) => {
    (current?.failures ?? strays).push({ kind: 'unhandled-rejection', ...describe(reason) });
  });
}

const CONTACTS: CachedLists['contacts'] = [
  { email: 'march.hare@example.com', nickname: 'March Hare', lists: ['FL', 'AL', 'RL'], phones: {} },
  { email: 'dormouse@example.com', nickname: 'Dormouse', lists: ['FL', 'AL'], phones: { MOB: 'Y' } },
];

async function cacheFor(kind: FuzzInput['session']['cache']): Promise<MemoryListCache | undefined> {
  if (kind === 'none') return undefined;
  const cache = new MemoryListCache();
  const version = kind === 'current' ? 12 : 5;
  await cache.save(EMAIL, { version, blp: 'AL', gtc: 'A', selfPhones: {}, contacts: CONTACTS });
  return cache;
}

function act(s: NotificationSession, action: Action): Promise<unknown> {
  try {
    switch (action) {
      case 'setPhone':
        return s.setPhone('PHM', '07700 900123');
      case 'setStatus':
        return s.setStatusRequest('BSY');
      case 'setNickname':
        return s.setNickname('The Hatter');
      case 'renameContact':
        return s.renameContact('march.hare@example.com', 'Hare');
      case 'addToList':
        return s.addToList('FL', 'white.rabbit@example.com', 'White Rabbit');
      case 'removeFromList':
        return s.removeFromList('AL', 'dormouse@example.com');
      case 'block':
        return s.block('march.hare@example.com');
      case 'unblock':
        return s.unblock('alice@example.com');
      case 'setBlp':
        return s.setBlp(s.snapshot().privacy.blp === 'AL' ? 'BL' : 'AL');
      case 'setGtc':
        return s.setGtc(s.snapshot().privacy.gtc === 'A' ? 'N' : 'A');
      case 'requestUrl':
        return s.requestUrl('INBOX');
      case 'requestSwitchboard':
        return s.requestSwitchboard();
    }
  } catch (err) {
    return Promise.reject(err);
  }
}

/** What the person does. `phase` says where a hang stopped. */
async function drive(
  input: FuzzInput,
  session: NotificationSession,
  world: World,
  state: { phase: string; signIn: string; failures: Failure[]; errors: Error[] },
): Promise<void> {
  const { driver } = input;
  let signOut: Promise<void> | null = null;
  const signOutOnce = (): Promise<void> => (signOut ??= session.signOut());
  state.phase = 'signIn';
  const signIn = session.signIn({ ...input.signIn, port: 1863, email: EMAIL, password: PASSWORD }).then(
    () => null,
    (err: unknown) => err,
  );
  if (driver.cancelAt !== null) {
    world.schedule(driver.cancelAt, () => {
      world.note('the person cancels the sign-in');
      void signOutOnce();
    });
  }
  const error = await signIn;
  if (error instanceof Error) state.errors.push(error);
  if (error === null) state.signIn = 'online';
  else if (!(error instanceof Error) || error.message === '') {
    state.signIn = 'rejected';
    state.failures.push({ kind: 'bad-rejection', message: `signIn rejected with ${String(error)}` });
  } else state.signIn = error.name;
  let inFlight: Promise<unknown> | null = null;
  if (error === null && !signOut) {
    state.phase = 'actions';
    const actions = [...driver.actions];
    const last = driver.signOutDuringAction ? actions.pop() : undefined;
    for (const action of actions) await act(session, action).catch(() => {});
    if (last) inFlight = act(session, last).catch(() => {});
    else await world.sleep(driver.dwellMs);
  }
  state.phase = 'signOut';
  const signedOut = signOutOnce();
  const again = driver.signOutTwice ? session.signOut() : null;
  for (const p of [signedOut, again]) {
    await p?.catch((err: unknown) => {
      state.failures.push({ kind: 'sign-out-rejected', ...describe(err) });
    });
  }
  state.phase = 'an action in flight at sign-out';
  await inFlight;
}

function secretsInWarnings(warnings: ProtocolWarning[], errors: Error[], secrets: string[]): Failure[] {
  const out: Failure[] = [];
  for (const err of errors) {
    const secret = secrets.find((s) => err.message.includes(s));
    if (secret) {
      out.push({
        kind: 'secret-in-error',
        message: `${err.name} carries ${JSON.stringify(secret)} in its sentence: ${JSON.stringify(err.message.slice(0, 200))}`,
      });
    }
  }
  for (const w of warnings) {
    for (const secret of secrets) {
      const where = w.message.includes(secret) ? 'message' : w.line?.includes(secret) ? 'line' : null;
      if (!where) continue;
      // One finding per warning: the first piece found says enough.
      out.push({
        kind: 'secret-in-warning',
        message: `warning ${w.code} carries ${JSON.stringify(secret)} in its ${where}: ${JSON.stringify((where === 'line' ? w.line! : w.message).slice(0, 200))}`,
      });
      break;
    }
  }
  return out;
}

export async function runInput(
  input: FuzzInput,
  options: { trace?: boolean; timerStacks?: boolean } = {},
): Promise<RunResult> {
  const result = await runOnce(input, options);
  // A stack per timer costs more than the rest of a run, so they are taken only to say which timer was left:
  // the run is deterministic, and its replay leaves the same one.
  if (!options.timerStacks && result.failures.some((f) => f.kind === 'timer-left'))
    return runOnce(input, { ...options, timerStacks: true });
  return result;
}

async function runOnce(
  input: FuzzInput,
  options: { trace?: boolean; timerStacks?: boolean },
): Promise<RunResult> {
  const world = new World(options);
  const net = newNetwork(input, world);
  const failures: Failure[] = [];
  const state = { phase: 'start', signIn: 'unsettled', failures, errors: [] as Error[] };
  const cache = await cacheFor(input.session.cache);
  current = { failures };
  setActiveWorld(world);
  setNetwork(net);
  try {
    const session = new NotificationSession({
      ...ENGINE_TIMEOUTS,
      keepAliveMs: input.session.keepAliveMs,
      maxRedirects: input.session.maxRedirects,
      maxPayload: input.session.maxPayload,
      cache,
    });
    const warnings: ProtocolWarning[] = [];
    let closedEvents = 0;
    session.on('warning', (w) => warnings.push(w));
    session.on('closed', (c) => {
      closedEvents += 1;
      if (c.error) state.errors.push(c.error);
    });
    if (input.session.raw) session.on('raw', () => {});
    let finished = false;
    drive(input, session, world, state).then(
      () => (finished = true),
      (err: unknown) => {
        finished = true;
        failures.push({ kind: 'exception', message: `the driver failed: ${describe(err).message}` });
      },
    );
    let items = 0;
    for (;;) {
      await drain();
      if (finished) break;
      const item = world.next();
      const stuck = !item
        ? 'nothing is left to happen'
        : item.at > HORIZON_MS
          ? `still running after ${HORIZON_MS} virtual ms`
          : items > MAX_ITEMS
            ? `still busy after ${MAX_ITEMS} events`
            : null;
      if (stuck) {
        failures.push({
          kind: 'hang',
          message: `${stuck} and the run has not ended: stuck in ${state.phase} (session ${session.status}, sign-in ${state.signIn})`,
        });
        break;
      }
      items += 1;
      world.now = item!.at;
      try {
        item!.run();
      } catch (err) {
        failures.push({ kind: 'exception', ...describe(err) });
      }
    }
    const ended = failures.every((f) => f.kind !== 'hang');
    if (ended) {
      const left = world.pendingTimers();
      if (left.length > 0) {
        const what = left.map(
          (t) => `${t.repeat === null ? 'a timeout' : 'an interval'} set by ${site(t.stack)}`,
        );
        failures.push({
          kind: 'timer-left',
          message: `${left.length} engine timer(s) still pending after the session closed: ${what.join('; ')}`,
          stack: left.find((t) => t.stack)?.stack,
        });
      }
      if (session.status !== 'closed')
        failures.push({ kind: 'not-closed', message: `the session is ${session.status} after signOut` });
      if (closedEvents !== 1)
        failures.push({ kind: 'closed-events', message: `the closed event came ${closedEvents} times` });
      // Late events (a close on its way, data after the end) must not throw either.
      for (let late = 0; late < 10_000; late += 1) {
        await drain();
        const item = world.next();
        if (!item || item.at > world.now + HORIZON_MS) break;
        world.now = item.at;
        try {
          item.run();
        } catch (err) {
          failures.push({ kind: 'exception', ...describe(err) });
        }
      }
      await drain();
    }
    const sent = net.sent.flatMap((line) => {
      const m = /^USR \d+ (?:MD5|CTP) S (\S+)/.exec(line);
      return m ? [m[1]!] : [];
    });
    const all = [...warnings, ...session.snapshot().warnings];
    failures.push(...secretsInWarnings(all, state.errors, secretsOf(sent)));
    return {
      seed: input.seed,
      failures: dedupe(failures),
      signIn: state.signIn,
      warnings: warnings.length,
      items,
      virtualMs: world.now,
      trace: world.trace ?? undefined,
    };
  } finally {
    setActiveWorld(null);
    setNetwork(null);
    current = null;
  }
}

/** Where in the engine a timer was set: its first frames outside the timer plumbing, without line numbers. */
function site(stack: string | undefined): string {
  if (!stack) return 'an unknown caller';
  const frames = [...stack.matchAll(/at (?:async )?(\S+) \((?:[^()]*\/)?(main\/msnp\/\w+)\.ts:\d+:\d+\)/g)]
    .map((m) => m[1]!)
    .filter((name) => !name.startsWith('Timers.') && name !== '<anonymous>');
  return frames.length > 0 ? frames.slice(0, 2).join(' ← ') : 'an unknown caller';
}

function dedupe(failures: Failure[]): Failure[] {
  const seen = new Set<string>();
  return failures.filter((f) => {
    const key = `${f.kind} ${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
