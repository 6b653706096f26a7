// The replay check: plays the client's side of a transcript to a real server and reports where the
// server's answers differ from the recorded ones. It sends the recorded lines (TrIDs included, so the
// server must echo them), with what the server picks afresh carried over from its live answers: the
// salt for the MD5 response, the cookies and session ids a switchboard wants back, the addresses to go to.
// Lines come in blocks (the server lines between two client lines); a live line is matched to the first
// recorded line of its block that it equals, else to the first with the same name and TrID, else it is
// one the transcript did not predict, reported and then passed over.
import { type Command } from '../msnp/command';
import { md5Response } from '../msnp/nsLogin';
import { WireClient } from '../conformance/wire';
import { compareLines, fieldKinds, fieldsOf, payloadDifference } from './normalize';
import {
  fillPlaceholders,
  handedOutAddress,
  readScripts,
  splitAddress,
  type Script,
  type ScriptLine,
} from './script';
import { payloadLength } from './transcript';

export interface Difference {
  /** 1 for the first connection. */
  connection: number;
  /** The transcript line concerned (for an unexpected line: the last one matched before it). */
  at: number | null;
  kind: 'differs' | 'order' | 'missing' | 'unexpected' | 'closed' | 'connect';
  expected?: string;
  actual?: string;
  /** For a payload that differs: "- recorded" and "+ live" lines. */
  payload?: string[];
  message: string;
}

export interface CheckOptions {
  server: { host: string; port: number };
  /** Recomputes the MD5 response with the live salt, where the transcript recorded a bare hash. */
  password?: string;
  timeoutMs: number;
  onDifference?: (d: Difference) => void;
  signal?: AbortSignal;
}

export interface CheckResult {
  connections: number;
  /** Server lines the transcript had and the server was asked for. */
  compared: number;
  differences: Difference[];
}

type State = 'pending' | 'running' | 'parked' | 'done';

export async function runCheck(text: string, options: CheckOptions): Promise<CheckResult> {
  const scripts = readScripts(text);
  if (scripts.length === 0) throw new Error('The transcript has no "--- connection" in it.');
  const run = new CheckRun(scripts, options);
  await run.all();
  return { connections: scripts.length, compared: run.compared, differences: run.differences };
}

class CheckRun {
  readonly differences: Difference[] = [];
  compared = 0;
  /** Recorded value to live value: addresses, cookies, session ids and salts the server handed out. */
  private readonly learned = new Map<string, string>();
  private readonly states: State[];
  private readonly addresses: (string | null)[];
  private readonly clients = new Set<WireClient>();
  private wakers: (() => void)[] = [];

  constructor(
    private readonly scripts: Script[],
    private readonly options: CheckOptions,
  ) {
    this.states = scripts.map(() => 'pending');
    this.addresses = recordedAddresses(scripts, options.server.port);
    options.signal?.addEventListener('abort', () => this.clients.forEach((c) => c.close()), { once: true });
  }

  async all(): Promise<void> {
    await Promise.all(this.scripts.map((_, k) => this.connection(k)));
  }

  private report(d: Difference): void {
    this.differences.push(d);
    this.options.onDifference?.(d);
  }

  private fill(text: string, salt: string | null): string {
    return fillPlaceholders(text, this.options.server.port, (s) => this.learned.get(s) ?? salt ?? s);
  }

  private setState(k: number, s: State): void {
    this.states[k] = s;
    this.wake();
  }

  private wake(): void {
    const wake = this.wakers;
    this.wakers = [];
    wake.forEach((w) => w());
  }

  /** Progress elsewhere is bounded by the other connections' own timeouts, so this wait needs none. */
  private async until(ready: () => boolean): Promise<void> {
    while (!ready() && !this.options.signal?.aborted) await new Promise<void>((r) => this.wakers.push(r));
  }

  private async connection(k: number): Promise<void> {
    const recorded = this.addresses[k] ?? null;
    // A later connection goes where the server sent the client, once it has; or, when the earlier ones
    // have all come as far as they can, where the transcript says (or to --server).
    await this.until(
      () =>
        k === 0 ||
        (recorded !== null && this.learned.has(recorded)) ||
        this.states.slice(0, k).every((s) => s !== 'pending' && s !== 'running'),
    );
    this.setState(k, 'running');
    try {
      if (!this.options.signal?.aborted) await this.play(k, recorded);
    } finally {
      this.setState(k, 'done');
    }
  }

  private async play(k: number, recorded: string | null): Promise<void> {
    const n = k + 1;
    const lines = this.scripts[k]!.lines;
    const live = k === 0 || recorded === null ? null : splitAddress(this.learned.get(recorded) ?? recorded);
    const address = live ?? this.options.server;
    let client: WireClient;
    try {
      client = await WireClient.connect(address, `${n}`, [], this.options.timeoutMs);
    } catch (err) {
      this.report({
        connection: n,
        at: lines[0]?.at ?? null,
        kind: 'connect',
        message: `Connection ${n}: ${(err as Error).message}.`,
      });
      return;
    }
    this.clients.add(client);
    const lastClientLine = lines.map((l) => l.direction).lastIndexOf('C');
    let salt: string | null = null;
    let lastAt: number | null = null;
    let i = 0;
    while (i < lines.length && !this.options.signal?.aborted) {
      const l = lines[i]!;
      if (l.direction === 'C') {
        // Signing out waits for the connections this one led to, as the client would have.
        if (i === lastClientLine && fieldsOf(l.line)[0] === 'OUT') {
          this.setState(k, 'parked');
          await this.until(() => this.states.slice(k + 1).every((s) => s === 'done'));
          this.setState(k, 'running');
        }
        client.sendRaw(this.outgoing(l, salt));
        lastAt = l.at;
        i++;
        continue;
      }
      let end = i;
      while (lines[end]?.direction === 'S') end++;
      const block = lines.slice(i, end);
      this.compared += block.length;
      const outcome = await this.block(n, client, block, lastAt);
      salt = outcome.salt ?? salt;
      lastAt = block.at(-1)!.at;
      i = end;
      if (outcome.closed) {
        const left = lines.slice(end);
        if (left.length > 0)
          this.report({
            connection: n,
            at: left[0]!.at,
            kind: 'closed',
            expected: left[0]!.line,
            message: `Connection ${n}, line ${left[0]!.at}: the server closed the connection with ${left.length} transcript line(s) still to go.`,
          });
        break;
      }
    }
    // After OUT the server closes; whatever it still sends the transcript did not have.
    if (fieldsOf(lines[lastClientLine]?.line ?? '')[0] === 'OUT' && i >= lines.length)
      await client.closesWithin(this.options.timeoutMs);
    for (const cmd of client.drain()) this.unexpected(n, cmd, lastAt);
    this.clients.delete(client);
    client.close();
  }

  /** A client line as it goes to this server: live cookies, session ids and salt instead of the recorded ones. */
  private outgoing(l: ScriptLine, salt: string | null): string {
    const fields = fieldsOf(this.fill(l.line, salt));
    const kinds = fieldKinds(fields);
    fields.forEach((f, j) => {
      if (kinds[j] === 'cookie' || kinds[j] === 'session' || kinds[j] === 'address')
        fields[j] = this.learned.get(f) ?? f;
    });
    if (this.options.password !== undefined && kinds[4] === 'hash' && salt !== null)
      fields[4] = md5Response(salt, this.options.password);
    const payload = l.payload === undefined ? undefined : this.fill(l.payload, salt);
    if (payload === undefined) return `${fields.join(' ')}\r\n`;
    return `${fields.join(' ')} ${payloadLength(payload)}\r\n${payload}`;
  }

  private async block(
    n: number,
    client: WireClient,
    block: ScriptLine[],
    before: number | null,
  ): Promise<{ closed: boolean; salt: string | null }> {
    let salt: string | null = null;
    let lastAt = before;
    const expected = block.map((e) => this.fill(e.line, null));
    const matched = block.map(() => false);
    /** Recorded lines a later one came before, with that line: reported once, when they come or at the end. */
    const overtaken = new Map<number, string>();
    const key = (s: string): string => {
      const f = fieldsOf(s);
      return fieldKinds(f)[1] === 'trid' ? `${f[0]} ${f[1]}` : `${f[0]}`;
    };
    // One deadline for the whole block: a server that keeps sending other lines must not hold the check forever.
    const deadline = Date.now() + this.options.timeoutMs;
    for (
      let p = 0;
      p < block.length;
      p = matched.indexOf(false) < 0 ? block.length : matched.indexOf(false)
    ) {
      const cmd = await client.next(() => true, Math.max(0, deadline - Date.now()));
      if (!cmd) {
        if (client.isClosed) return { closed: true, salt };
        block.forEach((e, j) => {
          if (matched[j]) return;
          const why = overtaken.has(j)
            ? `the server went on to "${overtaken.get(j)}" and it never came`
            : `nothing came within ${this.options.timeoutMs / 1000} s`;
          this.report({
            connection: n,
            at: e.at,
            kind: 'missing',
            expected: e.line,
            message: `Connection ${n}, line ${e.at}: expected "${expected[j]}", but ${why}.`,
          });
        });
        return { closed: false, salt };
      }
      const line = cmd.raw.replace(/ \d+$/, (m) => (cmd.payload === undefined ? m : ''));
      const open = (j: number): boolean => j >= p && !matched[j];
      let q = expected.findIndex((e, j) => open(j) && compareLines(e, line).equal);
      if (q < 0) q = expected.findIndex((e, j) => open(j) && key(e) === key(line));
      if (q < 0) {
        this.unexpected(n, cmd, lastAt);
        continue;
      }
      for (let j = p; j < q; j++) if (!matched[j] && !overtaken.has(j)) overtaken.set(j, line);
      matched[q] = true;
      const e = block[q]!;
      if (overtaken.has(q))
        this.report({
          connection: n,
          at: e.at,
          kind: 'order',
          expected: e.line,
          actual: cmd.raw,
          message: `Connection ${n}, line ${e.at}: "${line}" came after "${overtaken.get(q)}", which the transcript has later.`,
        });
      const cmp = compareLines(expected[q]!, line);
      for (const [kind, recorded, live] of cmp.learned) {
        if (kind === 'salt') salt = live;
        if (kind !== 'trid' && kind !== 'version') this.learned.set(recorded, live);
      }
      // Always, even when equal: a connection waiting for this address may go now.
      const address = handedOutAddress(expected[q]!);
      const liveAddress = handedOutAddress(line);
      if (address !== null && liveAddress !== null) this.learned.set(address, liveAddress);
      const payload = cmd.payload?.toString('utf8');
      const recordedPayload = e.payload === undefined ? undefined : this.fill(e.payload, null);
      if (!cmp.equal)
        this.report({
          connection: n,
          at: e.at,
          kind: 'differs',
          expected: e.line,
          actual: cmd.raw,
          message: `Connection ${n}, line ${e.at}: expected "${expected[q]}", got "${line}".`,
        });
      else if (recordedPayload !== undefined || payload !== undefined) {
        const diff = payloadDifference(recordedPayload ?? '', payload ?? '');
        if (diff.length > 0)
          this.report({
            connection: n,
            at: e.at,
            kind: 'differs',
            expected: e.line,
            actual: cmd.raw,
            payload: diff,
            message: `Connection ${n}, line ${e.at}: the payload of "${line}" differs.`,
          });
      }
      this.wake();
      lastAt = e.at;
    }
    return { closed: false, salt };
  }

  private unexpected(n: number, cmd: Command, after: number | null): void {
    const where = after === null ? '' : `, after line ${after}`;
    this.report({
      connection: n,
      at: after,
      kind: 'unexpected',
      actual: cmd.raw,
      message: `Connection ${n}${where}: the server sent "${cmd.raw}", which the transcript does not have.`,
    });
  }
}

/**
 * The recorded address of each connection but the first: the one its label names, else the next address
 * an earlier connection's XFR or RNG handed out.
 */
function recordedAddresses(scripts: Script[], port: number): (string | null)[] {
  const handed: string[] = [];
  let used = 0;
  return scripts.map((s, k) => {
    const fromLabel = /(\S+:\d+)/.exec(fillPlaceholders(s.label ?? '', port))?.[1];
    const address = k === 0 ? null : (fromLabel ?? handed[used++] ?? null);
    for (const l of s.lines) {
      const a = l.direction === 'S' ? handedOutAddress(fillPlaceholders(l.line, port)) : null;
      if (a !== null) handed.push(a);
    }
    return address;
  });
}
