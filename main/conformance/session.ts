// A sign-in done by hand, line by line, so each step can be checked as the server answered it: VER, INF,
// USR MD5 I (following one XFR NS), USR MD5 S, then SYN and CHG. Anything a documented server would not
// do ends the check (a deviation the sign-in itself meets is recorded, not hidden).
import { md5Response, parseHostPort } from '../msnp/nsLogin';
import type { Command } from '../msnp/command';
import { type CheckContext, fail, isError, type RawSession, type SignInOptions } from './check';
import type { WireClient } from './wire';

/** What VER and INF settled on a fresh connection. */
export interface Negotiated {
  protocol: string;
  /** The password package to use: MD5, or CTP when the server offers only that. */
  pkg: 'MD5' | 'CTP';
}

/**
 * VER, then INF, on a fresh connection. Deviations are only recorded when `record` is set: the sign-in
 * checks report them, and every other check, which merely needs a session, tolerates them quietly.
 */
export async function negotiate(
  ctx: CheckContext,
  client: WireClient,
  protocols: readonly string[],
  record = false,
): Promise<Negotiated> {
  const verTr = client.send('VER', [...protocols, 'CVR0']);
  const ver = await ctx.expectReply(client, verTr, 'VER');
  const chosen = ver.args.filter((v) => v !== 'CVR0');
  if (ver.name !== 'VER' || chosen.length === 0 || chosen[0] === '0')
    throw fail(`the server accepted none of ${protocols.join(', ')} (it answered "${ver.raw}")`);
  if (chosen.length > 1 && record)
    ctx.deviate('ver-several', `VER was answered with several dialects (${chosen.join(' ')})`);
  const protocol = protocols.find((p) => chosen.includes(p));
  if (!protocol) throw fail(`VER was answered with ${chosen.join(' ')}, which was not offered`);
  const infTr = client.send('INF');
  const inf = await ctx.expectReply(client, infTr, 'INF');
  if (inf.name !== 'INF') throw fail(`INF was answered with "${inf.raw}"`);
  if (inf.args.includes('MD5')) return { protocol, pkg: 'MD5' };
  if (!inf.args.includes('CTP'))
    throw fail(`INF offered ${inf.args.join(', ') || 'nothing'}: neither MD5 nor CTP`);
  if (!ctx.allowPlainPassword)
    throw fail(
      'the server wants the password in plain text (CTP only), which this run sends only to this computer or with --allow-plain-password',
    );
  return { protocol, pkg: 'CTP' };
}

/** Reads the challenge: `USR tr MD5 S salt`, or `USR tr CTP S` (no salt). */
function challengeOf(reply: Command, pkg: Negotiated['pkg']): string | null {
  if (reply.name !== 'USR' || reply.args[0] !== pkg || reply.args[1] !== 'S') return null;
  return pkg === 'CTP' ? '' : (reply.args[2] ?? null);
}

export async function signInRaw(
  ctx: CheckContext,
  who: 'a' | 'b',
  options: SignInOptions = {},
): Promise<RawSession> {
  const account = who === 'a' ? ctx.a : ctx.b;
  const protocols = options.protocols ?? ctx.protocols;
  let client = await ctx.connect(`${who}/ds`);
  let { protocol, pkg } = await negotiate(ctx, client, protocols);
  let usrTr = client.send('USR', [pkg, 'I', account.email]);
  let reply = await ctx.expectReply(client, usrTr, 'USR MD5 I');
  let redirected = false;
  if (reply.name === 'XFR') {
    const to = reply.args[0] === 'NS' ? parseHostPort(reply.args[1] ?? '') : null;
    if (!to) throw fail(`the dispatch server's XFR could not be read ("${reply.raw}")`);
    client.close();
    redirected = true;
    client = await ctx.connect(`${who}/ns`, to);
    ({ protocol, pkg } = await negotiate(ctx, client, protocols));
    usrTr = client.send('USR', [pkg, 'I', account.email]);
    reply = await ctx.expectReply(client, usrTr, 'USR MD5 I');
  }
  if (isError(reply)) throw fail(`USR ${pkg} I for ${account.email} was refused with ${reply.name}`);
  const salt = challengeOf(reply, pkg);
  if (salt === null) throw fail(`USR ${pkg} I was answered with "${reply.raw}" instead of a challenge`);
  const secret = pkg === 'MD5' ? md5Response(salt, account.password) : encodeURIComponent(account.password);
  const okTr = client.send('USR', [pkg, 'S', secret]);
  const ok = await ctx.expectReply(client, okTr, `USR ${pkg} S`);
  if (isError(ok)) throw fail(`the server refused the password of ${account.email} with ${ok.name}`);
  if (ok.name !== 'USR' || ok.args[0] !== 'OK') throw fail(`USR MD5 S was answered with "${ok.raw}"`);
  const session: RawSession = {
    who,
    email: account.email,
    ns: client,
    protocol,
    nickOnWire: ok.args[2] ?? '',
    salt,
    redirected,
    received: [],
    synTrId: null,
    listVersion: null,
  };
  const syncVersion = options.syncVersion === undefined ? 0 : options.syncVersion;
  if (syncVersion !== null) {
    const synTr = client.send('SYN', [String(syncVersion)]);
    // Everything the SYN brings arrives before the answer to a PNG sent after it.
    await ctx.fence(client);
    session.received = client.drain();
    const syn = session.received.find((c) => c.trId === synTr);
    if (!syn) throw fail(`SYN ${syncVersion} was never answered, although a PNG after it was`);
    if (syn.name !== 'SYN') throw fail(`SYN ${syncVersion} was answered with "${syn.raw}"`);
    session.synTrId = synTr;
    session.listVersion = Number(syn.args[0]);
  } else {
    session.received = client.drain();
  }
  const status = options.status === undefined ? 'NLN' : options.status;
  if (status !== null) {
    const chgTr = client.send('CHG', [status]);
    const chg = await ctx.expectReply(client, chgTr, 'CHG');
    if (chg.name !== 'CHG') throw fail(`CHG ${status} was answered with "${chg.raw}"`);
  }
  return session;
}

/** Signs out with OUT and waits (bounded) for the server to close. */
export async function signOut(ctx: CheckContext, session: RawSession): Promise<void> {
  session.ns.sendBare('OUT');
  await session.ns.closesWithin(ctx.timeoutMs);
  session.ns.close();
}

/**
 * Runs `body` with an address on one of an account's lists, putting it there first in a session of its own when
 * it is not (215, already there, is fine) and taking it off again afterwards, whatever `body` did: the checks run
 * against real accounts and leave their lists as they found them.
 */
export async function withOnList<T>(
  ctx: CheckContext,
  who: 'a' | 'b',
  list: string,
  email: string,
  body: () => Promise<T>,
): Promise<T> {
  const s = await ctx.signIn(who, { status: null });
  const tr = s.ns.send('ADD', [list, email, email]);
  const reply = await ctx.expectReply(s.ns, tr, `ADD ${list}`);
  if (reply.name !== 'ADD' && reply.name !== '215')
    throw fail(`ADD ${list} ${email} was answered with "${reply.raw}"`);
  await signOut(ctx, s);
  try {
    return await body();
  } finally {
    if (reply.name === 'ADD') {
      // Best effort: a failure to undo must not hide the check's own outcome.
      const undo = await ctx.signIn(who, { status: null }).catch(() => null);
      if (undo) {
        await undo.ns.reply(undo.ns.send('REM', [list, email]), ctx.timeoutMs);
        await signOut(ctx, undo);
      }
    }
  }
}
