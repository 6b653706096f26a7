// Argument parsing for the msnp command line. Usage errors are one sentence and exit status 2.
import { parseArgs } from 'node:util';
import { isStatus, type Status } from '../../app/types';
import { SUPPORTED_PROTOCOLS } from '../msnp/nsLogin';

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface CommonOptions {
  host: string;
  port: number;
  user: string;
  password: string;
  protocols: string[];
  status: Status;
  waitSeconds: number;
  json: boolean;
  verbose: boolean;
  /** Send the password as CTP (nearly in clear) to a server that is not on this computer. */
  allowPlainPassword: boolean;
  timeoutSeconds: number;
  cacheDir?: string;
}

export const USAGE = `usage: msnp <command> [options]

commands:
  login      sign in, sync the lists, set a status, report what arrives, sign out
  send       sign in, deliver one message (--to EMAIL --message TEXT), report replies for --wait seconds
  sendfile   sign in, offer one file (--to EMAIL --file PATH) and report its transfer; exits 0 only
             when every byte arrived; --wait is how long to wait for an answer (default 120)
  receive    stay signed in for --wait seconds (default: until Ctrl+C), reporting messages, typing,
             joins and leaves; with --accept-files DIR, save offered files in DIR, else decline them

options (all commands):
  --server HOST[:PORT]     the dispatch or notification server (port 1863 if omitted)
  --user EMAIL             the account's e-mail address
  --password PASS          the account's password
  --protocol LIST          dialects to offer, e.g. MSNP5,MSNP4 (default MSNP5,MSNP4; CVR0 is added)
  --status STATUS          NLN BSY IDL BRB AWY PHN LUN HDN (default NLN)
  --wait SECONDS           stay signed in this long, reporting what arrives (default 0)
  --timeout SECONDS        how long to wait for each server reply (default 30)
  --cache DIR              keep the contact list cache in DIR (an up-to-date SYN then costs nothing)
  --json                   one JSON object per line; the last is {"type":"state",...}
  --verbose                also print the raw protocol traffic (a CTP password is masked)
  --allow-plain-password   sign in even when the server wants the password in plain text (CTP, an
                           MSNP2 package) although it is not on this computer; without it such a
                           sign-in fails before the password is sent, with exit status 3

exit status: 0 success, 1 failure, 2 usage error, 3 sign-in refused (wrong password, unverified
account, or a password that would have gone over the network in plain text)
`;

export function parseServer(value: string): { host: string; port: number } {
  const m = /^(\[[^\]]+\]|[^:\s]+)(?::(\d+))?$/.exec(value);
  if (!m) throw new UsageError(`--server must be HOST or HOST:PORT, not "${value}"`);
  const port = m[2] === undefined ? 1863 : Number(m[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`the port in --server must be 1-65535`);
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

function seconds(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 86_400) throw new UsageError(`--${name} must be a number of seconds from 0 to 86400`);
  return n;
}

export type CommandName = 'login' | 'send' | 'sendfile' | 'receive';

export interface CommandOptions extends CommonOptions {
  to?: string;
  message?: string;
  file?: string;
  acceptDir?: string;
}

const EXTRA: Record<CommandName, readonly string[]> = {
  login: [],
  send: ['to', 'message'],
  sendfile: ['to', 'file'],
  receive: ['accept-files'],
};

/** Parses the options of any command: the common ones plus the command's own. */
export function parseCommandArgs(command: CommandName, argv: string[]): CommandOptions {
  const allowed = EXTRA[command];
  const own: string[] = [];
  const common: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const name = arg.startsWith('--') ? arg.slice(2).split('=')[0]! : '';
    if (allowed.includes(name)) {
      own.push(arg);
      if (!arg.includes('=') && i + 1 < argv.length) own.push(argv[++i]!);
    } else common.push(arg);
  }
  const opts: CommandOptions = parseLoginArgs(common);
  let values: Record<string, string | boolean | undefined> = {};
  try {
    ({ values } = parseArgs({ args: own, strict: true, allowPositionals: false, options: Object.fromEntries(allowed.map((n) => [n, { type: 'string' }])) }));
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]!.replace(/\. To specify.*$/, ''));
  }
  const need = (name: string): string => {
    const v = values[name];
    if (typeof v !== 'string' || v === '') throw new UsageError(`--${name} is required for msnp ${command}`);
    return v;
  };
  if (command === 'send' || command === 'sendfile') {
    opts.to = need('to');
    if (!/^[^@\s]+@[^@\s]+$/.test(opts.to)) throw new UsageError(`--to must be an e-mail address, not "${opts.to}"`);
  }
  if (command === 'send') opts.message = need('message');
  if (command === 'sendfile') opts.file = need('file');
  if (command === 'receive' && typeof values['accept-files'] === 'string') opts.acceptDir = values['accept-files'];
  return opts;
}

export function parseLoginArgs(argv: string[]): CommonOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        server: { type: 'string' },
        user: { type: 'string' },
        password: { type: 'string' },
        protocol: { type: 'string' },
        status: { type: 'string' },
        wait: { type: 'string' },
        timeout: { type: 'string' },
        cache: { type: 'string' },
        json: { type: 'boolean' },
        verbose: { type: 'boolean' },
        'allow-plain-password': { type: 'boolean' },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]!.replace(/\. To specify.*$/, ''));
  }
  const server = values.server as string | undefined;
  const user = values.user as string | undefined;
  const password = values.password as string | undefined;
  if (!server) throw new UsageError('--server is required');
  if (!user) throw new UsageError('--user is required');
  if (password === undefined) throw new UsageError('--password is required');
  if (!/^[^@\s]+@[^@\s]+$/.test(user)) throw new UsageError(`--user must be an e-mail address, not "${user}"`);
  const { host, port } = parseServer(server);
  const protocols = parseProtocols(values.protocol as string | undefined);
  const status = ((values.status as string | undefined) ?? 'NLN').toUpperCase();
  if (!isStatus(status) || status === 'FLN') throw new UsageError(`--status must be one of NLN BSY IDL BRB AWY PHN LUN HDN`);
  return {
    host,
    port,
    user,
    password,
    protocols,
    status,
    waitSeconds: seconds('wait', values.wait as string | undefined, 0),
    timeoutSeconds: seconds('timeout', values.timeout as string | undefined, 30) || 30,
    json: values.json === true,
    verbose: values.verbose === true,
    allowPlainPassword: values['allow-plain-password'] === true,
    cacheDir: values.cache as string | undefined,
  };
}

export function parseProtocols(value: string | undefined): string[] {
  if (value === undefined) return ['MSNP5', 'MSNP4', 'CVR0'];
  const list = value
    .split(',')
    .map((p) => p.trim().toUpperCase())
    .filter(Boolean);
  const unknown = list.filter((p) => !(SUPPORTED_PROTOCOLS as readonly string[]).includes(p));
  if (list.length === 0 || unknown.length > 0) {
    throw new UsageError(`--protocol takes a list of ${SUPPORTED_PROTOCOLS.filter((p) => p !== 'CVR0').join(', ')}`);
  }
  if (!list.includes('CVR0')) list.push('CVR0');
  return list;
}
