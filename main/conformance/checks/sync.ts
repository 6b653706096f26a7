// SYN: one reply line, GTC and BLP before the lists, LST lines in list order with their index and total,
// BPR right after the contact it belongs to, and a list version kept with the account across sign-ins.
import type { Command } from '../../msnp/command';
import { type Check, type CheckContext, fail, type RawSession } from '../check';
import { withOnList } from '../session';

const LISTS = ['FL', 'AL', 'BL', 'RL'];

/** The SYN reply as it came: everything between USR OK and the fence that belongs to the SYN's TrID or is a BPR. */
function syncLines(s: RawSession): Command[] {
  return s.received.filter((c) => c.trId === s.synTrId || c.name === 'BPR');
}

export const SYNC_CHECKS: Check[] = [
  {
    id: 'syn-reply',
    area: 'sync',
    title: 'SYN 0 is answered once, with a list version',
    doc: 'commands/syn.md',
    async run(ctx) {
      const s = await ctx.signIn('a', { status: null });
      const replies = syncLines(s).filter((c) => c.name === 'SYN');
      if (!/^\d+$/.test(replies[0]?.args[0] ?? ''))
        throw fail(`the SYN reply "${replies[0]?.raw}" names no list version`);
      if (replies.length > 1)
        ctx.deviate('syn-reply-twice', `the SYN reply line came ${replies.length} times`, replies[1]!.raw);
      return `list version ${s.listVersion}`;
    },
  },
  {
    id: 'syn-gtc-blp',
    area: 'sync',
    title: 'a full SYN sends GTC and BLP before the lists',
    doc: 'commands/syn.md',
    async run(ctx) {
      const s = await ctx.signIn('a', { status: null });
      const lines = syncLines(s);
      const firstList = lines.findIndex((c) => c.name === 'LST');
      for (const name of ['GTC', 'BLP']) {
        const at = lines.findIndex((c) => c.name === name);
        if (at === -1) ctx.deviate('gtc-blp-missing', `a full SYN reply left out ${name}`);
        else if (firstList !== -1 && at > firstList)
          ctx.deviate('gtc-blp-after-lists', `${name} came after the lists had started`, lines[at]!.raw);
        else if (lines[at]!.args[0] !== String(s.listVersion))
          ctx.deviate('gtc-blp-version', `${name} carried another list version`);
      }
      return 'GTC and BLP, then the lists';
    },
  },
  {
    id: 'syn-lst-fields',
    area: 'sync',
    title: 'LST: list, version, index, total, address, name; lists in order',
    doc: 'commands/lst.md',
    async run(ctx) {
      const s = await ctx.signIn('a', { status: null });
      const lsts = syncLines(s).filter((c) => c.name === 'LST');
      const seen: string[] = [];
      let swapped: string | undefined;
      for (const list of LISTS) {
        const lines = lsts.filter((c) => c.args[0] === list);
        if (lines.length === 0) throw fail(`the SYN reply had no LST line for ${list}`);
        seen.push(list);
        const [, version, index, total] = lines[0]!.args;
        if (version !== String(s.listVersion))
          throw fail(`LST ${list} carried version ${version}, not ${s.listVersion}`);
        const count = Number(total);
        if (count === 0) {
          if (lines.length !== 1 || index !== '0')
            throw fail(`the empty ${list} was not sent as one "LST ${list} v 0 0" line`);
          continue;
        }
        if (lines.length !== count && !(lines.length === Number(index) && Number(index) > 1))
          throw fail(`${list} had ${lines.length} LST lines for a total of ${total}`);
        lines.forEach((line, i) => {
          const [, , idx, tot, email, nick] = line.args;
          if (idx === String(lines.length) && tot === String(i + 1) && idx !== tot) swapped ??= line.raw;
          else if (idx !== String(i + 1) || tot !== String(lines.length))
            throw fail(`"${line.raw}" is out of order or miscounted`);
          if (!email?.includes('@') || nick === undefined)
            throw fail(`"${line.raw}" has no address and name`);
        });
      }
      const order = lsts.map((c) => c.args[0]).filter((l, i, all) => all.indexOf(l) === i);
      if (order.join() !== LISTS.join())
        ctx.deviate('lst-list-order', `the lists came as ${order.join(', ')}`);
      if (swapped !== undefined)
        ctx.deviate(
          'lst-index-swapped',
          'LST lines carry the total where the index belongs and the index where the total belongs',
          swapped,
        );
      return `${lsts.length} LST lines`;
    },
  },
  {
    id: 'syn-bpr',
    area: 'sync',
    title: 'BPR follows the LST FL line of its contact',
    doc: 'commands/bpr.md',
    async run(ctx) {
      const b = await ctx.signIn('b', { status: null });
      // B's own number as the sync gave it, put back at the end (none: cleared).
      const kept = b.received.find((c) => c.name === 'PRP' && c.trId === b.synTrId && c.args[1] === 'PHH')
        ?.args[2];
      const prp = b.ns.send('PRP', ['PHH', '555%200100']);
      const set = await ctx.expectReply(b.ns, prp, 'PRP PHH');
      if (set.name !== 'PRP') throw fail(`PRP PHH was answered with "${set.raw}"`);
      try {
        await withOnList(ctx, 'a', 'FL', ctx.b.email, async () => {
          const a = await ctx.signIn('a', { status: null });
          const lines = syncLines(a);
          const at = lines.findIndex(
            (c) =>
              c.name === 'LST' &&
              c.args[0] === 'FL' &&
              c.args[4]?.toLowerCase() === ctx.b.email.toLowerCase(),
          );
          if (at === -1) throw fail(`${ctx.b.email} was not in A's forward list after ADD FL`);
          let i = at + 1;
          while (lines[i]?.name === 'BPR') i++;
          const own = lines.slice(at + 1, i);
          if (!own.some((c) => c.args.includes('PHH'))) {
            if (lines.some((c) => c.name === 'BPR' && c.args.includes('PHH')))
              ctx.deviate('bpr-misplaced', 'the BPR lines did not follow their contact');
            else throw fail('no BPR PHH came for a contact who had set a home number');
          }
          if (own.some((c) => c.args.length > 2 && c.args[0]?.includes('@')))
            ctx.deviate('bpr-with-address', 'BPR in the sync named the contact, as later dialects do');
        });
      } finally {
        const restore = b.ns.send('PRP', kept === undefined ? ['PHH'] : ['PHH', kept]);
        await b.ns.reply(restore, ctx.timeoutMs);
      }
      return 'BPR PHH right after its LST line';
    },
  },
  {
    id: 'syn-version-kept',
    area: 'sync',
    title: 'the list version is kept across sign-ins (SYN with it: no lists)',
    doc: 'commands/syn.md',
    async run(ctx) {
      const first = await ctx.signIn('a', { status: null });
      const version = first.listVersion!;
      const second = await ctx.signIn('a', { status: null, syncVersion: version });
      const again = syncLines(second);
      if (second.listVersion !== version)
        ctx.deviate(
          'syn-version-not-kept',
          `a second sign-in with version ${version} was answered with version ${second.listVersion}`,
        );
      if (again.some((c) => c.name === 'LST'))
        ctx.deviate('syn-lists-again', `an up-to-date SYN ${version} got the lists again`);
      return `SYN ${version} answered with nothing more`;
    },
  },
  {
    id: 'syn-version-advances',
    area: 'sync',
    title: 'a change raises the list version, and an old version gets the lists again',
    doc: 'commands/syn.md',
    async run(ctx) {
      const first = await ctx.signIn('a', { status: null });
      const before = first.listVersion!;
      const blp = first.received.find((c) => c.name === 'BLP')?.args[1] ?? 'AL';
      const other = blp === 'AL' ? 'BL' : 'AL';
      let changed: number;
      try {
        changed = await setBlp(ctx, first, other);
      } finally {
        // Whatever happened, the privacy mode goes back: left at AL, the account would be open to everyone.
        await first.ns.reply(first.ns.send('BLP', [blp]), ctx.timeoutMs);
      }
      if (!(changed > before))
        throw fail(`BLP ${other} was answered with version ${changed}, not above ${before}`);
      const later = await ctx.signIn('a', { status: null, syncVersion: before });
      if (!(later.listVersion! > before))
        ctx.deviate(
          'syn-version-not-kept',
          `SYN ${before} after a change was answered with version ${later.listVersion}`,
        );
      else if (!syncLines(later).some((c) => c.name === 'LST'))
        throw fail(`SYN ${before} after a change did not send the lists`);
      return `version ${before}, then ${later.listVersion}`;
    },
  },
];

async function setBlp(ctx: CheckContext, s: RawSession, value: string): Promise<number> {
  const tr = s.ns.send('BLP', [value]);
  const reply = await ctx.expectReply(s.ns, tr, `BLP ${value}`);
  if (reply.name !== 'BLP') throw fail(`BLP ${value} was answered with "${reply.raw}"`);
  return Number(reply.args[0]);
}
