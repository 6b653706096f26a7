// Runs the sandbox on its own: `tsx main/sandbox/cli.ts [--cast demo|builtin] [--port N] [--ns-port N]
// [--sb-port N] [--big N] [--quirk NAME]...`; prints where it listens and who can sign in, and runs until
// interrupted.
import { parseArgs } from 'node:util';
import { SANDBOX_DEMO_ACCOUNT } from '../../app/contract';
import type { SandboxAccountInit } from './accounts';
import { BUILT_IN, BuiltInSandbox, builtInAccounts } from './builtIn';
import { demoAccounts, largeAccount } from './demoData';
import { COMBINABLE_DEVIATIONS, DEFAULT_QUIRKS, DEVIATION_QUIRKS, QUIRK_SUMMARY, type Quirks } from './quirks';
import { MsnpTestServer } from './server';

const CASTS = ['demo', 'builtin'] as const;
type Cast = (typeof CASTS)[number];

const USAGE = `usage: sandbox [--cast demo|builtin] [--host ADDRESS] [--port N] [--ns-port N] [--sb-port N] [--big CONTACTS] [--quirk NAME]...
  --cast      who is there: "demo" (default; alice@example.com and friends, passwords as printed) or
              "builtin" (the app's built-in sandbox: you@butterfly.sandbox / butterfly with the
              scripted Echo, Moody, Filer and New Friend)
  --port      dispatch port (default: a free one; 1863 is the classic)
  --ns-port   notification port (default: a free one)
  --sb-port   switchboard port (default: a free one)
  --big       add big@example.com (password "big") with that many contacts
  --quirk     turn on a quirk (may be given again). Deviations a real server has been seen to make:
${DEVIATION_QUIRKS.map((q) => `                ${q.padEnd(24)} ${QUIRK_SUMMARY[q]}`).join('\n')}
              "deviations" turns on every one that can be seen alongside the others (all but ctpOnly and
              omitGtcBlp). Breakages, not deviations: ${booleanQuirks()
                .filter((q) => !(DEVIATION_QUIRKS as readonly string[]).includes(q))
                .join(', ')}`;

function booleanQuirks(): string[] {
  return Object.entries(DEFAULT_QUIRKS)
    .filter(([, v]) => typeof v === 'boolean')
    .map(([k]) => k);
}

function port(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number`);
  return n;
}

function cast(value: string | undefined): Cast {
  if (value === undefined) return 'demo';
  if ((CASTS as readonly string[]).includes(value)) return value as Cast;
  throw new Error(`--cast must be one of ${CASTS.join(', ')}`);
}

/** The running server and how to stop it, whichever cast it has. */
interface Running {
  server: MsnpTestServer;
  stop(): Promise<void>;
  /** The lines under "Accounts", and any after them. */
  accounts: string[];
  extra: string[];
}

interface StartOptions {
  host: string | undefined;
  ports: { dispatch?: number; ns?: number; sb?: number };
  quirks: Partial<Quirks>;
  /** The --big account and its contacts, beside the cast. */
  extraAccounts: SandboxAccountInit[];
}

async function startDemo(options: StartOptions): Promise<Running> {
  const { extraAccounts, ...rest } = options;
  const demo = demoAccounts();
  const server = new MsnpTestServer({ ...rest, accounts: [...demo, ...extraAccounts] });
  await server.start();
  return {
    server,
    stop: () => server.stop(),
    accounts: demo.map(
      (a) =>
        `  ${a.email.padEnd(22)} ${a.password}${a.verified === false ? '   (not verified: sign-in gets 924)' : ''}`,
    ),
    extra: [],
  };
}

async function startBuiltIn(options: StartOptions): Promise<Running> {
  const sandbox = new BuiltInSandbox(options);
  try {
    await sandbox.start();
  } catch (err) {
    await sandbox.stop().catch(() => {});
    throw err;
  }
  const cast = builtInAccounts().filter((a) => a.email !== BUILT_IN.you);
  const width = Math.max(...cast.map((a) => a.email.length)) + 1;
  return {
    server: sandbox.server,
    stop: () => sandbox.stop(),
    accounts: [`  ${BUILT_IN.you.padEnd(width)} ${SANDBOX_DEMO_ACCOUNT.password}`],
    extra: [
      '',
      `The built-in cast (${BUILT_IN.you}'s contacts; scripted, nobody signs in as them):`,
      ...cast.map((a) => `  ${a.email.padEnd(width)} ${a.nickname ?? ''}`),
    ],
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      cast: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      'ns-port': { type: 'string' },
      'sb-port': { type: 'string' },
      big: { type: 'string' },
      quirk: { type: 'string', multiple: true },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const quirks: Partial<Quirks> = {};
  for (const name of (values.quirk ?? []).flatMap((q) => (q === 'deviations' ? [...COMBINABLE_DEVIATIONS] : [q]))) {
    if (!booleanQuirks().includes(name)) throw new Error(`unknown quirk ${name}`);
    (quirks as Record<string, boolean>)[name] = true;
  }
  const chosen = cast(values.cast);
  const big = values.big === undefined ? 0 : Number(values.big);
  if (!Number.isInteger(big) || big < 0) throw new Error('--big must be a number of contacts');
  const options: StartOptions = {
    host: values.host,
    quirks,
    ports: {
      dispatch: port(values.port, '--port'),
      ns: port(values['ns-port'], '--ns-port'),
      sb: port(values['sb-port'], '--sb-port'),
    },
    extraAccounts: big > 0 ? largeAccount('big@example.com', 'big', big).accounts : [],
  };
  const running = chosen === 'builtin' ? await startBuiltIn(options) : await startDemo(options);
  const { server } = running;
  const out: string[] = [
    `Butterfly sandbox (MSNP5-MSNP2) is running, with the ${chosen} cast.`,
    `  dispatch:     ${server.host}:${server.dispatchPort}   <- sign in here`,
    `  notification: ${server.host}:${server.nsPort}`,
    `  switchboard:  ${server.host}:${server.sbPort}`,
    '',
    'Accounts (e-mail / password):',
  ];
  out.push(...running.accounts);
  if (big > 0) out.push(`  ${'big@example.com'.padEnd(22)} big   (${big} contacts)`);
  out.push(...running.extra);
  if (Object.keys(quirks).length > 0) out.push('', `Quirks: ${Object.keys(quirks).join(', ')}`);
  out.push('', 'Press Ctrl+C to stop.');
  // Listen for the stop before printing: whoever reads the printout may stop the sandbox at once.
  const shutdown = (): void => {
    void running.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`sandbox: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
