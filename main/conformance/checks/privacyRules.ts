// Privacy as the server enforces it: someone on the block list cannot call you, and with BLP BL someone not
// on the allow list neither sees you online nor can call you. Each check changes A's lists and privacy
// mode and puts them back exactly at the end.
import { type Check, type CheckContext, fail, isError, type RawSession } from '../check';
import { openSwitchboard } from './conversation';
import { editing } from './listChanges';

const same = (x: string | undefined, y: string): boolean => x?.toLowerCase() === y.toLowerCase();

/**
 * B opens a switchboard and calls A: the call must be refused with 217 and A's notification connection
 * must get no RNG (proved with a PNG on A's connection once B's answer is in).
 */
async function callRefused(ctx: CheckContext, a: RawSession, b: RawSession, why: string): Promise<void> {
  const { sb } = await openSwitchboard(ctx, b);
  const tr = sb.send('CAL', [a.email]);
  const reply = await ctx.expectReply(sb, tr, `CAL ${a.email}`);
  if (reply.name !== '217') {
    const how = isError(reply) ? `refused with ${reply.name}` : `answered with "${reply.raw}"`;
    throw fail(`CAL ${a.email} from ${b.email}, ${why}, was ${how} instead of 217`);
  }
  await ctx.fence(a.ns);
  const ring = a.ns.pending().find((c) => c.name === 'RNG');
  if (ring) throw fail(`A was rung ("${ring.raw}") although the call was refused`);
}

/** Whether a line tells B that A is online (ILN at sign-in or NLN later). */
const showsA = (ctx: CheckContext) => (c: { name: string; args: string[] }) =>
  (c.name === 'ILN' && same(c.args[1], ctx.a.email)) || (c.name === 'NLN' && same(c.args[1], ctx.a.email));

export const PRIVACY_CHECKS: Check[] = [
  {
    id: 'block-cal',
    area: 'privacy',
    title: 'someone on the block list cannot call: CAL gets 217 and no RNG arrives',
    doc: 'commands/cal.md',
    async run(ctx) {
      const a = await ctx.signIn('a');
      const b = await ctx.signIn('b');
      return editing(ctx, a, async (ed) => {
        // Moved from AL to BL, as Messenger's "Block" does.
        if (ed.has('AL', b.email)) await ed.remove('AL', b.email);
        if (!ed.has('BL', b.email)) await ed.add('BL', b.email);
        await callRefused(ctx, a, b, 'whom A blocks');
        return '217, and no RNG on A';
      });
    },
  },
  {
    id: 'blp-bl-fln',
    area: 'privacy',
    title: 'BLP BL and off the allow list: someone who saw you online gets FLN',
    doc: 'commands/blp.md',
    async run(ctx) {
      const a = await ctx.signIn('a');
      return editing(ctx, a, async (aEd) => {
        // First make sure B may see A: off BL, on AL.
        if (aEd.has('BL', ctx.b.email)) await aEd.remove('BL', ctx.b.email);
        if (!aEd.has('AL', ctx.b.email)) await aEd.add('AL', ctx.b.email);
        const b = await ctx.signIn('b');
        return editing(ctx, b, async (bEd) => {
          if (!bEd.has('FL', a.email)) await bEd.add('FL', a.email);
          await ctx.expect(b.ns, showsA(ctx), `ILN or NLN for ${a.email} on B's side before the change`);
          if (aEd.blp !== 'BL') await aEd.setBlp('BL');
          await aEd.remove('AL', b.email);
          // Silence here means the server kept showing A: a failure of privacy, not a missing answer.
          const fln = await b.ns.next((c) => c.name === 'FLN' && same(c.args[0], a.email), ctx.timeoutMs);
          if (!fln)
            throw fail(`B was not sent FLN ${a.email} within ${ctx.timeoutMs / 1000} s of A hiding from B`);
          return `FLN ${a.email}`;
        });
      });
    },
  },
  {
    id: 'blp-bl-hidden',
    area: 'privacy',
    title: 'BLP BL and off the allow list: no ILN at sign-in, and CAL gets 217 with no RNG',
    doc: 'commands/blp.md',
    async run(ctx) {
      const a = await ctx.signIn('a');
      return editing(ctx, a, async (ed) => {
        if (ed.blp !== 'BL') await ed.setBlp('BL');
        for (const list of ['AL', 'BL'] as const)
          if (ed.has(list, ctx.b.email)) await ed.remove(list, ctx.b.email);
        // B must watch A (A on B's forward list), or no ILN would come whatever A's privacy.
        const b = await ctx.signIn('b', { status: null });
        return editing(ctx, b, async (bEd) => {
          if (!bEd.has('FL', a.email)) await bEd.add('FL', a.email);
          const tr = b.ns.send('CHG', ['NLN']);
          const chg = await ctx.expectReply(b.ns, tr, 'CHG NLN');
          if (chg.name !== 'CHG') throw fail(`CHG NLN was answered with "${chg.raw}"`);
          // Every ILN of B's first CHG has come once B's PNG is answered.
          await ctx.fence(b.ns);
          const seen = [...b.received, ...b.ns.pending()].find(showsA(ctx));
          if (seen) throw fail(`B was shown A online ("${seen.raw}") although A allows only its allow list`);
          await callRefused(ctx, a, b, "who is not on A's allow list under BLP BL");
          return 'no ILN for A, CAL answered 217, and no RNG on A';
        });
      });
    },
  },
];
