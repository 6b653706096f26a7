// The switchboard: XFR SB and USR, the call (CAL, RNG) and the answer (IRO, ANS, JOI), MSG in each
// acknowledgement mode, typing and invitation messages relayed unchanged, BYE, and CAL refused for
// someone offline or unknown.
import type { Command } from '../../msnp/command';
import { type Check, type CheckContext, fail, isError, notOffered } from '../check';
import type { WireClient } from '../wire';
import { converse, expectRelayed, openSwitchboard, textMessage } from './conversation';

/** A relayed message was answered NAK: a tolerated deviation (the message did arrive). */
function nakForDelivered(ctx: CheckContext, mode: string, reply: Command): void {
  ctx.deviate(
    'nak-for-delivered',
    `a MSG ${mode} that the other side received was answered with NAK`,
    reply.raw,
  );
}

/** The reply to an A-mode MSG: ACK, or NAK (recorded), or the check fails. */
function ackOrNak(ctx: CheckContext, mode: string, reply: Command): void {
  if (reply.name === 'NAK') return nakForDelivered(ctx, mode, reply);
  if (reply.name !== 'ACK') throw fail(`MSG ${mode} was answered with "${reply.raw}" instead of ACK`);
}

/** An A-mode message: once its reply is in, any reply to what was sent before it has come too. */
async function orderingFence(ctx: CheckContext, sb: WireClient): Promise<void> {
  const tr = sb.send('MSG', ['A'], textMessage('fence'));
  await ctx.expectReply(sb, tr, 'the MSG A sent as a fence');
}

function answered(sb: WireClient, trId: number): Command | undefined {
  return sb.pending().find((c) => c.trId === trId);
}

/** CAL of `handle` from A's own new switchboard; the reply. */
async function callFromNewSwitchboard(ctx: CheckContext, handle: string): Promise<Command> {
  const a = await ctx.signIn('a');
  const { sb } = await openSwitchboard(ctx, a);
  const tr = sb.send('CAL', [handle]);
  return ctx.expectReply(sb, tr, `CAL ${handle}`);
}

const TYPING = (email: string): string =>
  `MIME-Version: 1.0\r\nContent-Type: text/x-msmsgscontrol\r\nTypingUser: ${email}\r\n\r\n\r\n`;

const invitation = (fields: [string, string][]): string =>
  'MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsinvite; charset=UTF-8\r\n\r\n' +
  fields.map(([k, v]) => `${k}: ${v}\r\n`).join('') +
  '\r\n';

const FILE_TRANSFER_GUID = '{5D3E02AB-6190-11d3-BBBB-00C04F795683}';

export const SWITCHBOARD_CHECKS: Check[] = [
  {
    id: 'xfr-sb',
    area: 'switchboard',
    title: 'XFR SB names a switchboard and a cookie that USR accepts',
    doc: 'commands/xfr.md',
    async run(ctx) {
      const a = await ctx.signIn('a');
      const { xfr } = await openSwitchboard(ctx, a);
      return `XFR SB ${xfr.args[1]} CKI, and USR OK there`;
    },
  },
  {
    id: 'sb-call',
    area: 'switchboard',
    title: 'CAL is answered RINGING with a session id, and the callee gets RNG for it',
    doc: 'commands/cal.md',
    async run(ctx) {
      const c = await converse(ctx, 'call');
      return `CAL RINGING ${c.sessionId}, and RNG with the same session id`;
    },
  },
  {
    id: 'sb-answer',
    area: 'switchboard',
    title: 'ANS: IRO lines, then ANS OK; the caller gets JOI',
    doc: 'commands/ans.md',
    async run(ctx) {
      const c = await converse(ctx, 'answer');
      // A JOI for B itself may also come after ANS OK: everything sent before B's fence is in by then.
      await orderingFence(ctx, c.bSb);
      const self = ctx.evidence.find(
        (e) =>
          e.connection === c.bSb.label &&
          e.direction === 'S' &&
          e.line.toLowerCase().startsWith(`joi ${c.b.email.toLowerCase()} `),
      );
      if (self)
        ctx.deviate(
          'joi-before-iro',
          `the one answering was sent a JOI for themselves (${self.line})`,
          self.line,
        );
      return 'IRO naming the caller, ANS OK, and JOI on the caller side';
    },
  },
  {
    id: 'sb-msg-ack',
    area: 'switchboard',
    title: 'MSG U, N and A are relayed; only A gets ACK',
    doc: 'commands/msg.md',
    async run(ctx) {
      const c = await converse(ctx);
      const sent = (['U', 'N', 'A'] as const).map((mode) => {
        const payload = textMessage(`conformance: a message sent with ack mode ${mode}`);
        return { mode, payload, tr: c.aSb.send('MSG', [mode], payload) };
      });
      // The switchboard answers in order: once A's reply is in, any reply to U or N has come too.
      const reply = await ctx.expectReply(c.aSb, sent[2]!.tr, 'MSG A');
      for (const { mode, payload } of sent)
        await expectRelayed(ctx, c.bSb, c.a, payload, `the MSG ${mode} relayed to ${c.b.email}`);
      const u = answered(c.aSb, sent[0]!.tr);
      if (u) throw fail(`MSG U was answered with "${u.raw}", although U is never answered`);
      const n = answered(c.aSb, sent[1]!.tr);
      if (n?.name === 'NAK') nakForDelivered(ctx, 'N', n);
      else if (n) throw fail(`a delivered MSG N was answered with "${n.raw}" instead of nothing`);
      ackOrNak(ctx, 'A', reply);
      return 'all three relayed; U and N unanswered, A acknowledged with its TrID';
    },
  },
  {
    id: 'sb-msg-data',
    area: 'switchboard',
    title: 'MSG D is relayed and gets ACK',
    doc: 'commands/msg.md',
    async run(ctx) {
      const c = await converse(ctx);
      const payload = 'MIME-Version: 1.0\r\nContent-Type: application/octet-stream\r\n\r\nconformance data';
      const tr = c.aSb.send('MSG', ['D'], payload);
      let reply: Command;
      try {
        reply = await ctx.expectReply(c.aSb, tr, 'MSG D');
      } catch (err) {
        if (c.aSb.isClosed)
          throw notOffered('the switchboard closed the connection on MSG D, a mode documented since MSNP9');
        throw err;
      }
      if (reply.name === '282') throw fail('a well-formed MSG D was refused with 282');
      if (isError(reply)) throw notOffered(`MSG D was answered with ${reply.name}`);
      await expectRelayed(ctx, c.bSb, c.a, payload, `the MSG D relayed to ${c.b.email}`);
      ackOrNak(ctx, 'D', reply);
      return 'MSG D relayed and acknowledged with its TrID';
    },
  },
  {
    id: 'sb-typing',
    area: 'switchboard',
    title: 'a typing notice (text/x-msmsgscontrol) reaches the other side unchanged',
    doc: 'EXTRA-NOTES.md',
    async run(ctx) {
      const c = await converse(ctx);
      const payload = TYPING(c.a.email);
      const tr = c.aSb.send('MSG', ['U'], payload);
      await orderingFence(ctx, c.aSb);
      await expectRelayed(ctx, c.bSb, c.a, payload, `the typing notice relayed to ${c.b.email}`);
      const reply = answered(c.aSb, tr);
      if (reply) throw fail(`the typing notice (MSG U) was answered with "${reply.raw}"`);
      return 'TypingUser relayed byte for byte, and not answered';
    },
  },
  {
    id: 'sb-invitation',
    area: 'switchboard',
    title: 'an invitation (text/x-msmsgsinvite) and its answer are relayed unchanged',
    doc: 'EXTRA-NOTES.md',
    async run(ctx) {
      const c = await converse(ctx);
      const invite = invitation([
        ['Application-Name', 'File Transfer'],
        ['Application-GUID', FILE_TRANSFER_GUID],
        ['Invitation-Command', 'INVITE'],
        ['Invitation-Cookie', '4711'],
        ['Application-File', 'conformance.txt'],
        ['Application-FileSize', '12'],
      ]);
      c.aSb.send('MSG', ['N'], invite);
      await expectRelayed(ctx, c.bSb, c.a, invite, `the INVITE relayed to ${c.b.email}`);
      const cancel = invitation([
        ['Invitation-Command', 'CANCEL'],
        ['Invitation-Cookie', '4711'],
        ['Cancel-Code', 'REJECT'],
      ]);
      c.bSb.send('MSG', ['N'], cancel);
      await expectRelayed(ctx, c.aSb, c.b, cancel, `the CANCEL relayed to ${c.a.email}`);
      return 'INVITE and CANCEL relayed byte for byte';
    },
  },
  {
    id: 'sb-bye',
    area: 'switchboard',
    title: 'OUT on the switchboard: the others get BYE',
    doc: 'commands/bye.md',
    async run(ctx) {
      const c = await converse(ctx);
      c.bSb.sendBare('OUT');
      const bye = await ctx.expect(c.aSb, (l) => l.name === 'BYE', `BYE after ${c.b.email} left`);
      if (bye.args[0]?.toLowerCase() !== c.b.email.toLowerCase())
        throw fail(`"${bye.raw}" does not name ${c.b.email}, who left`);
      if (bye.args[1] === '1')
        ctx.deviate('bye-as-timeout', 'someone who left with OUT was reported as timed out', bye.raw);
      return `BYE ${c.b.email}`;
    },
  },
  {
    id: 'sb-cal-offline',
    area: 'switchboard',
    title: 'CAL of someone offline is refused with 217',
    doc: 'commands/cal.md',
    async run(ctx) {
      // B is not signed in: every check's connections are closed before the next check starts.
      const reply = await callFromNewSwitchboard(ctx, ctx.b.email);
      if (reply.name !== '217')
        throw fail(`CAL of ${ctx.b.email}, who is offline, was answered with "${reply.raw}" instead of 217`);
      return '217';
    },
  },
  {
    id: 'sb-cal-unknown',
    area: 'switchboard',
    title: 'CAL of an address that is no account is refused with 208 or 205',
    doc: 'commands/cal.md',
    async run(ctx) {
      const domain = ctx.a.email.split('@')[1] ?? 'example.com';
      const nobody = `msnp-conformance-nobody@${domain}`;
      const reply = await callFromNewSwitchboard(ctx, nobody);
      if (reply.name === '207')
        ctx.deviate(
          'unknown-as-207',
          'an address that is no account was refused with 207 (already signed in) instead of 205 or 208',
          reply.raw,
        );
      else if (reply.name !== '208' && reply.name !== '205')
        throw fail(`CAL of ${nobody}, who is no account, was answered with "${reply.raw}"`);
      return reply.name;
    },
  },
];
