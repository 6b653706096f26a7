// msnp conformance: signs two accounts in to a server and runs every check of main/conformance against it,
// printing a row per check as it ends and a summary line (or one JSON document with --json). Exit 0 when
// nothing failed or went unanswered, 1 when something did (and, with --fail-on deviation, when anything
// deviated), 2 for a usage error.
import { AREAS } from '../conformance/check';
import { CHECKS } from '../conformance/checks';
import { exitCodeOf, formatRow, reportJson, summaryLine } from '../conformance/report';
import { runChecks, type RunOptions } from '../conformance/runner';
import { AREA_TITLES, type CheckResult } from '../conformance/check';
import { parseProtocols, parseServer } from './args';
import { parseOptions, UsageError } from './usageError';

export const CONFORMANCE_USAGE = `usage: msnp conformance --server HOST[:PORT] --user A --password P --user2 B --password2 Q
                        [--protocol LIST] [--only AREA|CHECK,...] [--timeout SECONDS] [--json]
                        [--fail-on deviation] [--allow-plain-password]

Runs a suite of checks against an MSNP server with two accounts, each check following one page of the
protocol documentation, and reports each as pass, deviation (works, but differs from the docs), fail,
no reply (nothing came within --timeout, default 5) or not offered (the server lacks the feature).
The checks add and remove list entries and change names, and put everything back at the end.
Passwords may also come from MSNP_PASSWORD and MSNP_PASSWORD2.

areas: ${AREAS.map((a) => `${a} (${AREA_TITLES[a]})`).join(', ')}
exit status: 0 nothing failed, 1 something failed or got no reply (with --fail-on deviation, also when
something deviated), 2 usage error`;

export interface ConformanceArgs extends Omit<RunOptions, 'onResult'> {
  json: boolean;
  failOnDeviation: boolean;
}

const OPTIONS = {
  server: { type: 'string' },
  user: { type: 'string' },
  password: { type: 'string' },
  user2: { type: 'string' },
  password2: { type: 'string' },
  protocol: { type: 'string' },
  only: { type: 'string' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
  'fail-on': { type: 'string' },
  'allow-plain-password': { type: 'boolean' },
} as const;

const ADDRESS = /^[^@\s]+@[^@\s]+$/;

export function parseConformanceArgs(
  argv: string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): ConformanceArgs {
  const values = parseOptions(argv, OPTIONS);
  const text = (name: string): string | undefined => values[name] as string | undefined;
  const server = text('server');
  if (!server) throw new UsageError('--server is required');
  const account = (user: string, password: string, envName: string): { email: string; password: string } => {
    const email = text(user);
    if (!email) throw new UsageError(`--${user} is required`);
    if (!ADDRESS.test(email)) throw new UsageError(`--${user} must be an e-mail address, not "${email}"`);
    const secret = text(password) ?? env[envName];
    if (!secret) throw new UsageError(`--${password} (or ${envName}) is required`);
    return { email, password: secret };
  };
  const a = account('user', 'password', 'MSNP_PASSWORD');
  const b = account('user2', 'password2', 'MSNP_PASSWORD2');
  if (a.email.toLowerCase() === b.email.toLowerCase())
    throw new UsageError('--user and --user2 must be two different accounts');
  const only = (text('only') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const known = new Set<string>([...AREAS, ...CHECKS.map((c) => c.id)]);
  const unknown = only.find((name) => !known.has(name));
  if (unknown !== undefined)
    throw new UsageError(
      `--only names "${unknown}", which is neither an area (${AREAS.join(', ')}) nor a check`,
    );
  const failOn = text('fail-on');
  if (failOn !== undefined && failOn !== 'deviation')
    throw new UsageError('--fail-on takes one value: deviation');
  const timeoutText = text('timeout');
  const timeout = timeoutText === undefined ? 5 : Number(timeoutText);
  if (!Number.isFinite(timeout) || timeout <= 0 || timeout > 600)
    throw new UsageError('--timeout must be a number of seconds from 0 to 600');
  return {
    server: parseServer(server),
    a,
    b,
    protocols: parseProtocols(text('protocol')).filter((p) => p !== 'CVR0'),
    timeoutMs: Math.round(timeout * 1000),
    only,
    allowPlainPassword: values['allow-plain-password'] === true,
    json: values.json === true,
    failOnDeviation: failOn === 'deviation',
  };
}

export async function runConformanceCli(
  argv: string[],
  io: { out: (s: string) => void; err: (s: string) => void },
  signal?: AbortSignal,
): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(CONFORMANCE_USAGE);
    return 0;
  }
  const args = parseConformanceArgs(argv);
  let area: string | null = null;
  const printRow = (r: CheckResult): void => {
    if (r.area !== area) {
      if (area !== null) io.out('');
      area = r.area;
      io.out(`== ${AREA_TITLES[r.area]}`);
    }
    io.out(formatRow(r));
  };
  const results = await runChecks(CHECKS, { ...args, signal, onResult: args.json ? undefined : printRow });
  if (args.json) io.out(JSON.stringify(reportJson(results)));
  else io.out(`\n${summaryLine(results)}`);
  if (signal?.aborted) {
    io.err('msnp: the run was interrupted; the report covers the checks that ran');
    return 1;
  }
  return exitCodeOf(results, args.failOnDeviation);
}
