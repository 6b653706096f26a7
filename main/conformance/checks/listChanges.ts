// The lists: ADD and REM on the forward, allow and block lists with their replies and rising list versions,
// the reverse-list notices the other account gets, and the refusals (215, 205, 219, 201, 216). A real
// server offers no third account, so every change is made with B's address (removed and put back when it is
// already there), and every check puts the lists back as it found them.
import type { Command } from '../../msnp/command';
import { type CheckContext, fail, isError, type RawSession } from '../check';
import type { Check } from '../check';

export type EditList = 'FL' | 'AL' | 'BL';
const OPPOSITE: Readonly<Record<EditList, EditList | null>> = { FL: null, AL: 'BL', BL: 'AL' };

const key = (email: string): string => email.toLowerCase();
const same = (x: string | undefined, y: string): boolean => x !== undefined && key(x) === key(y);

interface Step {
  command: 'ADD' | 'REM' | 'BLP';
  args: string[];
}

/**
 * A's (or B's) lists as the sign-in's SYN gave them, changed through checked commands. Each change
 * remembers how to undo it, so restore() puts back exactly what the check found.
 */
export class ListEditor {
  /** Per list: address (lower case) -> the stored name as it came on the wire. */
  private readonly lists = new Map<EditList, Map<string, string>>();
  blp: string | null;
  private version: number;
  private readonly undo: Step[] = [];

  constructor(
    private readonly ctx: CheckContext,
    private session: RawSession,
  ) {
    for (const list of ['FL', 'AL', 'BL'] as const) this.lists.set(list, new Map());
    for (const c of session.received) {
      const entries = this.lists.get(c.args[0] as EditList);
      const email = c.args[4];
      if (c.name === 'LST' && entries && email) entries.set(key(email), c.args[5] ?? email);
    }
    this.blp = session.received.find((c) => c.name === 'BLP')?.args[1] ?? null;
    this.version = session.listVersion ?? 0;
  }

  has(list: EditList, email: string): boolean {
    return this.lists.get(list)!.has(key(email));
  }

  /** The name stored for `email` on `list`, as the SYN gave it (the address itself when unknown): read it before a REM. */
  nameOn(list: EditList, email: string): string {
    return this.lists.get(list)!.get(key(email)) ?? email;
  }

  /** Sends a change and returns the reply, whatever it is; a change that took is remembered for restore(). */
  async attempt(command: 'ADD' | 'REM', list: EditList, email: string, name = email): Promise<Command> {
    const args = command === 'ADD' ? [list, email, name] : [list, email];
    const tr = this.session.ns.send(command, args);
    const reply = await this.ctx.expectReply(this.session.ns, tr, `${command} ${list} ${email}`);
    if (reply.name !== command) return reply;
    const entries = this.lists.get(list)!;
    const stored = entries.get(key(email)) ?? email;
    if (command === 'ADD') entries.set(key(email), name);
    else entries.delete(key(email));
    this.remember(
      command === 'ADD'
        ? { command: 'REM', args: [list, email] }
        : { command: 'ADD', args: [list, email, stored] },
    );
    return reply;
  }

  /** Sends a command whose success would change nothing (a duplicate ADD, a REM of someone absent): nothing to undo. */
  async probe(command: 'ADD' | 'REM', list: EditList, email: string): Promise<Command> {
    const tr = this.session.ns.send(command, command === 'ADD' ? [list, email, email] : [list, email]);
    return this.ctx.expectReply(this.session.ns, tr, `${command} ${list} ${email}`);
  }

  /** ADD, answered `ADD tr LIST version email name` with a version above the last one. */
  async add(list: EditList, email: string, name = email): Promise<Command> {
    const reply = await this.attempt('ADD', list, email, name);
    this.expectChange(reply, 'ADD', list, email, `ADD ${list} ${email}`);
    if (reply.args[3] === undefined) throw fail(`"${reply.raw}" carries no name`);
    return reply;
  }

  /** REM, answered `REM tr LIST version email` with a version above the last one. */
  async remove(list: EditList, email: string): Promise<Command> {
    const reply = await this.attempt('REM', list, email);
    this.expectChange(reply, 'REM', list, email, `REM ${list} ${email}`);
    return reply;
  }

  /** BLP, answered `BLP tr version value`. */
  async setBlp(value: 'AL' | 'BL'): Promise<void> {
    const before = this.blp ?? (value === 'AL' ? 'BL' : 'AL');
    const tr = this.session.ns.send('BLP', [value]);
    const reply = await this.ctx.expectReply(this.session.ns, tr, `BLP ${value}`);
    // 218: already in that mode (the SYN may have left BLP out), so there is nothing to undo.
    if (reply.name === '218' && this.blp === null) {
      this.blp = value;
      return;
    }
    if (reply.name !== 'BLP' || reply.args[1] !== value)
      throw fail(`BLP ${value} was answered with "${reply.raw}"`);
    this.blp = value;
    this.remember({ command: 'BLP', args: [before] });
  }

  private expectChange(reply: Command, name: string, list: EditList, email: string, what: string): void {
    if (isError(reply)) throw fail(`${what} was refused with ${reply.name}`);
    const [replyList, version, replyEmail] = reply.args;
    if (reply.name !== name || replyList !== list || !same(replyEmail, email) || !/^\d+$/.test(version ?? ''))
      throw fail(`${what} was answered with "${reply.raw}" instead of ${name} tr ${list} version ${email}`);
    if (Number(version) <= this.version)
      throw fail(`${what} was answered with list version ${version}, not above ${this.version}`);
    this.version = Number(version);
  }

  /** A change that undoes the last one cancels it instead of piling up. */
  private remember(step: Step): void {
    const last = this.undo.at(-1);
    const undoesLast =
      last !== undefined &&
      last.command !== step.command &&
      last.command !== 'BLP' &&
      step.command !== 'BLP' &&
      last.args[0] === step.args[0] &&
      same(last.args[1], step.args[1]!);
    if (undoesLast) this.undo.pop();
    else this.undo.push(step);
  }

  /** Undoes every change, newest first, ignoring errors; on a fresh session when this one has closed. */
  async restore(): Promise<void> {
    try {
      if (this.undo.length === 0) return;
      if (this.session.ns.isClosed) this.session = await this.ctx.signIn(this.session.who, { status: null });
      const ns = this.session.ns;
      for (const step of this.undo.reverse()) {
        const tr = ns.send(step.command, step.args);
        await ns.next((c) => c.trId === tr || (c.trId === null && isError(c)), this.ctx.timeoutMs);
      }
    } catch {
      // Restoring is best effort: the check's own outcome is what the report shows.
    } finally {
      this.undo.length = 0;
    }
  }
}

/** Runs `body` with an editor on `session`'s lists, restoring them afterwards whatever happened. */
export async function editing<T>(
  ctx: CheckContext,
  session: RawSession,
  body: (ed: ListEditor) => Promise<T>,
): Promise<T> {
  const ed = new ListEditor(ctx, session);
  try {
    return await body(ed);
  } finally {
    await ed.restore();
  }
}

/** A well-formed address at A's own domain that is no account. */
export function nobodyAt(ctx: CheckContext): string {
  return `msnp-conformance-nobody@${ctx.a.email.split('@')[1] ?? 'example.com'}`;
}

/** A change of A's `list` with B's address, and back: REM then ADD when B is on it, else ADD then REM. */
function roundTrip(list: EditList): Check {
  return {
    id: `add-rem-${list.toLowerCase()}`,
    area: 'lists',
    title: `ADD and REM on ${list}: each answered with the change and a rising list version`,
    doc: 'commands/add.md',
    async run(ctx) {
      const a = await ctx.signIn('a', { status: null });
      const b = ctx.b.email;
      return editing(ctx, a, async (ed) => {
        const opposite = OPPOSITE[list];
        if (ed.has(list, b)) {
          const name = ed.nameOn(list, b);
          const rem = await ed.remove(list, b);
          const add = await ed.add(list, b, name);
          return `REM ${list} with version ${rem.args[1]}, then ADD ${list} with ${add.args[1]}`;
        }
        // B cannot be on AL and BL at once: take B off the other list first (put back at the end).
        if (opposite && ed.has(opposite, b)) await ed.remove(opposite, b);
        const add = await ed.add(list, b);
        const rem = await ed.remove(list, b);
        return `ADD ${list} with version ${add.args[1]}, then REM ${list} with ${rem.args[1]}`;
      });
    },
  };
}

/** A reverse-list notice on B's side: `ADD 0 RL version email name` or `REM 0 RL version email`. */
async function expectNotice(
  ctx: CheckContext,
  b: RawSession,
  name: 'ADD' | 'REM',
  after: number,
): Promise<number> {
  const notice = await ctx.expect(
    b.ns,
    (c) => c.name === name && c.args[0] === 'RL',
    `the ${name} RL notice on ${b.email}'s connection`,
  );
  if (notice.trId !== 0) throw fail(`the notice "${notice.raw}" does not carry the TrID 0`);
  const [, version, email] = notice.args;
  if (name === 'ADD' && version !== undefined && same(version, ctx.a.email)) {
    ctx.deviate('rl-add-without-version', `the reverse-list add carried no list version`, notice.raw);
    return after;
  }
  if (!same(email, ctx.a.email) || !/^\d+$/.test(version ?? ''))
    throw fail(`the notice "${notice.raw}" is not ${name} 0 RL version ${ctx.a.email}`);
  if (name === 'ADD' && notice.args[3] === undefined)
    throw fail(`the notice "${notice.raw}" carries no name`);
  if (Number(version) <= after)
    throw fail(`the notice "${notice.raw}" carries list version ${version}, not above ${after}`);
  return Number(version);
}

export const LIST_CHECKS: Check[] = [
  roundTrip('FL'),
  roundTrip('AL'),
  roundTrip('BL'),
  {
    id: 'rl-notices',
    area: 'lists',
    title: 'B, online, is told when A adds or removes B: ADD 0 RL and REM 0 RL with a version',
    doc: 'commands/add.md',
    async run(ctx) {
      const b = await ctx.signIn('b');
      const a = await ctx.signIn('a', { status: null });
      return editing(ctx, a, async (ed) => {
        let version = b.listVersion ?? 0;
        if (ed.has('FL', b.email)) {
          const name = ed.nameOn('FL', b.email);
          await ed.remove('FL', b.email);
          version = await expectNotice(ctx, b, 'REM', version);
          await ed.add('FL', b.email, name);
          await expectNotice(ctx, b, 'ADD', version);
        } else {
          await ed.add('FL', b.email);
          version = await expectNotice(ctx, b, 'ADD', version);
          await ed.remove('FL', b.email);
          await expectNotice(ctx, b, 'REM', version);
        }
        return 'REM 0 RL and ADD 0 RL naming A, each with a higher list version';
      });
    },
  },
  {
    id: 'add-duplicate',
    area: 'lists',
    title: 'ADD of someone already on the list is refused with 215',
    doc: 'commands/add.md',
    async run(ctx) {
      const a = await ctx.signIn('a', { status: null });
      const b = ctx.b.email;
      return editing(ctx, a, async (ed) => {
        if (!ed.has('FL', b)) await ed.add('FL', b);
        const reply = await ed.probe('ADD', 'FL', b);
        if (reply.name !== '215')
          throw fail(`ADD FL of ${b}, already on the forward list, was answered with "${reply.raw}"`);
        return '215';
      });
    },
  },
  {
    id: 'add-unknown',
    area: 'lists',
    title: 'ADD of a well-formed address that is no account is refused with 205',
    doc: 'commands/add.md',
    async run(ctx) {
      const a = await ctx.signIn('a', { status: null });
      const nobody = nobodyAt(ctx);
      return editing(ctx, a, async (ed) => {
        const reply = await ed.attempt('ADD', 'FL', nobody);
        if (reply.name === '207')
          ctx.deviate(
            'unknown-as-207',
            'an address that is no account was refused with 207 (already signed in) instead of 205',
            reply.raw,
          );
        else if (reply.name !== '205')
          throw fail(`ADD FL ${nobody}, who is no account, was answered with "${reply.raw}"`);
        return reply.name;
      });
    },
  },
  {
    id: 'add-al-and-bl',
    area: 'lists',
    title: 'ADD to the block list of someone on the allow list (or the reverse) is refused with 219',
    doc: 'commands/add.md',
    async run(ctx) {
      const a = await ctx.signIn('a', { status: null });
      const b = ctx.b.email;
      return editing(ctx, a, async (ed) => {
        if (!ed.has('AL', b) && !ed.has('BL', b)) await ed.add('AL', b);
        const [on, to]: [EditList, EditList] = ed.has('AL', b) ? ['AL', 'BL'] : ['BL', 'AL'];
        const reply = await ed.attempt('ADD', to, b);
        if (reply.name !== '219')
          throw fail(`ADD ${to} of ${b}, who is on ${on}, was answered with "${reply.raw}" instead of 219`);
        return `219 for ADD ${to} while on ${on}`;
      });
    },
  },
  {
    id: 'add-invalid',
    area: 'lists',
    title: 'ADD BL of an address without a domain suffix (a@b) is refused with 201',
    doc: 'commands/add.md',
    async run(ctx) {
      const a = await ctx.signIn('a', { status: null });
      return editing(ctx, a, async (ed) => {
        const reply = await ed.attempt('ADD', 'BL', 'a@b');
        if (reply.name !== '201') throw fail(`ADD BL a@b was answered with "${reply.raw}" instead of 201`);
        return '201';
      });
    },
  },
  {
    id: 'rem-not-listed',
    area: 'lists',
    title: 'REM of someone not on the list is refused with 216',
    doc: 'commands/rem.md',
    async run(ctx) {
      const a = await ctx.signIn('a', { status: null });
      const b = ctx.b.email;
      return editing(ctx, a, async (ed) => {
        // B is never on AL and BL at once, so one of them lacks B.
        const list: EditList = ed.has('BL', b) ? 'AL' : 'BL';
        const reply = await ed.probe('REM', list, b);
        if (reply.name !== '216')
          throw fail(
            `REM ${list} of ${b}, who is not on it, was answered with "${reply.raw}" instead of 216`,
          );
        return `216 for REM ${list}`;
      });
    },
  },
];
