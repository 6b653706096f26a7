// The commands of the sign-in: VER, INF, USR (with the dispatch redirect), CVQ for CVR0, and the ones
// that work at any stage (PNG, OUT). Behaviour follows the protocol documentation for MSNP2-5.
import { type Command, encodeCommand, serializeCommand } from '../msnp/command';
import { newChallenge } from './accounts';
import { writeName } from './fields';
import { initialMailMessage, profileMessage } from './hotmail';
import type { CommandHandler, NsSession } from './nsSession';

/** What a CVR0 (or a post-sign-in CVR) is told about the client: 3.0 is current, 1.0 the oldest allowed. */
export function clientVersionArgs(host: string): string[] {
  return ['3.0.0283', '3.0.0283', '1.0.0863', `http://${host}/download/setup.exe`, `http://${host}/`];
}

function ver(s: NsSession, cmd: Command): void {
  const trId = cmd.trId!;
  if (s.phase !== 'ver') return s.sendError(715, trId);
  const chosen = s.host.protocols.find((p) => cmd.args.includes(p));
  if (chosen) {
    s.protocol = chosen;
    s.phase = 'auth';
    return s.send('VER', trId, [chosen]);
  }
  if (cmd.args.includes('CVR0')) {
    s.phase = 'cvr0';
    return s.send('VER', trId, ['CVR0']);
  }
  s.close(serializeCommand('VER', trId, ['0']));
}

function inf(s: NsSession, cmd: Command): void {
  if (s.phase !== 'auth' && s.phase !== 'challenge') return s.sendError(715, cmd.trId);
  if (s.host.quirks.ctpOnly) return s.send('INF', cmd.trId, ['CTP']);
  // CTP existed only in MSNP2.
  s.send('INF', cmd.trId, s.dialect === 2 ? ['MD5', 'CTP'] : ['MD5']);
}

function usr(s: NsSession, cmd: Command): void {
  const trId = cmd.trId!;
  if (s.phase === 'online') return s.sendError(207, trId);
  const [pkg, stage, value] = cmd.args;
  if (pkg !== 'MD5' && pkg !== 'CTP') return s.close();
  // With ctpOnly, CTP is the one package, in any dialect; otherwise MD5, and CTP in MSNP2.
  if (s.host.quirks.ctpOnly ? pkg !== 'CTP' : pkg === 'CTP' && s.dialect !== 2) return s.close();
  if (stage === 'I') return usrInitial(s, trId, pkg, value);
  if (stage === 'S') return usrSubsequent(s, trId, pkg, value);
  s.sendError(201, trId);
}

/** The one salt a fixedSalt server hands out, at every sign-in. */
export const FIXED_SALT = '1013928519.693957190';

function usrInitial(s: NsSession, trId: number, pkg: 'MD5' | 'CTP', handle: string | undefined): void {
  if (handle === undefined) return s.sendError(200, trId);
  if (s.phase !== 'auth') return s.sendError(715, trId);
  const { host, quirks } = s.host;
  if (s.role === 'dispatch' && !quirks.directSignIn) {
    // Like the real dispatch servers, every handle is sent on: the notification server checks it.
    const address = `${host}:${s.host.nsPort}`;
    return s.close(serializeCommand('XFR', trId, s.dialect >= 3 ? ['NS', address, '0'] : ['NS', address]));
  }
  // An unknown handle still gets a challenge, so that USR I does not reveal which accounts exist.
  s.pendingHandle = handle;
  s.authPackage = pkg;
  s.phase = 'challenge';
  if (pkg === 'CTP') return s.send('USR', trId, ['CTP', 'S']);
  s.salt = quirks.fixedSalt ? FIXED_SALT : newChallenge();
  s.send('USR', trId, ['MD5', 'S', s.salt]);
}

function usrSubsequent(s: NsSession, trId: number, pkg: 'MD5' | 'CTP', secret: string | undefined): void {
  if (s.phase !== 'challenge' || s.pendingHandle === null) return s.sendError(715, trId);
  if (pkg !== s.authPackage) return s.close();
  if (secret === undefined) return s.sendError(200, trId);
  const { store } = s.host;
  const handle = s.pendingHandle;
  const result = pkg === 'CTP' ? store.authenticatePlain(handle, decodeURIComponentSafe(secret)) : store.authenticate(handle, s.salt, secret);
  if (result === 'failed') return s.close(serializeCommand('911', trId));
  if (result === 'unverified') return s.close(serializeCommand('924', trId));
  completeSignIn(s, trId);
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** USR OK, then the Hotmail profile and the mail counts, in one write. */
function completeSignIn(s: NsSession, trId: number): void {
  const { store, quirks, host } = s.host;
  const account = store.get(s.pendingHandle!)!;
  s.account = account;
  s.pendingHandle = null;
  s.phase = 'online';
  s.host.signIn(s);
  const okArgs = ['OK', account.email, writeName(account.nickname, quirks.unencodedNames)];
  if (quirks.usrVerifiedField) okArgs.push(account.verified ? '1' : '0');
  const ok = Buffer.from(serializeCommand('USR', trId, okArgs), 'utf8');
  const profile = encodeCommand('MSG', null, ['Hotmail', 'Hotmail'], profileMessage(account, s.protocol, Math.floor(Date.now() / 1000)));
  if (quirks.closeMidPayload) {
    const payloadStart = profile.indexOf('\r\n') + 2;
    const cut = payloadStart + Math.floor((profile.length - payloadStart) / 2);
    return s.close(Buffer.concat([ok, profile.subarray(0, cut)]));
  }
  const mail = encodeCommand('MSG', null, ['Hotmail', 'Hotmail'], initialMailMessage(account, s.protocol, host));
  s.write(Buffer.concat([ok, profile, mail]));
}

function cvq(s: NsSession, cmd: Command): void {
  if (s.phase !== 'cvr0') return s.sendError(715, cmd.trId);
  s.close(serializeCommand('CVQ', cmd.trId, clientVersionArgs(s.host.host)));
}

function png(s: NsSession): void {
  const seconds = s.host.quirks.qngSeconds;
  s.send('QNG', null, seconds === null ? [] : [String(seconds)]);
}

const LOGIN_TABLE = {
  VER: { trId: true, minArgs: 0, when: 'any', dispatch: true, run: ver },
  INF: { trId: true, minArgs: 0, when: 'any', dispatch: true, run: inf },
  USR: { trId: true, minArgs: 2, when: 'any', dispatch: true, run: usr },
  CVQ: { trId: true, minArgs: 0, when: 'any', dispatch: true, run: cvq },
  OUT: {
    trId: false,
    minArgs: 0,
    when: 'any',
    dispatch: true,
    run: (s) => {
      s.closeReason = 'OUT';
      s.close();
    },
  },
  PNG: { trId: false, minArgs: 0, when: 'any', run: png },
} satisfies Record<string, CommandHandler>;

/** By name in a Map: the name is the client's, and `valueOf` or `__proto__` must be unknown, not found. */
export const LOGIN_HANDLERS: ReadonlyMap<string, CommandHandler> = new Map(Object.entries(LOGIN_TABLE));
