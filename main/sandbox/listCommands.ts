// The list commands of a signed-in session: SYN, LST, ADD, REM, REA, BLP, GTC and PRP. The account
// store decides; these handlers answer, and tell the other people concerned who are online.
import type { Command } from '../msnp/command';
import type { Refused } from './accounts';
import { writeName, writePhone } from './fields';
import type { CommandHandler, NsSession } from './nsSession';
import { audience, announce, initialPresenceLine } from './presence';
import { hasPhones, listLines, syncReplyPieces } from './syncReply';

const VERSION_FIELD = /^\d{1,10}$/;

function refuse(s: NsSession, trId: number, r: Refused): void {
  if ('error' in r) s.sendError(r.error === 205 && s.host.quirks.unknownAs207 ? 207 : r.error, trId);
  else s.close();
}

function syn(s: NsSession, cmd: Command): void {
  const field = cmd.args[0]!;
  if (!VERSION_FIELD.test(field)) return s.sendError(201, cmd.trId);
  const account = s.account!;
  const { quirks } = s.host;
  // perConnectionSynVersion: the version counts from 1 at this connection's sign-in instead of being the account's.
  const version = quirks.perConnectionSynVersion ? account.listVersion - s.versionBase : account.listVersion;
  s.writePieces(syncReplyPieces(s.host.store, account, cmd.trId!, Number(field), s.protocol, quirks, version));
}

function lst(s: NsSession, cmd: Command): void {
  const list = cmd.args[0];
  if (list !== 'FL' && list !== 'AL' && list !== 'BL' && list !== 'RL') return s.sendError(201, cmd.trId);
  // Outside SYN, LST carries no phone properties.
  s.write(listLines(s.host.store, s.account!, list, cmd.trId!, false, s.host.quirks));
}

function add(s: NsSession, cmd: Command): void {
  const host = s.host;
  const owner = s.account!;
  const trId = cmd.trId!;
  const [list, handle, name] = cmd.args as [string, string, string];
  // Allow and block lists decide who sees the owner, so watch presence across the change.
  const before = list === 'AL' || list === 'BL' ? audience(host, owner) : null;
  const r = host.store.addToList(owner, list, handle, name);
  if (!r.ok) return refuse(s, trId, r);
  const raw = host.quirks.unencodedNames;
  s.send('ADD', trId, [r.list, String(r.version), r.entry.email, writeName(r.entry.nickname, raw)]);
  host.events.fire('listChanged', { email: owner.email, list: r.list, change: 'add', contact: r.entry.email, version: r.version });
  if (before) announce(host, owner, before, false);
  if (r.list !== 'FL' || !r.reverse) return;
  if (s.presenceReady) {
    const iln = initialPresenceLine(host, s, r.contact, trId);
    if (iln) s.write(iln);
  }
  const target = r.reverse.account;
  host.events.fire('listChanged', { email: target.email, list: 'RL', change: 'add', contact: owner.email, version: r.reverse.version });
  const ts = host.sessionOf(target);
  if (!ts) return;
  const who = [owner.email, writeName(owner.nickname, raw)];
  ts.send('ADD', 0, host.quirks.rlAddWithoutVersion ? ['RL', ...who] : ['RL', String(r.reverse.version), ...who]);
}

function rem(s: NsSession, cmd: Command): void {
  const host = s.host;
  const owner = s.account!;
  const trId = cmd.trId!;
  const [list, handle] = cmd.args as [string, string];
  const before = list === 'AL' || list === 'BL' ? audience(host, owner) : null;
  const r = host.store.removeFromList(owner, list, handle);
  if (!r.ok) return refuse(s, trId, r);
  s.send('REM', trId, [r.list, String(r.version), r.email]);
  host.events.fire('listChanged', { email: owner.email, list: r.list, change: 'remove', contact: r.email, version: r.version });
  if (before) announce(host, owner, before, false);
  if (!r.reverse) return;
  const target = r.reverse.account;
  host.events.fire('listChanged', { email: target.email, list: 'RL', change: 'remove', contact: owner.email, version: r.reverse.version });
  host.sessionOf(target)?.send('REM', 0, ['RL', String(r.reverse.version), owner.email]);
}

function rea(s: NsSession, cmd: Command): void {
  const host = s.host;
  const owner = s.account!;
  const [handle, name] = cmd.args as [string, string];
  const before = audience(host, owner);
  const r = host.store.rename(owner, handle, name);
  if (!r.ok) return refuse(s, cmd.trId!, r);
  s.send('REA', cmd.trId, [String(r.version), r.email, writeName(r.name, host.quirks.unencodedNames)]);
  // Your own new name reaches everyone who can see you; a stored name is yours alone.
  announce(host, owner, before, r.self);
}

function blp(s: NsSession, cmd: Command): void {
  const host = s.host;
  const owner = s.account!;
  const before = audience(host, owner);
  const r = host.store.setBlp(owner, cmd.args[0]!);
  if (!r.ok) return refuse(s, cmd.trId!, r);
  s.send('BLP', cmd.trId, [String(r.version), r.value]);
  announce(host, owner, before, false);
}

function gtc(s: NsSession, cmd: Command): void {
  const r = s.host.store.setGtc(s.account!, cmd.args[0]!);
  if (!r.ok) return refuse(s, cmd.trId!, r);
  s.send('GTC', cmd.trId, [String(r.version), r.value]);
}

function prp(s: NsSession, cmd: Command): void {
  const host = s.host;
  const owner = s.account!;
  const [key, value] = cmd.args as [string, string | undefined];
  const r = host.store.setPhone(owner, key, value);
  if (!r.ok) return refuse(s, cmd.trId!, r);
  const valueArgs = r.value === undefined ? [r.key] : [r.key, writePhone(r.value)];
  s.send('PRP', cmd.trId, [String(r.version), ...valueArgs]);
  for (const { account, version } of r.watchers) {
    const ws = host.sessionOf(account);
    if (ws && hasPhones(ws.protocol)) ws.send('BPR', null, [String(version), owner.email, ...valueArgs]);
  }
}

const LIST_TABLE = {
  SYN: { trId: true, minArgs: 1, when: 'online', run: syn },
  LST: { trId: true, minArgs: 1, when: 'online', run: lst },
  ADD: { trId: true, minArgs: 3, when: 'online', run: add },
  REM: { trId: true, minArgs: 2, when: 'online', run: rem },
  REA: { trId: true, minArgs: 2, when: 'online', run: rea },
  BLP: { trId: true, minArgs: 1, when: 'online', run: blp },
  GTC: { trId: true, minArgs: 1, when: 'online', run: gtc },
  PRP: { trId: true, minArgs: 1, when: 'online', since: 5, run: prp },
} satisfies Record<string, CommandHandler>;

/** By name in a Map: the name is the client's, and `valueOf` or `__proto__` must be unknown, not found. */
export const LIST_HANDLERS: ReadonlyMap<string, CommandHandler> = new Map(Object.entries(LIST_TABLE));
