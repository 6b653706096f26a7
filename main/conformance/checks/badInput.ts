// Bad input: a handle that is no address, a friendly name over the length limit, a command nobody knows,
// and a payload length that promises more bytes than were sent. A server may refuse each one, but must
// answer as documented and stay up.
import { type Check, type CheckContext, fail, isError, noReply } from '../check';
import { converse, expectRelayed, textMessage } from './conversation';

/** Friendly names longer than this many (URL-encoded) bytes are over the limit (prp.md gives it for MFN). */
const MAX_NAME = 387;

/** A TrID the check's own commands on that connection never reach (they count from 1). */
const RAW_TRID = 900;

/** After bad input, a new sign-in must still work: a server that fell over fails the check. */
async function stillServes(ctx: CheckContext, what: string): Promise<void> {
  try {
    await ctx.signIn('a', { syncVersion: null, status: null });
  } catch (err) {
    throw fail(`after ${what}, a fresh sign-in failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export const INPUT_CHECKS: Check[] = [
  {
    id: 'bad-handle',
    area: 'input',
    title: 'ADD FL with a handle that is no address is refused with 201',
    doc: 'commands/add.md',
    async run(ctx) {
      const a = await ctx.signIn('a', { status: null });
      const handle = 'not-an-address';
      const tr = a.ns.send('ADD', ['FL', handle, handle]);
      const reply = await ctx.expectReply(a.ns, tr, 'ADD FL with a bad handle');
      if (reply.name === 'ADD') {
        const rem = a.ns.send('REM', ['FL', handle]);
        await a.ns.reply(rem, ctx.timeoutMs);
        throw fail(`"${handle}" was added to the forward list`);
      }
      if (!isError(reply)) throw fail(`ADD FL ${handle} was answered with "${reply.raw}"`);
      if (reply.name !== '201')
        ctx.deviate(
          'bad-handle-code',
          `a handle that is no address was refused with ${reply.name}, not 201`,
          reply.raw,
        );
      return reply.name;
    },
  },
  {
    id: 'long-name',
    area: 'input',
    title: 'REA with a friendly name over the limit is refused with 209',
    doc: 'commands/rea.md',
    async run(ctx) {
      const a = await ctx.signIn('a', { status: null });
      const name = 'x'.repeat(MAX_NAME + 13);
      const tr = a.ns.send('REA', [a.email, name]);
      const reply = await ctx.expectReply(a.ns, tr, `REA with a ${name.length}-byte name`);
      if (reply.name === 'REA') {
        const back = a.ns.send('REA', [a.email, a.nickOnWire || a.email]);
        await a.ns.reply(back, ctx.timeoutMs);
        ctx.deviate(
          'long-name-accepted',
          `a friendly name of ${name.length} bytes, over the ${MAX_NAME} allowed, was accepted`,
          reply.raw,
        );
        return 'accepted';
      }
      if (!isError(reply)) throw fail(`REA with a long name was answered with "${reply.raw}"`);
      // The docs give 209 for a name the server will not take, and no code of its own for a long one.
      if (reply.name !== '209')
        ctx.deviate(
          'long-name-code',
          `a friendly name over the limit was refused with ${reply.name}, not 209`,
          reply.raw,
        );
      return reply.name;
    },
  },
  {
    id: 'unknown-command',
    area: 'input',
    title: 'an unknown command is answered with 200 and the connection stays',
    doc: 'errors_and_hresults.md',
    async run(ctx) {
      const a = await ctx.signIn('a', { syncVersion: null, status: null });
      const tr = a.ns.send('ZZZ');
      let reply;
      try {
        reply = await ctx.expectReply(a.ns, tr, 'ZZZ');
      } catch (err) {
        if (a.ns.isClosed) throw fail('the server closed the connection on an unknown command');
        throw err;
      }
      if (!isError(reply)) throw fail(`ZZZ was answered with "${reply.raw}"`);
      if (reply.name !== '200')
        ctx.deviate(
          'unknown-command-code',
          `an unknown command was answered with ${reply.name}, not 200`,
          reply.raw,
        );
      try {
        await ctx.fence(a.ns);
      } catch (err) {
        if (a.ns.isClosed) throw fail(`the server closed the connection after answering ${reply.name}`);
        throw err;
      }
      return `${reply.name}, and PNG still answered`;
    },
  },
  {
    id: 'lying-length',
    area: 'input',
    title: 'a MSG whose payload arrives late: the server waits for it or closes, and stays up',
    doc: 'commands/msg.md',
    async run(ctx) {
      const c = await converse(ctx);
      const payload = textMessage('conformance: a payload sent in two parts');
      const cut = Math.floor(payload.length / 2);
      c.aSb.sendRaw(`MSG ${RAW_TRID} A ${Buffer.byteLength(payload)}\r\n${payload.slice(0, cut)}`);
      // A round trip on another connection, so the server has all but surely read the first part alone.
      await ctx.fence(c.a.ns);
      const early = c.aSb.pending().find((l) => l.trId === RAW_TRID);
      if (early) throw fail(`the MSG was answered with "${early.raw}" before its payload had all arrived`);
      let found: string;
      if (c.aSb.isClosed) found = 'the switchboard closed the connection';
      else {
        c.aSb.sendRaw(payload.slice(cut));
        const after = c.aSb.send('MSG', ['A'], textMessage('after'));
        const fence = await c.aSb.next(
          (l) => l.trId === after || (l.trId === null && isError(l)),
          ctx.timeoutMs,
        );
        if (fence === null && !c.aSb.isClosed)
          throw noReply(
            `the switchboard answered nothing within ${ctx.timeoutMs / 1000} s once the payload was complete`,
          );
        if (fence === null) found = 'the switchboard closed the connection';
        else {
          const reply = c.aSb.pending().find((l) => l.trId === RAW_TRID);
          if (reply?.name !== 'ACK' && reply?.name !== 'NAK')
            throw fail(
              `once its payload was complete the MSG was answered with ${reply ? `"${reply.raw}"` : 'nothing'}`,
            );
          await expectRelayed(ctx, c.bSb, c.a, payload, 'the MSG whose payload came in two parts');
          found = 'the switchboard waited for the whole payload and relayed it';
        }
      }
      await stillServes(ctx, 'a payload that arrived late');
      return `${found}, and a fresh sign-in works`;
    },
  },
];
