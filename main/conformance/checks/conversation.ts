// A switchboard conversation set up by hand, step by step, for the switchboard checks: XFR SB and USR on
// the caller's side, CAL and the ring (RNG) on the callee's notification connection, ANS with its IRO
// lines, and the JOI the caller gets. Only the check that is about a step records its deviations; every
// other check merely needs the conversation and tolerates them quietly.
import { type Command, parseCommand } from '../../msnp/command';
import { parseHostPort } from '../../msnp/nsLogin';
import { type CheckContext, fail, isError, type RawSession } from '../check';
import type { WireClient } from '../wire';

export interface Conversation {
  a: RawSession;
  b: RawSession;
  /** A's switchboard connection (the caller's). */
  aSb: WireClient;
  /** B's switchboard connection (the one who answered the ring). */
  bSb: WireClient;
  sessionId: string;
}

/** Which step's deviations a check records: the call (CAL, RNG) or the answer (IRO, ANS, JOI). */
export type Step = 'call' | 'answer' | null;

const sameHandle = (x: string | undefined, y: string): boolean => x?.toLowerCase() === y.toLowerCase();

/** XFR SB on the notification connection, then USR on the switchboard it names. */
export async function openSwitchboard(
  ctx: CheckContext,
  s: RawSession,
): Promise<{ sb: WireClient; xfr: Command; usr: Command }> {
  const tr = s.ns.send('XFR', ['SB']);
  const xfr = await ctx.expectReply(s.ns, tr, 'XFR SB');
  if (isError(xfr)) throw fail(`XFR SB was refused with ${xfr.name}`);
  const [type, address, method, cookie] = xfr.args;
  const to = parseHostPort(address ?? '');
  if (xfr.name !== 'XFR' || type !== 'SB' || !to || method !== 'CKI' || !cookie)
    throw fail(`XFR SB was answered with "${xfr.raw}" instead of XFR ${tr} SB host:port CKI cookie`);
  const sb = await ctx.connect(`${s.who}/sb`, to);
  const usrTr = sb.send('USR', [s.email, cookie]);
  const usr = await ctx.expectReply(sb, usrTr, 'USR on the switchboard');
  if (usr.name !== 'USR' || usr.args[0] !== 'OK' || !sameHandle(usr.args[1], s.email))
    throw fail(
      `USR with the XFR cookie was answered with "${usr.raw}" instead of USR ${usrTr} OK ${s.email} name`,
    );
  return { sb, xfr, usr };
}

/** A's CAL of B, answered RINGING, and the RNG it sets off on B's notification connection. */
async function call(
  ctx: CheckContext,
  aSb: WireClient,
  a: RawSession,
  b: RawSession,
  record: boolean,
): Promise<{ sessionId: string; cookie: string; address: { host: string; port: number } }> {
  const tr = aSb.send('CAL', [b.email]);
  const cal = await ctx.expectReply(aSb, tr, `CAL ${b.email}`);
  if (cal.name !== 'CAL' || cal.args[0] !== 'RINGING' || !cal.args[1])
    throw fail(`CAL ${b.email} was answered with "${cal.raw}" instead of CAL ${tr} RINGING session-id`);
  const sessionId = cal.args[1];
  const rng = await ctx.expect(b.ns, (c) => c.name === 'RNG', `the ring (RNG) on ${b.email}'s connection`);
  const [rngId, address, cki, cookie, inviter] = rng.args;
  const to = parseHostPort(address ?? '');
  if (!to || cki !== 'CKI' || !cookie || rng.args.length < 6)
    throw fail(`the ring could not be read: "${rng.raw}"`);
  if (rngId !== sessionId) throw fail(`RNG named session ${rngId} but CAL said ${sessionId}`);
  if (!sameHandle(inviter, a.email)) throw fail(`RNG named ${inviter} as the caller instead of ${a.email}`);
  if (record && !/^\d+$/.test(sessionId))
    ctx.deviate(
      'session-id-not-numeric',
      `the switchboard session id "${sessionId}" is not the documented decimal number`,
      cal.raw,
    );
  return { sessionId, cookie, address: to };
}

/**
 * B answers: IRO lines naming everyone present (A), then ANS OK; a JOI on B's side before ANS OK (for
 * B itself or anyone) is the deviation joi-before-iro. The order is read from the evidence, which keeps
 * B's lines exactly as they came.
 */
async function answer(
  ctx: CheckContext,
  b: RawSession,
  a: RawSession,
  ring: { sessionId: string; cookie: string; address: { host: string; port: number } },
  record: boolean,
): Promise<WireClient> {
  const bSb = await ctx.connect('b/sb', ring.address);
  const tr = bSb.send('ANS', [b.email, ring.cookie, ring.sessionId]);
  const ans = await ctx.expect(
    bSb,
    (c) => (c.trId === tr && c.name !== 'IRO') || (c.trId === null && isError(c)),
    'ANS',
  );
  if (ans.name !== 'ANS' || ans.args[0] !== 'OK')
    throw fail(`ANS was answered with "${ans.raw}" instead of IRO lines and ANS ${tr} OK`);
  const lines = ctx.evidence
    .filter((e) => e.connection === bSb.label && e.direction === 'S')
    .map((e) => parseCommand(e.line, 'server'));
  const before = lines.slice(
    0,
    lines.findIndex((c) => c.name === 'ANS'),
  );
  bSb.drain();
  const iros = before.filter((c) => c.name === 'IRO');
  if (iros.length === 0) throw fail(`ANS OK came without an IRO line naming ${a.email}`);
  iros.forEach((iro, i) => {
    const [index, total] = iro.args;
    if (iro.trId !== tr || index !== String(i + 1) || total !== String(iros.length) || iro.args.length < 4)
      throw fail(`"${iro.raw}" is not IRO ${tr} ${i + 1} ${iros.length} handle name`);
  });
  if (!iros.some((c) => sameHandle(c.args[2], a.email)))
    throw fail(`the IRO lines did not name the caller ${a.email}`);
  const joi = before.find((c) => c.name === 'JOI');
  if (record && joi)
    ctx.deviate(
      'joi-before-iro',
      `the one answering was sent ${joi.raw} before ANS OK, where only IRO lines belong`,
      joi.raw,
    );
  return bSb;
}

/** B and A signed in (NLN), A opens a switchboard and calls B, B answers, A sees B join. */
export async function converse(ctx: CheckContext, step: Step = null): Promise<Conversation> {
  const b = await ctx.signIn('b');
  const a = await ctx.signIn('a');
  const { sb: aSb } = await openSwitchboard(ctx, a);
  const ring = await call(ctx, aSb, a, b, step === 'call');
  const bSb = await answer(ctx, b, a, ring, step === 'answer');
  const joi = await ctx.expect(aSb, (c) => c.name === 'JOI', `JOI for ${b.email} on the caller's side`);
  if (!sameHandle(joi.args[0], b.email) || joi.args.length < 2)
    throw fail(`the caller was sent "${joi.raw}" instead of JOI ${b.email} name`);
  return { a, b, aSb, bSb, sessionId: ring.sessionId };
}

/** The next MSG on `to`, which must be `from`'s payload byte for byte. */
export async function expectRelayed(
  ctx: CheckContext,
  to: WireClient,
  from: RawSession,
  payload: string,
  what: string,
): Promise<Command> {
  const msg = await ctx.expect(to, (c) => c.name === 'MSG', what);
  if (!sameHandle(msg.args[0], from.email))
    throw fail(`${what} came as "${msg.raw}", not from ${from.email}`);
  if (msg.payload?.toString('utf8') !== payload) throw fail(`${what} arrived changed`);
  return msg;
}

const TEXT_HEAD = 'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n';

/** A plain text message, with the font header Messenger 3.0 sends. */
export function textMessage(body: string): string {
  return `${TEXT_HEAD}X-MMS-IM-Format: FN=Arial; EF=; CO=0; CS=0; PF=22\r\n\r\n${body}`;
}
