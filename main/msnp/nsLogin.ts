// The sign-in handshake on one connection: VER, INF, USR I, then either a redirect (XFR NS) or USR S.
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import type { Connection } from './connection';
import { ConnectionError, PlainPasswordRefusedError, ProtocolError, wireText } from './errors';

export const DEFAULT_PROTOCOLS = ['MSNP5', 'MSNP4', 'CVR0'] as const;
export const SUPPORTED_PROTOCOLS = ['MSNP5', 'MSNP4', 'MSNP3', 'MSNP2', 'CVR0'] as const;

type Warn = (code: string, message: string, line?: string) => void;

/** Where a sign-in stands, so a close or a silence can be told in words of what it cut short. */
export type SignInPhase = 'connecting' | 'version' | 'password' | 'lists' | 'status';

export const SIGN_IN_PHASE_WORDS: Readonly<Record<SignInPhase, string>> = {
  connecting: 'connecting',
  version: 'agreeing on a protocol version',
  password: 'checking your password',
  lists: 'getting your contact list',
  status: 'setting your status',
};

/** The connection ended before the sign-in was through: `phase` is what it cut short. */
export class SignInClosedError extends ConnectionError {
  override name = 'SignInClosedError';
  constructor(
    readonly phase: SignInPhase,
    reason: ConnectionError['reason'] = 'closed',
    what = 'the server closed the connection',
  ) {
    super(`${what} while ${SIGN_IN_PHASE_WORDS[phase]}`, reason);
  }
}

/** The server answered VER with none of the versions offered (0, only CVR0, another one), or hung up on it. */
export class NoCommonVersionError extends ProtocolError {
  override name = 'NoCommonVersionError';
  constructor(
    readonly offered: readonly string[],
    line?: string,
  ) {
    super(`the server does not speak ${versionRange(offered)} (it answered no version we offered)`, line);
  }
}

/** MSNP2, MSNP3, MSNP4, MSNP5 -> "MSNP2-5"; MSNP5 -> "MSNP5"; a gap is listed: "MSNP3 or MSNP5". */
export function versionRange(offered: readonly string[]): string {
  const numbers = [...new Set(offered.map((p) => /^MSNP(\d+)$/.exec(p)?.[1]).filter((n) => n !== undefined).map(Number))].sort((a, b) => a - b);
  if (numbers.length === 0) return 'any version offered';
  const contiguous = numbers.every((n, i) => i === 0 || n === numbers[i - 1]! + 1);
  if (numbers.length === 1) return `MSNP${numbers[0]}`;
  if (contiguous) return `MSNP${numbers[0]}-${numbers[numbers.length - 1]}`;
  return `${numbers.slice(0, -1).map((n) => `MSNP${n}`).join(', ')} or MSNP${numbers[numbers.length - 1]}`;
}

export type HandshakeResult =
  | { kind: 'redirect'; host: string; port: number; protocol: string }
  | { kind: 'ok'; protocol: string; email: string; nickname: string; verified?: boolean; line: string };

export function md5Response(salt: string, password: string): string {
  return createHash('md5').update(salt + password, 'utf8').digest('hex');
}

/** Picks the dialect the server chose; tolerates servers that echo a list back. */
export function chooseProtocol(offered: readonly string[], replied: readonly string[], warn: Warn, line: string): string {
  const msnp = offered.filter((p) => p !== 'CVR0');
  // 0 (the documented "none"), nothing, only CVR0 or a version never offered: no MSNP in common either way.
  const known = replied.filter((p) => msnp.includes(p));
  if (known.length === 0) throw new NoCommonVersionError(msnp, line);
  if (replied.length > 1) {
    warn('ver-several', 'VER was answered with several versions; the highest offered one is used', line);
  }
  // The offered list is in preference order.
  return msnp.find((p) => known.includes(p))!;
}

export function parseHostPort(value: string): { host: string; port: number } | null {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(value);
  if (!m) return null;
  const port = m[2] === undefined ? 1863 : Number(m[2]);
  if (port < 1 || port > 65535) return null;
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

/** 127.0.0.0/8, ::1 (also IPv4-mapped), or the name localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  const v4 = h.replace(/^::ffff:/, '');
  if (isIP(v4) === 4) return v4.split('.')[0] === '127';
  if (isIP(h) === 6) return /^(0{0,4}:){2,7}0{0,4}1$/.test(h) || h === '::1';
  return false;
}

/**
 * Whether the password may go out as CTP (nearly as it is): only to a server on this computer, or when
 * the caller explicitly allows it. `address` is the address actually connected to, when known; it
 * decides over the name, so a name is trusted only for what it resolved to.
 */
export function mayUsePlainPassword(server: { host: string; address?: string }, allowPlainPassword = false): boolean {
  if (allowPlainPassword) return true;
  return isLoopbackHost(server.address || server.host);
}

/** `phase` hears each step as it starts, so whoever watches the connection can say what a close cut short. */
export async function handshake(
  conn: Connection,
  options: { email: string; password: string; protocols: readonly string[]; allowPlainPassword?: boolean },
  warn: Warn,
  phase: (phase: SignInPhase) => void = () => {},
): Promise<HandshakeResult> {
  phase('version');
  const ver = await conn.request('VER', options.protocols);
  const protocol = chooseProtocol(options.protocols, ver.args, warn, ver.raw);

  phase('password');
  const inf = await conn.request('INF');
  const packages = inf.args;
  let pkg: 'MD5' | 'CTP';
  if (packages.includes('MD5')) pkg = 'MD5';
  else if (packages.includes('CTP')) {
    // Refused before USR I, so not even the address goes to such a server.
    if (!mayUsePlainPassword({ host: conn.remoteHost, address: conn.remoteAddress }, options.allowPlainPassword)) {
      throw new PlainPasswordRefusedError(conn.remoteHost);
    }
    // CTP is documented for MSNP2 only (MSNP3 removed it); MD5 is in MSNP2-7.
    if (protocol !== 'MSNP2') warn('ctp-after-msnp2', `the server offered only CTP, which ${protocol} no longer has`, inf.raw);
    pkg = 'CTP';
  } else throw new ProtocolError(`the server offers no sign-in method this client knows (${wireText(packages.join(', ')) || 'none'})`, inf.raw);

  const first = await conn.request('USR', [pkg, 'I', options.email], { expect: ['USR', 'XFR'] });
  if (first.name === 'XFR') {
    // XFR tr NS host:port [0]
    const [type, address] = first.args;
    if (type !== 'NS' || !address) throw new ProtocolError('the server sent a redirect that could not be read', first.raw);
    if (address === '0') return { kind: 'redirect', host: conn.remoteHost, port: conn.remotePort, protocol };
    const target = parseHostPort(address);
    if (!target) throw new ProtocolError(`the server redirected to an invalid address (${wireText(address)})`, first.raw);
    return { kind: 'redirect', ...target, protocol };
  }
  const challenge = readChallenge(first.args, pkg, warn, first.raw);
  if (challenge === null) return accepted(first.args, protocol, first.raw, warn);

  const secret = pkg === 'MD5' ? md5Response(challenge, options.password) : encodeURIComponent(options.password);
  const second = await conn.request('USR', [pkg, 'S', secret]);
  if (second.args[0] !== 'OK') throw new ProtocolError('the server answered the sign-in with something unexpected', second.raw);
  return accepted(second.args, protocol, second.raw, warn);
}

/** USR tr MD5 S salt, or the wiki's odd `USR tr OK MD5 S salt`. Returns null if the server accepted at once. */
function readChallenge(args: string[], pkg: string, warn: Warn, line: string): string | null {
  if (args[0] === pkg && args[1] === 'S') return args[2] ?? '';
  if (args[0] === 'OK' && args[1] === pkg && args[2] === 'S') {
    warn('usr-ok-challenge', 'the challenge came as USR OK <package> S', line);
    return args[3] ?? '';
  }
  if (args[0] === 'OK' && args[1]?.includes('@')) {
    warn('usr-no-challenge', 'the server accepted the sign-in without a challenge', line);
    return null;
  }
  throw new ProtocolError('the server answered the sign-in with something unexpected', line);
}

function accepted(args: string[], protocol: string, line: string, warn: Warn): HandshakeResult {
  // USR tr OK email [nickname] [verified]
  const email = args[1];
  if (!email) throw new ProtocolError('the server accepted the sign-in but named no account', line);
  const nick = args[2];
  if (nick === undefined) warn('usr-no-nickname', 'USR OK carried no friendly name', line);
  const verified = args[3] === undefined ? undefined : args[3] === '1';
  return { kind: 'ok', protocol, email, nickname: nick ?? email, verified, line };
}
