// Dispatch and sign-in: VER for each dialect and for none, INF, the dispatch server's XFR NS, the MD5
// challenge (a fresh salt per sign-in), USR OK's fields, a wrong password, CVR, and the messages a
// server sends right after USR OK.
import { md5Response } from '../../msnp/nsLogin';
import { parseMime } from '../../../app/mime';
import { type Check, type CheckContext, fail, isError, notOffered } from '../check';
import { negotiate } from '../session';

const DIALECTS = ['MSNP5', 'MSNP4', 'MSNP3', 'MSNP2'] as const;

async function offers(ctx: CheckContext, dialect: string): Promise<boolean> {
  const client = await ctx.connect(`ver/${dialect}`);
  const tr = client.send('VER', [dialect, 'CVR0']);
  const reply = await ctx.expectReply(client, tr, `VER ${dialect}`);
  client.close();
  if (reply.name !== 'VER') throw fail(`VER ${dialect} CVR0 was answered with "${reply.raw}"`);
  if (reply.args.filter((v) => v !== 'CVR0').length > 1)
    ctx.deviate('ver-several', `VER was answered with several dialects (${reply.args.join(' ')})`, reply.raw);
  return reply.args.includes(dialect);
}

export const SIGN_IN_CHECKS: Check[] = [
  {
    id: 'ver-dialects',
    area: 'signin',
    title: 'VER: each dialect offered alone',
    doc: 'commands/ver.md',
    async run(ctx) {
      const spoken: string[] = [];
      for (const dialect of DIALECTS) if (await offers(ctx, dialect)) spoken.push(dialect);
      if (!spoken.includes('MSNP5'))
        throw fail(`the server does not accept MSNP5 (it accepts ${spoken.join(', ') || 'none'})`);
      return `the server accepts ${spoken.join(', ')}`;
    },
  },
  {
    id: 'ver-no-match',
    area: 'signin',
    title: 'VER with no dialect in common: VER tr 0, then a close',
    doc: 'commands/ver.md',
    async run(ctx) {
      const client = await ctx.connect('ver');
      const tr = client.send('VER', ['MSNP99']);
      const reply = await ctx.expectReply(client, tr, 'VER MSNP99');
      if (reply.name !== 'VER')
        throw fail(`VER MSNP99 was answered with "${reply.raw}" instead of VER ${tr} 0`);
      if (reply.args.join(' ') !== '0')
        throw fail(`VER MSNP99 was answered with "${reply.raw}": a dialect nobody offered`);
      if (!(await client.closesWithin(ctx.timeoutMs)))
        ctx.deviate('ver-zero-open', 'after VER 0 the connection stayed open');
      return 'VER 0 and a close';
    },
  },
  {
    id: 'inf-md5',
    area: 'signin',
    title: 'INF offers MD5',
    doc: 'commands/inf.md',
    async run(ctx) {
      const client = await ctx.connect('inf');
      const tr = client.send('VER', [...ctx.protocols, 'CVR0']);
      await ctx.expectReply(client, tr, 'VER');
      const infTr = client.send('INF');
      const inf = await ctx.expectReply(client, infTr, 'INF');
      if (inf.name !== 'INF') throw fail(`INF was answered with "${inf.raw}"`);
      if (!inf.args.includes('MD5')) {
        if (inf.args.includes('CTP'))
          ctx.deviate('inf-ctp-only', `INF offered only CTP, the clear-text package`, inf.raw);
        else throw fail(`INF offered ${inf.args.join(', ') || 'nothing'}`);
      }
      return `INF offers ${inf.args.join(', ')}`;
    },
  },
  {
    id: 'dispatch-redirect',
    area: 'signin',
    title: 'the dispatch server hands on with XFR NS',
    doc: 'commands/xfr.md',
    async run(ctx) {
      const client = await ctx.connect('ds');
      const { pkg } = await negotiate(ctx, client, ctx.protocols, true);
      const tr = client.send('USR', [pkg, 'I', ctx.a.email]);
      const reply = await ctx.expectReply(client, tr, 'USR MD5 I');
      if (reply.name === 'XFR') {
        if (reply.args[0] !== 'NS' || !/^[^\s:]+:\d+$/.test(reply.args[1] ?? ''))
          throw fail(`XFR could not be read: "${reply.raw}"`);
        if (reply.args[2] !== '0')
          ctx.deviate('xfr-ns-fields', `XFR NS ended with "${reply.args.slice(2).join(' ')}" instead of 0`);
        return `XFR NS ${reply.args[1]}`;
      }
      if (reply.name === 'USR' && reply.args[1] === 'S') {
        ctx.deviate(
          'no-dispatch-redirect',
          'the dispatch server signed the client in itself instead of sending XFR NS',
          reply.raw,
        );
        return 'direct sign-in';
      }
      throw fail(`USR MD5 I was answered with "${reply.raw}"`);
    },
  },
  {
    id: 'md5-salt',
    area: 'signin',
    title: 'USR MD5: a fresh salt for each sign-in',
    doc: 'commands/usr.md',
    async run(ctx) {
      const first = await ctx.signIn('a', { syncVersion: null, status: null });
      const second = await ctx.signIn('a', { syncVersion: null, status: null });
      if (first.salt === '') throw notOffered('the server offers only CTP, which has no salt');
      if (!/^[\x21-\x7e]{1,64}$/.test(first.salt))
        ctx.deviate('odd-salt', `the salt "${first.salt}" is not a short printable string`);
      if (first.salt === second.salt)
        ctx.deviate('fixed-salt', `two sign-ins were given the same salt (${first.salt})`);
      return 'two sign-ins, two salts';
    },
  },
  {
    id: 'usr-ok',
    area: 'signin',
    title: 'USR OK names the account and its friendly name',
    doc: 'commands/usr.md',
    async run(ctx) {
      const s = await ctx.signIn('a', { syncVersion: null, status: null });
      const line = ctx.evidence.find((e) => e.direction === 'S' && /^USR \d+ OK /.test(e.line))!.line;
      const fields = line.split(' ').slice(3);
      if (fields[0]?.toLowerCase() !== s.email.toLowerCase())
        throw fail(`USR OK named ${fields[0] ?? 'nobody'} instead of ${s.email}`);
      if (fields.length < 2) ctx.deviate('usr-no-nickname', 'USR OK carried no friendly name');
      if (fields.length > 2)
        ctx.deviate(
          'usr-extra-field',
          `USR OK carried extra fields (${fields.slice(2).join(' ')}), as MSNP6 does`,
          line,
        );
      return 'USR OK email name';
    },
  },
  {
    id: 'wrong-password',
    area: 'signin',
    title: 'a wrong password is refused with 911',
    doc: 'errors_and_hresults.md',
    async run(ctx) {
      const client = await ctx.connect('a/ds');
      const { pkg } = await negotiate(ctx, client, ctx.protocols);
      let tr = client.send('USR', [pkg, 'I', ctx.a.email]);
      let reply = await ctx.expectReply(client, tr, 'USR MD5 I');
      let ns = client;
      if (reply.name === 'XFR') {
        const [host, port] = (reply.args[1] ?? '').split(':');
        ns = await ctx.connect('a/ns', { host: host!, port: Number(port) });
        await negotiate(ctx, ns, ctx.protocols);
        tr = ns.send('USR', [pkg, 'I', ctx.a.email]);
        reply = await ctx.expectReply(ns, tr, 'USR MD5 I');
      }
      const salt = reply.args[2] ?? '';
      const wrong = `${ctx.a.password}-wrong`;
      const okTr = ns.send('USR', [
        pkg,
        'S',
        pkg === 'MD5' ? md5Response(salt, wrong) : encodeURIComponent(wrong),
      ]);
      const refusal = await ctx.expectReply(ns, okTr, 'USR MD5 S with a wrong password');
      if (refusal.name !== '911')
        throw fail(`a wrong password was answered with "${refusal.raw}" instead of 911`);
      return '911';
    },
  },
  {
    id: 'cvr',
    area: 'signin',
    title: 'CVR after sign-in names the current client version',
    doc: 'commands/cvr.md',
    async run(ctx) {
      const s = await ctx.signIn('a', { syncVersion: null, status: null });
      const tr = s.ns.send('CVR', ['0x0409', 'win', '4.10', 'i386', 'MSMSGS', '3.0.0284', 'MSMSGS']);
      const reply = await ctx.expectReply(s.ns, tr, 'CVR');
      if (isError(reply)) throw notOffered(`CVR was answered with ${reply.name}`);
      if (reply.name !== 'CVR' || reply.args.length < 4) throw fail(`CVR was answered with "${reply.raw}"`);
      return `recommended ${reply.args[0]}, minimum ${reply.args[2]}`;
    },
  },
  {
    id: 'profile-messages',
    area: 'signin',
    title: 'the profile and initial-mail messages after USR OK',
    doc: 'commands/msg.md',
    async run(ctx) {
      const s = await ctx.signIn('a', { status: null });
      const messages = s.received.filter((c) => c.name === 'MSG');
      const types = messages.map(
        (m) => parseMime(m.payload?.toString('utf8') ?? '').headers.get('content-type') ?? '',
      );
      const profile = types.findIndex((t) => t.startsWith('text/x-msmsgsprofile'));
      if (messages.length === 0)
        throw notOffered('no Hotmail message came after USR OK (a server without Hotmail)');
      if (profile === -1) throw fail(`the messages after USR OK had no profile (${types.join(', ')})`);
      if (messages.some((m) => m.args[0] !== 'Hotmail' || m.args[1] !== 'Hotmail'))
        ctx.deviate('msg-not-hotmail', 'a message after USR OK was not from Hotmail Hotmail');
      return types.map((t) => t.split(';')[0]).join(', ');
    },
  },
];
