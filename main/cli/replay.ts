// msnp replay: a recorded C:/S: transcript played against a client (--serve) or a server (--check).
// Exit 0 when the other side behaved as recorded, 1 when it did not, 2 for a usage error.
import { MASK, maskSecrets, wireText } from '../../app/wireText';
import { readFile } from 'node:fs/promises';
import { runCheck, type Difference } from '../replay/check';
import { startReplayServer, type Mismatch } from '../replay/serve';
import { parseServer } from './args';
import { parseOptions, UsageError } from './usageError';

// Only a plain-text password: an MD5 answer is a one-time hash of a salt, and a mismatch must show which it was.
const SIGN_IN_SECRET = /(USR \d+ CTP S )[^\s"]+/g;

/** A CTP password and ticket fields masked: what any output of replay may carry (JSON escapes the rest). */
function masked(text: string): string {
  return maskSecrets(text).replace(SIGN_IN_SECRET, `$1${MASK}`);
}

/** Wire text as a terminal may show it: masked, and control characters escaped. */
function shown(text: string): string {
  return wireText(masked(text), 1000);
}

/** A mismatch or difference for --json: each line in it masked. */
function maskedFields<
  T extends { message: string; expected?: string | null; actual?: string | null; payload?: string[] },
>(item: T): T {
  const maybe = (v: string | null | undefined) => (typeof v === 'string' ? masked(v) : v);
  return {
    ...item,
    message: masked(item.message),
    expected: maybe(item.expected),
    actual: maybe(item.actual),
    ...(item.payload ? { payload: item.payload.map(masked) } : {}),
  };
}

export const REPLAY_USAGE = `usage: msnp replay --serve FILE [--port N] [--host H] [--timeout SECONDS] [--json]
       msnp replay --check FILE --server HOST[:PORT] [--password P] [--timeout SECONDS] [--json]

--serve plays the server's side of a transcript to a client: the Nth connection to the port gets the
transcript's Nth connection, and each recorded XFR sends the client back to this port. Each line the
client sends is checked against the recorded one; mismatches are reported as they happen. Exits once
every connection was played to its end: 0 without a mismatch, 1 with one (or when a client left early, or
once a client has connected, nothing came from any client for --timeout seconds, default 30).
--port defaults to 1863 (0 picks a free one), --host to 127.0.0.1.

--check plays the client's side to a real server and reports each server line that differs from the
recorded one, each one it left out (nothing within --timeout, default 5 seconds) and each it sent that the
transcript does not have. Later connections go where the server's XFR sent the client. With --password,
the MD5 response is computed afresh (a transcript's {md5:SALT:PASSWORD} placeholder always is).

Both compare lines with what is picked afresh each session left out: TrIDs (--serve answers with the
client's own), list versions, salts, MD5 responses (unless the transcript computes them), addresses,
cookies, session ids, and the LoginTime, MSPAuth, ClientIP and ClientPort of payloads.
exit status: 0 as recorded, 1 a difference, 2 usage error`;

const OPTIONS = {
  serve: { type: 'string' },
  check: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  server: { type: 'string' },
  password: { type: 'string' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
} as const;

type Io = { out: (s: string) => void; err: (s: string) => void };

export type ReplayArgs =
  | { mode: 'serve'; file: string; host: string; port: number; idleMs: number; json: boolean }
  | {
      mode: 'check';
      file: string;
      server: { host: string; port: number };
      password?: string;
      timeoutMs: number;
      json: boolean;
    };

/** --timeout: seconds, above 0 and at most 600. */
function seconds(value: string | undefined, fallback: number): number {
  const n = Number(value ?? fallback);
  if (!Number.isFinite(n) || n <= 0 || n > 600)
    throw new UsageError('--timeout must be a number of seconds from 0 to 600');
  return n;
}

export function parseReplayArgs(argv: string[]): ReplayArgs {
  const values = parseOptions(argv, OPTIONS);
  const text = (name: string): string | undefined => values[name] as string | undefined;
  const json = values.json === true;
  const serve = text('serve');
  const check = text('check');
  if ((serve === undefined) === (check === undefined))
    throw new UsageError('msnp replay takes one of --serve FILE and --check FILE');
  const misplaced = (names: string[], mode: string): void => {
    const given = names.find((n) => values[n] !== undefined);
    if (given) throw new UsageError(`--${given} does not go with --${mode}`);
  };
  if (serve !== undefined) {
    misplaced(['server', 'password'], 'serve');
    const port = Number(text('port') ?? '1863');
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError('--port must be a number from 0 to 65535');
    const idleMs = Math.round(seconds(text('timeout'), 30) * 1000);
    return { mode: 'serve', file: serve, host: text('host') ?? '127.0.0.1', port, idleMs, json };
  }
  misplaced(['port', 'host'], 'check');
  const server = text('server');
  if (!server) throw new UsageError('--server is required with --check');
  const timeout = seconds(text('timeout'), 5);
  const password = text('password');
  return {
    mode: 'check',
    file: check!,
    server: parseServer(server),
    ...(password === undefined ? {} : { password }),
    timeoutMs: Math.round(timeout * 1000),
    json,
  };
}

async function readTranscript(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(
      `could not read the transcript ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
}

/** The transcript's own sentence, with the file it is about. */
function inFile<T>(file: string, read: () => Promise<T>): Promise<T> {
  return read().catch((err: Error) => {
    throw new Error(
      /^Line \d+/.test(err.message)
        ? `${file}: ${err.message.replace(/\.$/, '')}`
        : err.message.replace(/\.$/, ''),
    );
  });
}

export async function runReplayCli(argv: string[], io: Io, signal?: AbortSignal): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(REPLAY_USAGE);
    return 0;
  }
  const args = parseReplayArgs(argv);
  const text = await readTranscript(args.file);
  return args.mode === 'serve' ? serve(args, text, io, signal) : check(args, text, io, signal);
}

async function serve(
  args: Extract<ReplayArgs, { mode: 'serve' }>,
  text: string,
  io: Io,
  signal?: AbortSignal,
): Promise<number> {
  const show = (m: Mismatch): void =>
    io.out(
      args.json ? JSON.stringify({ type: 'mismatch', ...maskedFields(m) }) : `mismatch: ${shown(m.message)}`,
    );
  const onEnd = (n: number, complete: boolean): void => {
    if (args.json) io.out(JSON.stringify({ type: 'connection', connection: n, complete }));
    else if (complete) io.out(`connection ${n} played to its end`);
  };
  const replay = await inFile(args.file, () =>
    startReplayServer(text, {
      host: args.host,
      port: args.port,
      idleMs: args.idleMs,
      onMismatch: show,
      onConnectionEnd: onEnd,
    }),
  );
  if (args.json)
    io.out(
      JSON.stringify({
        type: 'listening',
        host: replay.host,
        port: replay.port,
        connections: replay.connections,
      }),
    );
  else
    io.out(`replaying ${args.file} (${replay.connections} connection(s)) on ${replay.host}:${replay.port}`);
  const aborted = new Promise<'aborted'>((resolve) => {
    if (signal?.aborted) resolve('aborted');
    signal?.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
  const outcome = await Promise.race([replay.finished.then(() => 'finished' as const), aborted]);
  await replay.close();
  const count = replay.mismatches.length;
  if (args.json)
    io.out(JSON.stringify({ type: 'done', complete: outcome === 'finished', mismatches: count }));
  else if (outcome === 'aborted') io.out(`interrupted with ${count} mismatch(es) so far`);
  else
    io.out(count === 0 ? `every connection played to its end without a mismatch` : `${count} mismatch(es)`);
  return outcome === 'finished' && count === 0 ? 0 : 1;
}

async function check(
  args: Extract<ReplayArgs, { mode: 'check' }>,
  text: string,
  io: Io,
  signal?: AbortSignal,
): Promise<number> {
  const show = (d: Difference): void => {
    io.out(shown(d.message));
    for (const l of d.payload ?? []) io.out(`    ${shown(l)}`);
  };
  const result = await inFile(args.file, () =>
    runCheck(text, {
      server: args.server,
      ...(args.password === undefined ? {} : { password: args.password }),
      timeoutMs: args.timeoutMs,
      ...(args.json ? {} : { onDifference: show }),
      ...(signal ? { signal } : {}),
    }),
  );
  const server = `${args.server.host}:${args.server.port}`;
  const count = result.differences.length;
  if (args.json)
    io.out(
      JSON.stringify({ type: 'check', server, ...result, differences: result.differences.map(maskedFields) }),
    );
  else {
    const where = `${result.connections} connection(s), ${result.compared} server line(s) compared`;
    io.out(
      count === 0
        ? `no differences from the transcript (${where})`
        : `${count} difference(s) from the transcript (${where})`,
    );
  }
  if (signal?.aborted) {
    io.err('msnp: the check was interrupted; the report covers what ran');
    return 1;
  }
  return count === 0 ? 0 : 1;
}
