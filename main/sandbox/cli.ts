// Runs the sandbox on its own: `tsx main/sandbox/cli.ts [--port N] [--ns-port N] [--sb-port N] [--big N] [--quirk NAME]...`
// prints where it listens and who can sign in, and runs until interrupted.
import { parseArgs } from 'node:util';
import { demoAccounts, largeAccount } from './demoData';
import { DEFAULT_QUIRKS, type Quirks } from './quirks';
import { MsnpTestServer } from './server';

const USAGE = `usage: sandbox [--host ADDRESS] [--port N] [--ns-port N] [--sb-port N] [--big CONTACTS] [--quirk NAME]...
  --port      dispatch port (default: a free one; 1863 is the classic)
  --ns-port   notification port (default: a free one)
  --sb-port   switchboard port (default: a free one)
  --big       add big@example.com (password "big") with that many contacts
  --quirk     turn on a boolean deviation: ${booleanQuirks().join(', ')}`;

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

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
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
  for (const name of values.quirk ?? []) {
    if (!booleanQuirks().includes(name)) throw new Error(`unknown quirk ${name}`);
    (quirks as Record<string, boolean>)[name] = true;
  }
  const demo = demoAccounts();
  const accounts = [...demo];
  const big = values.big === undefined ? 0 : Number(values.big);
  if (!Number.isInteger(big) || big < 0) throw new Error('--big must be a number of contacts');
  if (big > 0) accounts.push(...largeAccount('big@example.com', 'big', big).accounts);

  const server = new MsnpTestServer({
    host: values.host,
    accounts,
    quirks,
    ports: { dispatch: port(values.port, '--port'), ns: port(values['ns-port'], '--ns-port'), sb: port(values['sb-port'], '--sb-port') },
  });
  await server.start();
  const out: string[] = [
    `Butterfly sandbox (MSNP5-MSNP2) is running.`,
    `  dispatch:     ${server.host}:${server.dispatchPort}   <- sign in here`,
    `  notification: ${server.host}:${server.nsPort}`,
    `  switchboard:  ${server.host}:${server.sbPort}`,
    '',
    'Accounts (e-mail / password):',
  ];
  for (const a of demo) out.push(`  ${a.email.padEnd(22)} ${a.password}${a.verified === false ? '   (not verified: sign-in gets 924)' : ''}`);
  if (big > 0) out.push(`  ${'big@example.com'.padEnd(22)} big   (${big} contacts)`);
  if (Object.keys(quirks).length > 0) out.push('', `Quirks: ${Object.keys(quirks).join(', ')}`);
  out.push('', 'Press Ctrl+C to stop.');
  process.stdout.write(`${out.join('\n')}\n`);

  const shutdown = (): void => {
    void server.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  process.stderr.write(`sandbox: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
