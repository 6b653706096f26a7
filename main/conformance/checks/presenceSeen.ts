// Presence as the other account sees it: ILN after the first CHG, NLN for each status, FLN, HDN never
// visible, REA seen as NLN with the new name, names URL-encoded on the wire, and CHG's own reply.
import type { Command } from '../../msnp/command';
import { type Check, type CheckContext, fail, notOffered, type RawSession } from '../check';

const STATUSES = ['BSY', 'IDL', 'BRB', 'AWY', 'PHN', 'LUN'];

/** A name with a space, a non-ASCII letter and a '%': each must travel URL-encoded. */
const ODD_NAME = 'Conformance Ñame 100%';

const same = (a: string | undefined, b: string): boolean => a?.toLowerCase() === b.toLowerCase();

/**
 * Makes sure A has B on its forward and allow lists and B has A on its allow list, so each sees the
 * other, runs `body`, and takes off again only what it had to add.
 */
async function seeingEachOther<T>(ctx: CheckContext, body: () => Promise<T>): Promise<T> {
  const needed: ['a' | 'b', string, string][] = [
    ['a', 'FL', ctx.b.email],
    ['a', 'AL', ctx.b.email],
    ['b', 'FL', ctx.a.email],
    ['b', 'AL', ctx.a.email],
  ];
  const added: typeof needed = [];
  try {
    for (const who of ['a', 'b'] as const) {
      const s = await ctx.signIn(who, { status: null });
      for (const [owner, list, email] of needed.filter((n) => n[0] === who)) {
        const tr = s.ns.send('ADD', [list, email, email]);
        const reply = await ctx.expectReply(s.ns, tr, `ADD ${list}`);
        if (reply.name === 'ADD') added.push([owner, list, email]);
        else if (reply.name === '219')
          throw notOffered(
            `${email} is blocked by ${owner === 'a' ? ctx.a.email : ctx.b.email}, so the two cannot see each other`,
          );
        else if (reply.name !== '215') throw fail(`ADD ${list} ${email} was answered with "${reply.raw}"`);
      }
      await signOff(ctx, s);
    }
    return await body();
  } finally {
    // Best effort, account by account: a failure to undo must not hide the check's own outcome.
    for (const who of ['a', 'b'] as const) {
      const mine = added.filter((n) => n[0] === who);
      if (mine.length === 0) continue;
      const s = await ctx.signIn(who, { status: null }).catch(() => null);
      if (!s) continue;
      for (const [, list, email] of mine) await s.ns.reply(s.ns.send('REM', [list, email]), ctx.timeoutMs);
      await signOff(ctx, s);
    }
  }
}

async function signOff(ctx: CheckContext, s: RawSession): Promise<void> {
  s.ns.sendBare('OUT');
  await s.ns.closesWithin(ctx.timeoutMs);
  s.ns.close();
}

/** `NLN status email name`, `ILN tr status email name` or `FLN email` for this address. */
const presenceOf =
  (name: 'NLN' | 'ILN' | 'FLN', email: string) =>
  (c: Command): boolean =>
    c.name === name && same(c.args[name === 'FLN' ? 0 : 1], email);

export const PRESENCE_CHECKS: Check[] = [
  {
    id: 'chg-reply',
    area: 'presence',
    title: 'CHG is answered CHG tr STATUS, nothing more',
    doc: 'commands/chg.md',
    async run(ctx) {
      const s = await ctx.signIn('a', { status: null });
      const tr = s.ns.send('CHG', ['BSY']);
      const reply = await ctx.expectReply(s.ns, tr, 'CHG BSY');
      if (reply.name !== 'CHG' || reply.args[0] !== 'BSY')
        throw fail(`CHG BSY was answered with "${reply.raw}"`);
      if (reply.args.length > 1)
        ctx.deviate('chg-trailing-field', 'CHG was answered with a field after the status', reply.raw);
      return `CHG ${tr} BSY`;
    },
  },
  {
    id: 'iln-after-chg',
    area: 'presence',
    title: 'ILN for each online contact after the first CHG',
    doc: 'commands/iln.md',
    run: (ctx) =>
      seeingEachOther(ctx, async () => {
        await ctx.signIn('b', { status: 'AWY' });
        const a = await ctx.signIn('a', { status: null });
        const tr = a.ns.send('CHG', ['NLN']);
        const iln = await ctx.expect(
          a.ns,
          presenceOf('ILN', ctx.b.email),
          `CHG NLN (the ILN for ${ctx.b.email})`,
        );
        if (iln.args[0] !== 'AWY') throw fail(`ILN said ${iln.args[0]} for a contact who is AWY`);
        if (iln.trId !== tr)
          ctx.deviate('iln-trid', `ILN carried TrID ${iln.trId} instead of the CHG's ${tr}`, iln.raw);
        return `ILN ${tr} AWY ${ctx.b.email}`;
      }),
  },
  {
    id: 'nln-statuses',
    area: 'presence',
    title: 'NLN for each status a contact changes to',
    doc: 'commands/nln.md',
    run: (ctx) =>
      seeingEachOther(ctx, async () => {
        const a = await ctx.signIn('a');
        const b = await ctx.signIn('b');
        await ctx.expect(a.ns, presenceOf('NLN', ctx.b.email), `B's sign-in (NLN)`);
        for (const status of [...STATUSES, 'NLN']) {
          await ctx.expectReply(b.ns, b.ns.send('CHG', [status]), `CHG ${status}`);
          const nln = await ctx.expect(a.ns, presenceOf('NLN', ctx.b.email), `B's CHG ${status} (NLN)`);
          if (nln.args[0] !== status) throw fail(`B changed to ${status} but A was told ${nln.args[0]}`);
        }
        return `NLN for ${STATUSES.join(', ')} and NLN`;
      }),
  },
  {
    id: 'fln',
    area: 'presence',
    title: 'FLN when a contact signs out',
    doc: 'commands/fln.md',
    run: (ctx) =>
      seeingEachOther(ctx, async () => {
        const a = await ctx.signIn('a');
        const b = await ctx.signIn('b');
        await ctx.expect(a.ns, presenceOf('NLN', ctx.b.email), `B's sign-in (NLN)`);
        await signOff(ctx, b);
        const fln = await ctx.expect(a.ns, presenceOf('FLN', ctx.b.email), `B's sign-out (FLN)`);
        if (fln.args.length !== 1)
          ctx.deviate('fln-extra-fields', 'FLN carried more than the address', fln.raw);
        return `FLN ${ctx.b.email}`;
      }),
  },
  {
    id: 'hdn-hidden',
    area: 'presence',
    title: 'HDN is never seen: FLN to contacts, and no ILN at their sign-in',
    doc: 'commands/chg.md',
    run: (ctx) =>
      seeingEachOther(ctx, async () => {
        const a = await ctx.signIn('a');
        const b = await ctx.signIn('b');
        await ctx.expect(a.ns, presenceOf('NLN', ctx.b.email), `B's sign-in (NLN)`);
        await ctx.expectReply(b.ns, b.ns.send('CHG', ['HDN']), 'CHG HDN');
        const gone = await ctx.expect(
          a.ns,
          (c) => presenceOf('FLN', ctx.b.email)(c) || presenceOf('NLN', ctx.b.email)(c),
          `B's CHG HDN (FLN)`,
        );
        // Nothing may follow the FLN either: every line B's change caused is in once A's PNG is answered.
        await ctx.fence(a.ns);
        const shown = gone.name === 'NLN' ? gone : a.ns.pending().find(presenceOf('NLN', ctx.b.email));
        if (shown) throw fail(`a contact who went HDN was shown to others ("${shown.raw}")`);
        await signOff(ctx, a);
        const again = await ctx.signIn('a', { status: null });
        const tr = again.ns.send('CHG', ['NLN']);
        await ctx.expectReply(again.ns, tr, 'CHG NLN');
        await ctx.fence(again.ns);
        const seen = again.ns.pending().find(presenceOf('ILN', ctx.b.email));
        if (seen) throw fail('a hidden contact was listed by ILN at sign-in');
        return 'FLN, and no ILN afterwards';
      }),
  },
  {
    id: 'rea-name',
    area: 'presence',
    title: 'REA: the new name URL-encoded in the reply and in the NLN others see',
    doc: 'commands/rea.md',
    run: (ctx) =>
      seeingEachOther(ctx, async () => {
        const a = await ctx.signIn('a');
        const b = await ctx.signIn('b');
        await ctx.expect(a.ns, presenceOf('NLN', ctx.b.email), `B's sign-in (NLN)`);
        const encoded = encodeURIComponent(ODD_NAME);
        const tr = b.ns.send('REA', [ctx.b.email, encoded]);
        try {
          const reply = await ctx.expectReply(b.ns, tr, 'REA');
          if (reply.name !== 'REA') throw fail(`REA was answered with "${reply.raw}"`);
          if (reply.args[2] !== encoded) nameDeviation(ctx, reply, encoded, 'REA');
          const nln = await ctx.expect(a.ns, presenceOf('NLN', ctx.b.email), 'the NLN for the new name');
          if (nln.args[2] !== encoded) nameDeviation(ctx, nln, encoded, 'NLN');
          return `REA and NLN carry ${encoded}`;
        } finally {
          await b.ns.reply(
            b.ns.send('REA', [ctx.b.email, b.nickOnWire || encodeURIComponent(ctx.b.email)]),
            ctx.timeoutMs,
          );
        }
      }),
  },
];

/**
 * A name that came back other than byte for byte: another spelling of the same escapes passes, raw
 * characters that should have been escaped are a deviation, anything else is a wrong name.
 */
function nameDeviation(ctx: CheckContext, line: Command, encoded: string, where: string): void {
  const got = line.args[2] ?? '';
  const raw = /[^\x21-\x7e]|%(?![0-9a-f]{2})/i.test(got);
  let decoded: string | null = null;
  try {
    decoded = decodeURIComponent(got);
  } catch {
    // A '%' that starts no escape: the name went out unencoded.
  }
  if (!raw && decoded === ODD_NAME) return;
  if (raw || got.includes('Ñ')) {
    ctx.deviate(
      'unencoded-name',
      `${where} carried the name unencoded ("${got}" instead of "${encoded}")`,
      line.raw,
    );
    return;
  }
  throw fail(`${where} carried the name "${got}" instead of "${encoded}"`);
}
