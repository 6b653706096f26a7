// Argument parsing for the msnp command line. Usage errors are one sentence and exit status 2.
import { isStatus, type Status } from '../../app/types';
import { wireText } from '../../app/wireText';
import { SUPPORTED_PROTOCOLS } from '../msnp/nsLogin';
import type { ProxyConfig } from '../msnp/proxy';
import { parseOptions, UsageError } from './usageError';
import { isServiceCommand, parseServiceArgs, SERVICE_OPTIONS, type ServiceArgs, type ServiceCommand } from './serviceArgs';

export { UsageError };

/** Where the password comes from; stdin and prompt are read once the arguments are known to be right. */
export type PasswordSource = 'option' | 'env' | 'stdin' | 'prompt';

export interface CommonOptions {
  host: string;
  port: number;
  user: string;
  /** '' until read, when passwordFrom is stdin or prompt. */
  password: string;
  passwordFrom: PasswordSource;
  protocols: string[];
  status: Status;
  waitSeconds: number;
  json: boolean;
  verbose: boolean;
  /** Every deviation from the protocol ends the session as a failure (server testing). */
  strict: boolean;
  /** Send the password as CTP (nearly in clear) to a server that is not on this computer. */
  allowPlainPassword: boolean;
  timeoutSeconds: number;
  cacheDir?: string;
  /** --proxy: the notification server and switchboards through this proxy server. */
  proxy?: ProxyConfig;
}

export const USAGE = `usage: msnp <command> [options]

commands:
  login      sign in, sync the lists, set a status, report what arrives, sign out
  send       sign in, deliver one message (--to EMAIL --message TEXT), report replies for --wait seconds
  sendfile   sign in, offer one file (--to EMAIL --file PATH) and report its transfer; exits 0 only
             when every byte arrived; --wait is how long to wait for an answer (default 120)
  receive    stay signed in for --wait seconds (default: until Ctrl+C), reporting messages, typing,
             joins and leaves; with --accept-files DIR, save offered files in DIR, else decline them;
             a file larger than --max-size BYTES|SIZE (default 4GB; 500MB, 8GB, counted in 1024s)
             is declined
  find       search the member directory (--first F --last L, and --country CC, or --city C and
             --state ST with --country US) and print the results; with --invite N [--message TEXT]
             [--lcid 0x0409], invite result N by e-mail in the same session
  invite     invite someone to Messenger by e-mail (--email ADDR [--message TEXT] [--lcid 0x0409]);
             MSNP2-4 send the invitation without a message
  page       send a page to someone's mobile device (--to EMAIL --message TEXT, at most 110 characters),
             with --callback HOME|WORK|MOBILE offering one of your numbers to call back; the server
             confirms nothing, so it counts as sent when no error comes within a few seconds
  phones     set your phone numbers (--home NUM --work NUM --mobile NUM, "" clears one; --pager Y|N
             lets people page you), only those given, and print what the server kept
  console    sign in, then send each line of stdin as a command (the TrID is filled in; a payload
             follows " <<< " on the same line, with \\r\\n escapes) and print all the traffic; each
             command waits for its reply (its TrID) up to --timeout; signs out at the end of stdin
  conformance  check a server against the protocol's documentation with two accounts, check by
             check (its own options: msnp conformance --help)
  replay     play a recorded C:/S: transcript: --serve FILE to a client, --check FILE against a server
             (--server HOST[:PORT]), reporting where the other side differs (msnp replay --help)
  url        print the address the server gives for a web service: url SERVICE, SERVICE one of
             PASSWORD INBOX COMPOSE MESSAGE FOLDERS PERSON MOBILE CHGMOB PROFILE N2PACCOUNT N2PFUND
             CHAT ADDRBOOK ADVSEARCH INTSEARCH; COMPOSE takes --to EMAIL

options (all commands):
  --server HOST[:PORT]     the dispatch or notification server (port 1863 if omitted)
  --user EMAIL             the account's e-mail address
  --password PASS          the account's password (other users of this computer can see it in the
                           process list: prefer MSNP_PASSWORD, --password-stdin or the prompt)
  --password-stdin         read the password from the first line of stdin
  --protocol LIST          dialects to offer, best first: MSNP5, MSNP4, MSNP3 or MSNP2, or several joined by
                           commas such as MSNP5,MSNP4 (default MSNP5,MSNP4; CVR0 is added)
  --status STATUS          NLN BSY IDL BRB AWY PHN LUN HDN (default NLN)
  --wait SECONDS           stay signed in this long, reporting what arrives (default 0)
  --timeout SECONDS        how long to wait at each step: connecting, each server reply, a contact
                           list that stops coming, a call nobody answers (default 30)
  --cache DIR              keep the contact list cache in DIR (an up-to-date SYN then costs nothing)
  --json                   one JSON object per line; the last is {"type":"state",...}
  --verbose                also print the raw protocol traffic (a CTP password is masked)
  --strict                 treat every deviation from the protocol (each warning) as a failure: the
                           session ends there, exit status 1
  --proxy URL              connect to the notification server and the switchboards through a proxy:
                           socks5://[USER:PASS@]HOST:PORT, socks4://[USER@]HOST:PORT or
                           http://[USER:PASS@]HOST:PORT (file transfers go directly, as in 3.0)
  --allow-plain-password   sign in even when the server wants the password in plain text (CTP, an
                           MSNP2 package) although it is not on this computer; without it such a
                           sign-in fails before the password is sent, with exit status 3

password: --password, else --password-stdin, else the environment variable MSNP_PASSWORD, else a
prompt that does not echo when stdin is a terminal; with none of these, msnp stops with a usage error

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

const PROXY_SCHEMES: Readonly<Record<string, ProxyConfig['type']>> = { 'socks5:': 'socks5', 'socks4:': 'socks4', 'http:': 'http' };

/** The value with whatever stands before its last "@" (a user name and password) left out, for messages. */
function withoutCredentials(value: string): string {
  const at = value.lastIndexOf('@');
  if (at < 0) return value;
  const scheme = value.indexOf('//');
  return `${scheme >= 0 && scheme < at ? value.slice(0, scheme + 2) : ''}…${value.slice(at)}`;
}

/** --proxy socks5://user:pass@host:port, socks4://host:port or http://host:port; the port is required. */
export function parseProxy(value: string): ProxyConfig {
  // The refusal repeats what was typed, but never its password: usage errors end up in logs.
  const bad = () =>
    new UsageError(
      `--proxy must be socks5://, socks4:// or http:// followed by HOST:PORT, not "${wireText(withoutCredentials(value))}"`,
    );
  let url: URL;
  let user: string;
  let password: string;
  try {
    url = new URL(value);
    user = decodeURIComponent(url.username);
    password = decodeURIComponent(url.password);
  } catch {
    throw bad();
  }
  const type = Object.hasOwn(PROXY_SCHEMES, url.protocol) ? PROXY_SCHEMES[url.protocol] : undefined;
  if (!type || url.hostname === '' || url.port === '' || (url.pathname !== '' && url.pathname !== '/') || url.search || url.hash)
    throw bad();
  if (type === 'socks4' && password !== '') throw new UsageError('--proxy: a SOCKS 4 proxy takes a user name but no password');
  return { type, host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port), user: user || undefined, password: password || undefined };
}

function seconds(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 86_400) throw new UsageError(`--${name} must be a number of seconds from 0 to 86400`);
  return n;
}

export type CommandName = 'login' | 'send' | 'sendfile' | 'receive' | 'console' | ServiceCommand;

export interface CommandOptions extends CommonOptions {
  to?: string;
  message?: string;
  file?: string;
  acceptDir?: string;
  /** receive: offers larger than this many bytes are declined (the caller's default when unset). */
  maxSize?: number;
  /** find, invite, page, phones and url: what to ask of the server, checked. */
  service?: ServiceArgs;
}

const EXTRA: Record<CommandName, readonly string[]> = {
  login: [],
  send: ['to', 'message'],
  sendfile: ['to', 'file'],
  receive: ['accept-files', 'max-size'],
  console: [],
  ...SERVICE_OPTIONS,
};

const SIZE_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/**
 * A number of bytes, or a size with a unit (K, M, G, T, with or without B or iB), counted in 1024s as the
 * app shows sizes: "500MB", "1.5G", "8 GiB".
 */
export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?) ?(?:([kmgt])(?:i?b)?)?$/i.exec(text.trim());
  const unit = SIZE_UNITS[(m?.[2] ?? '').toLowerCase()]!;
  const bytes = m ? Number(m[1]) * unit : NaN;
  if (!m || !Number.isSafeInteger(Math.floor(bytes)) || (unit === 1 && !Number.isInteger(bytes)))
    throw new UsageError('--max-size must be a number of bytes or a size such as 500MB or 8GB');
  return Math.floor(bytes);
}

/** Parses the options of any command: the common ones plus the command's own. */
export function parseCommandArgs(
  command: CommandName,
  argv: string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
  stdinIsTTY = process.stdin.isTTY === true,
): CommandOptions {
  const allowed = EXTRA[command];
  const own: string[] = [];
  const common: string[] = [];
  // Only the service commands take arguments besides options (url's SERVICE); for the others they go on to be refused.
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const name = arg.startsWith('--') ? arg.slice(2).split('=')[0]! : '';
    const takesValue = !arg.includes('=') && i + 1 < argv.length;
    if (allowed.includes(name)) {
      own.push(arg);
      if (takesValue) own.push(argv[++i]!);
    } else if (isServiceCommand(command) && !arg.startsWith('-')) positionals.push(arg);
    else {
      common.push(arg);
      if (takesValue && LOGIN_OPTIONS[name]?.type === 'string') common.push(argv[++i]!);
    }
  }
  const opts: CommandOptions = parseLoginArgs(common, env, stdinIsTTY);
  const values = parseOptions(own, Object.fromEntries(allowed.map((n) => [n, { type: 'string' as const }])));
  const need = (name: string): string => {
    const v = values[name];
    if (typeof v !== 'string' || v === '') throw new UsageError(`--${name} is required for msnp ${command}`);
    return v;
  };
  if (command === 'console' && opts.passwordFrom === 'stdin')
    throw new UsageError('msnp console reads its commands from stdin: give the password with --password or MSNP_PASSWORD');
  if (command === 'send' || command === 'sendfile') {
    opts.to = need('to');
    if (!/^[^@\s]+@[^@\s]+$/.test(opts.to)) throw new UsageError(`--to must be an e-mail address, not "${opts.to}"`);
    // Refused here, before connecting: a server would answer the call with 215 (already there) or ring us.
    if (opts.to.toLowerCase() === opts.user.toLowerCase())
      throw new UsageError(`--to is your own address (--user): msnp cannot send ${command === 'send' ? 'a message' : 'a file'} to yourself`);
  }
  if (command === 'send') opts.message = need('message');
  if (command === 'sendfile') opts.file = need('file');
  if (command === 'receive' && typeof values['accept-files'] === 'string') opts.acceptDir = values['accept-files'];
  if (command === 'receive' && typeof values['max-size'] === 'string') opts.maxSize = parseSize(values['max-size']);
  if (isServiceCommand(command)) opts.service = parseServiceArgs(command, values, positionals, opts);
  return opts;
}

/** The options every command takes. */
const LOGIN_OPTIONS: Readonly<Record<string, { type: 'string' | 'boolean' }>> = {
  server: { type: 'string' },
  user: { type: 'string' },
  password: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  protocol: { type: 'string' },
  status: { type: 'string' },
  wait: { type: 'string' },
  timeout: { type: 'string' },
  cache: { type: 'string' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  strict: { type: 'boolean' },
  'allow-plain-password': { type: 'boolean' },
  proxy: { type: 'string' },
};

export const NO_PASSWORD =
  'no password was given: set MSNP_PASSWORD, pipe it in with --password-stdin, or run msnp on a terminal to be asked for it';

/**
 * Where the password comes from: --password, --password-stdin, MSNP_PASSWORD, or a prompt when stdin is a
 * terminal. The environment and the terminal are arguments so that this stays a pure parse.
 */
export function parseLoginArgs(
  argv: string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
  stdinIsTTY = process.stdin.isTTY === true,
): CommonOptions {
  const values = parseOptions(argv, LOGIN_OPTIONS);
  const server = values.server as string | undefined;
  const user = values.user as string | undefined;
  const password = values.password as string | undefined;
  if (!server) throw new UsageError('--server is required');
  if (!user) throw new UsageError('--user is required');
  const passwordStdin = values['password-stdin'] === true;
  if (password !== undefined && passwordStdin) throw new UsageError('give the password with --password or --password-stdin, not both');
  if (!/^[^@\s]+@[^@\s]+$/.test(user)) throw new UsageError(`--user must be an e-mail address, not "${user}"`);
  const { host, port } = parseServer(server);
  const protocols = parseProtocols(values.protocol as string | undefined);
  const status = ((values.status as string | undefined) ?? 'NLN').toUpperCase();
  if (!isStatus(status) || status === 'FLN') throw new UsageError(`--status must be one of NLN BSY IDL BRB AWY PHN LUN HDN`);
  const fromEnv = env['MSNP_PASSWORD'];
  let passwordFrom: PasswordSource;
  if (password !== undefined) passwordFrom = 'option';
  else if (passwordStdin) passwordFrom = 'stdin';
  else if (fromEnv) passwordFrom = 'env';
  else if (stdinIsTTY) passwordFrom = 'prompt';
  else throw new UsageError(NO_PASSWORD);
  return {
    host,
    port,
    user,
    password: password ?? (passwordFrom === 'env' ? fromEnv! : ''),
    passwordFrom,
    protocols,
    status,
    waitSeconds: seconds('wait', values.wait as string | undefined, 0),
    timeoutSeconds: seconds('timeout', values.timeout as string | undefined, 30) || 30,
    json: values.json === true,
    verbose: values.verbose === true,
    strict: values.strict === true,
    allowPlainPassword: values['allow-plain-password'] === true,
    cacheDir: values.cache as string | undefined,
    proxy: values.proxy === undefined ? undefined : parseProxy(values.proxy as string),
  };
}

/** The dialects --protocol may name: CVR0 is not one (it is always added), nor is anything Butterfly does not speak. */
const DIALECTS: readonly string[] = SUPPORTED_PROTOCOLS.filter((p) => p !== 'CVR0');

/** --protocol: what --help documents and nothing else (letters in any case, as --status), then CVR0. */
export function parseProtocols(value: string | undefined): string[] {
  if (value === undefined) return ['MSNP5', 'MSNP4', 'CVR0'];
  const list = value.split(',').map((p) => p.toUpperCase());
  if (!list.every((p) => DIALECTS.includes(p))) {
    throw new UsageError(
      `--protocol must be ${DIALECTS.slice(0, -1).join(', ')} or ${DIALECTS.at(-1)}, or several joined by commas such as MSNP5,MSNP4, not "${wireText(value)}"`,
    );
  }
  const twice = list.find((p, i) => list.indexOf(p) !== i);
  if (twice) throw new UsageError(`--protocol names ${twice} twice`);
  return [...list, 'CVR0'];
}
