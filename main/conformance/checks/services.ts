// The notification server's services: PNG/QNG, URL, the member directory (FND), e-mail invitations (SDC,
// and SND in the dialects before MSNP5), pages (PAG), phone properties reaching a watcher (BPR), and the
// ways a session ends (OUT, OUT OTH).
import type { Command } from '../../msnp/command';
import { type Check, type CheckContext, fail, isError, notOffered, type RawSession } from '../check';
import { withOnList } from '../session';

/** The value of one of the account's own properties as its SYN gave it (`PRP tr version KEY value`). */
function ownProperty(s: RawSession, key: string): string | undefined {
  return s.received.find((c) => c.name === 'PRP' && c.trId === s.synTrId && c.args[1] === key)?.args[2];
}

async function setProperty(ctx: CheckContext, s: RawSession, key: string, value?: string): Promise<Command> {
  const tr = s.ns.send('PRP', value === undefined ? [key] : [key, value]);
  const reply = await ctx.expectReply(s.ns, tr, `PRP ${key}`);
  if (reply.name !== 'PRP') throw fail(`PRP ${key} ${value ?? ''} was answered with "${reply.raw}"`);
  return reply;
}

/** Puts properties back as they were; a failure here must not hide the check's own outcome. */
async function restoreProperties(
  ctx: CheckContext,
  s: RawSession,
  values: Record<string, string | undefined>,
): Promise<void> {
  for (const [key, value] of Object.entries(values)) {
    if (s.ns.isClosed) return;
    const tr = s.ns.send('PRP', value === undefined ? [key] : [key, value]);
    await s.ns.reply(tr, ctx.timeoutMs);
  }
}

const decode = (field: string | undefined): string => {
  try {
    return decodeURIComponent(field ?? '');
  } catch {
    return field ?? '';
  }
};

const FIND_FIELDS = ['fname', 'lname', 'city', 'state', 'country'];

/** FND and every line of its answer: the results, or null for 301 (too many to send). */
async function find(ctx: CheckContext, s: RawSession, query: string[]): Promise<Command[] | null> {
  const tr = s.ns.send('FND', query);
  const first = await ctx.expectReply(s.ns, tr, 'FND');
  if (first.name === '502') throw notOffered('FND was answered with 502: the member directory is gone');
  if (first.name === '301') return null;
  if (first.name !== 'FND') throw fail(`FND was answered with "${first.raw}"`);
  if (first.args.join(' ') === '0 0') return [];
  const total = Number(first.args[1]);
  if (!Number.isSafeInteger(total) || total < 1) throw fail(`"${first.raw}" names no number of results`);
  const lines = [first];
  while (lines.length < total)
    lines.push(
      await ctx.expect(s.ns, (c) => c.trId === tr && c.name === 'FND', 'the rest of the FND results'),
    );
  lines.forEach((line, i) => {
    const names = line.args.slice(2).map((f) => f.split('=')[0]);
    if (
      line.args[0] !== String(i + 1) ||
      line.args[1] !== String(total) ||
      names.join() !== FIND_FIELDS.join()
    )
      throw fail(`"${line.raw}" is not FND ${tr} ${i + 1} ${total} fname= lname= city= state= country=`);
  });
  return lines;
}

const usableUrl = (value: string | undefined): boolean => {
  try {
    const url = new URL(value ?? '');
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
};

const PAGE = '<TEXT xml:space="preserve">a page from the msnp conformance run</TEXT>';

export const SERVICE_CHECKS: Check[] = [
  {
    id: 'png-qng',
    area: 'services',
    title: 'PNG is answered with a bare QNG',
    doc: 'commands/qng.md',
    async run(ctx) {
      const a = await ctx.signIn('a', { syncVersion: null, status: null });
      a.ns.sendBare('PNG');
      const qng = await ctx.expect(a.ns, (c) => c.name === 'QNG', 'PNG');
      if (qng.args.length > 0) {
        if (!/^\d+$/.test(qng.args[0]!)) throw fail(`PNG was answered with "${qng.raw}"`);
        ctx.deviate(
          'qng-interval',
          `QNG carried a next-ping interval (${qng.args[0]} s), which only MSNP9 added`,
          qng.raw,
        );
      }
      return 'QNG';
    },
  },
  {
    id: 'url-inbox',
    area: 'services',
    title: 'URL INBOX names an address to open and one to post to',
    doc: 'commands/url.md',
    async run(ctx) {
      const a = await ctx.signIn('a', { status: null });
      const tr = a.ns.send('URL', ['INBOX']);
      const reply = await ctx.expectReply(a.ns, tr, 'URL INBOX');
      if (isError(reply)) throw notOffered(`URL INBOX was refused with ${reply.name}`);
      if (reply.name !== 'URL') throw fail(`URL INBOX was answered with "${reply.raw}"`);
      const [redirect, login, psid] = reply.args;
      const redirectOk = redirect?.startsWith('/') === true || usableUrl(redirect);
      if (!redirectOk || !usableUrl(login))
        throw notOffered(
          `URL INBOX named no usable http(s) addresses ("${reply.raw}"), so there is no inbox`,
        );
      if (a.protocol === 'MSNP5' && !/^\d+$/.test(psid ?? ''))
        ctx.deviate('url-no-psid', 'URL carried no Passport site id, which MSNP5 requires', reply.raw);
      return `${redirect} through ${login}`;
    },
  },
  {
    id: 'fnd',
    area: 'services',
    title: 'FND for a name in the directory: numbered result lines',
    doc: 'commands/fnd.md',
    async run(ctx) {
      const a = await ctx.signIn('a', { status: null });
      // A name the sandbox's directory holds twice in the US; any server's answer of the documented form passes.
      const found = await find(ctx, a, ['fname=Anna', 'lname=Smith', 'city=*', 'state=*', 'country=US']);
      if (found === null) return '301: too many results to send';
      return found.length === 0 ? 'FND 0 0: nobody of that name' : `${found.length} results, numbered`;
    },
  },
  {
    id: 'fnd-no-match',
    area: 'services',
    title: 'FND for a name nobody has: FND tr 0 0',
    doc: 'commands/fnd.md',
    async run(ctx) {
      const a = await ctx.signIn('a', { status: null });
      const found = await find(ctx, a, ['fname=Zyxwv', 'lname=Qjkxz', 'city=*', 'state=*', 'country=DE']);
      if (found === null || found.length > 0)
        throw fail(`a search for a made-up name was answered with ${found === null ? '301' : 'results'}`);
      return 'FND 0 0';
    },
  },
  {
    id: 'sdc',
    area: 'services',
    title: 'SDC (an e-mail invitation) is answered OK',
    doc: 'commands/sdc.md',
    async run(ctx) {
      const a = await ctx.signIn('a', { status: null });
      if (a.protocol !== 'MSNP5') throw notOffered(`SDC came with MSNP5, and ${a.protocol} was spoken`);
      const name = a.nickOnWire || 'conformance';
      const tr = a.ns.send('SDC', [ctx.b.email, '0x0409', 'MSMSGS', 'MSMSGS', 'X', 'X', name], '');
      const reply = await ctx.expectReply(a.ns, tr, 'SDC');
      if (reply.name === '502') throw notOffered('SDC was answered with 502: invitations are gone');
      if (reply.name !== 'SDC' || reply.args.join(' ') !== 'OK')
        throw fail(`SDC was answered with "${reply.raw}" instead of SDC ${tr} OK`);
      return 'SDC OK';
    },
  },
  {
    id: 'snd',
    area: 'services',
    title: 'SND (the e-mail invitation of MSNP2-4) is answered OK',
    doc: 'commands/snd.md',
    async run(ctx) {
      const probe = await ctx.connect('ver/MSNP4');
      const verTr = probe.send('VER', ['MSNP4', 'CVR0']);
      const ver = await ctx.expectReply(probe, verTr, 'VER MSNP4');
      probe.close();
      if (ver.name !== 'VER' || !ver.args.includes('MSNP4'))
        throw notOffered('the server does not speak MSNP4, the last dialect with SND');
      const a = await ctx.signIn('a', { protocols: ['MSNP4'], status: null });
      const tr = a.ns.send('SND', [ctx.b.email, '0x0409', 'MSMSGS', 'MSMSGS']);
      const reply = await ctx.expectReply(a.ns, tr, 'SND');
      if (reply.name !== 'SND' || reply.args.join(' ') !== 'OK')
        throw fail(`SND was answered with "${reply.raw}" instead of SND ${tr} OK`);
      return 'SND OK in MSNP4';
    },
  },
  {
    id: 'pag',
    area: 'services',
    title: 'PAG: refused with 220 unless the other allows pages, silent when it goes through',
    doc: 'commands/pag.md',
    async run(ctx) {
      const b = await ctx.signIn('b', { status: null });
      const a = await ctx.signIn('a', { status: null });
      const before = { MOB: ownProperty(b, 'MOB'), PHM: ownProperty(b, 'PHM') };
      try {
        await setProperty(ctx, b, 'MOB', 'N');
        const refusedTr = a.ns.send('PAG', [b.email], PAGE);
        const refused = await ctx.expectReply(a.ns, refusedTr, 'PAG to someone who does not accept pages');
        if (refused.name !== '220')
          throw fail(
            `a page to someone who does not accept pages was answered with "${refused.raw}", not 220`,
          );
        await setProperty(ctx, b, 'PHM', '555%200123');
        await setProperty(ctx, b, 'MOB', 'Y');
        const tr = a.ns.send('PAG', [b.email], PAGE);
        // A page that goes through is never answered: a reply would have come before the fence's QNG.
        await ctx.fence(a.ns);
        const reply = a.ns.pending().find((c) => c.trId === tr);
        if (reply)
          throw fail(
            `a page to someone who accepts pages was answered with "${reply.raw}" instead of nothing`,
          );
      } finally {
        await restoreProperties(ctx, b, before);
      }
      return '220 first, then silence once pages were allowed';
    },
  },
  {
    id: 'bpr-update',
    area: 'services',
    title: 'a contact setting a phone number: BPR reaches whoever has them on FL',
    doc: 'commands/bpr.md',
    async run(ctx) {
      return withOnList(ctx, 'a', 'FL', ctx.b.email, async () => {
        const b = await ctx.signIn('b', { status: null });
        const a = await ctx.signIn('a');
        const before = { PHH: ownProperty(b, 'PHH') };
        const value = '555%200142';
        try {
          await setProperty(ctx, b, 'PHH', value);
          const bpr = await ctx.expect(a.ns, (c) => c.name === 'BPR' && c.args.includes('PHH'), 'BPR PHH');
          const [version, handle, key, got] = bpr.args;
          if (
            !/^\d+$/.test(version ?? '') ||
            handle?.toLowerCase() !== b.email.toLowerCase() ||
            key !== 'PHH'
          )
            throw fail(`"${bpr.raw}" is not BPR version ${b.email} PHH value`);
          if (decode(got) !== decode(value)) throw fail(`BPR carried "${got}" for the number ${value}`);
        } finally {
          await restoreProperties(ctx, b, before);
        }
        return `BPR version ${b.email} PHH`;
      });
    },
  },
  {
    id: 'out',
    area: 'services',
    title: 'OUT from the client: the server closes the connection',
    doc: 'commands/out.md',
    async run(ctx) {
      const a = await ctx.signIn('a', { status: null });
      a.ns.sendBare('OUT');
      if (!(await a.ns.closesWithin(ctx.timeoutMs)))
        throw fail(`the server left the connection open ${ctx.timeoutMs / 1000} s after OUT`);
      return 'closed';
    },
  },
  {
    id: 'out-oth',
    area: 'services',
    title: 'a second sign-in: the first connection gets OUT OTH and is closed',
    doc: 'commands/out.md',
    async run(ctx) {
      const first = await ctx.signIn('a', { syncVersion: null, status: null });
      const second = await ctx.signIn('a', { syncVersion: null, status: null });
      const out = await ctx.expect(first.ns, (c) => c.name === 'OUT', 'OUT OTH on the first connection');
      if (out.args[0] !== 'OTH') throw fail(`the first connection was sent "${out.raw}" instead of OUT OTH`);
      if (!(await first.ns.closesWithin(ctx.timeoutMs)))
        ctx.deviate('out-oth-left-open', 'after OUT OTH the server left the first connection open', out.raw);
      await ctx.fence(second.ns);
      return 'OUT OTH, a close, and the second sign-in goes on';
    },
  },
];
