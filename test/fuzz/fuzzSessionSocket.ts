// The fake network. `net.createConnection` is the seam: while a run is active it returns a FakeSocket
// (what Connection uses of net.Socket: connect, data, error and close events, write, end, destroy and the
// addresses), whose far end is a FakeServer playing one connection of the mutated transcript. It reads the
// client's lines, answers each with the transcript's replies to the same command (the TrIDs rewritten to
// the client's), and cuts, delays, ends or goes silent as the plan says. Everything runs on the run's clock.
import net from 'node:net';
import { EventEmitter } from 'node:events';
import { syncBuiltinESMExports } from 'node:module';
import { activeWorld, type World } from './fuzzSessionClock';
import type { ConnectionPlan, FuzzInput } from './fuzzSessionInput';
import { Gen } from './fuzzSessionMutate';
import { prng } from '../unit/prng';

/** What the fake network lets the target see: the connections opened and what the client sent. */
export interface Network {
  input: FuzzInput;
  world: World;
  gen: Gen;
  opened: number;
  /** Everything the client wrote, line by line, over all connections. */
  sent: string[];
  sockets: FakeSocket[];
}

let network: Network | null = null;

export function setNetwork(n: Network | null): void {
  network = n;
}

export function newNetwork(input: FuzzInput, world: World): Network {
  return { input, world, gen: new Gen(prng(input.play.seed)), opened: 0, sent: [], sockets: [] };
}

const errno = (code: string, message: string): Error => Object.assign(new Error(message), { code });

export class FakeSocket extends EventEmitter {
  /** No more data events: the client destroyed it, it failed, or its close is under way. */
  destroyed = false;
  /** Our side is ended: by end(), or by itself after the peer's FIN (no half-open sockets). */
  ended = false;
  remoteAddress: string | undefined;
  localAddress: string | undefined;
  server: FakeServer | null = null;
  private closeEmitted = false;

  constructor(
    readonly world: World,
    readonly index: number,
  ) {
    super();
  }

  setNoDelay(): this {
    return this;
  }
  setKeepAlive(): this {
    return this;
  }
  setTimeout(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }

  write(data: Buffer | string): boolean {
    if (this.destroyed) return false;
    if (this.ended) {
      // As net.Socket: a write after end fails on the next tick, as an error event.
      this.world.schedule(0, () => this.fail(errno('ERR_STREAM_WRITE_AFTER_END', 'write after end')));
      return false;
    }
    const bytes = Buffer.from(data);
    this.world.schedule(0, () => this.server?.fromClient(bytes));
    return true;
  }

  end(): this {
    if (this.ended || this.destroyed) return this;
    this.ended = true;
    this.world.note(`client half-closes connection ${this.index}`);
    this.world.schedule(0, () => this.server?.clientEnded());
    return this;
  }

  destroy(): this {
    if (this.destroyed) return this;
    this.destroyed = true;
    this.world.note(`client destroys connection ${this.index}`);
    this.server?.clientGone();
    this.world.schedule(0, () => this.emitClose(false));
    return this;
  }

  /** An error event, then close: how net.Socket reports a reset, a refusal or a write after end. */
  fail(err: Error): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.server?.clientGone();
    this.emit('error', err);
    this.world.schedule(0, () => this.emitClose(true));
  }

  /** The server's FIN: end, then our side ends too and the socket closes. */
  peerEnded(): void {
    if (this.destroyed) return;
    this.emit('end');
    this.ended = true;
    this.world.schedule(0, () => {
      if (this.destroyed) return;
      this.destroyed = true;
      this.server?.clientGone();
      this.emitClose(false);
    });
  }

  private emitClose(hadError: boolean): void {
    if (this.closeEmitted) return;
    this.closeEmitted = true;
    this.emit('close', hadError);
  }
}

export class FakeServer {
  private cursor = 0;
  private readonly trIds = new Map<string, string>();
  private buffered = '';
  private written = 0;
  private clientLines = 0;
  /** No more bytes or closes from this server: it went silent, closed, or the client is gone. */
  private stopped = false;
  private lastAt = 0;

  constructor(
    private readonly net: Network,
    private readonly plan: ConnectionPlan,
    private readonly socket: FakeSocket,
    private readonly index: number,
  ) {}

  private get world(): World {
    return this.net.world;
  }

  start(): void {
    this.playUntilClient();
  }

  fromClient(bytes: Buffer): void {
    this.buffered += bytes.toString('latin1');
    let nl: number;
    while ((nl = this.buffered.indexOf('\r\n')) !== -1) {
      const line = this.buffered.slice(0, nl);
      this.buffered = this.buffered.slice(nl + 2);
      this.net.sent.push(line);
      this.world.note(`C${this.index}> ${JSON.stringify(line)}`);
      this.answer(line);
    }
  }

  private answer(line: string): void {
    if (this.clientLines++ === this.plan.echoClientLine) this.send(Buffer.from(line + '\r\n', 'latin1'));
    const [name = '', trId] = line.split(' ');
    const steps = this.plan.steps;
    let found = -1;
    for (let i = this.cursor; i < steps.length; i += 1) {
      const s = steps[i]!;
      if (s.kind === 'C' && s.name === name) {
        found = i;
        break;
      }
    }
    if (found === -1) {
      if (name === 'PNG' && this.plan.pingReply) this.send(Buffer.from('QNG\r\n'));
      if (name === 'OUT') this.close('fin');
      return;
    }
    const step = steps[found]!;
    if (step.kind === 'C' && step.trId !== null && trId !== undefined) this.trIds.set(step.trId, trId);
    this.cursor = found + 1;
    this.playUntilClient();
    if (name === 'OUT' && this.cursor >= steps.length) this.close('fin');
  }

  /** Sends the server steps from the cursor up to the next client step. */
  private playUntilClient(): void {
    const steps = this.plan.steps;
    const out: Buffer[] = [];
    while (this.cursor < steps.length) {
      const s = steps[this.cursor]!;
      if (s.kind === 'C') break;
      this.cursor += 1;
      out.push(this.withTrId(s.bytes, s.owner));
    }
    if (out.length > 0) this.send(Buffer.concat(out));
  }

  /** The reply carries the TrID the client used for the request the transcript's reply answered. */
  private withTrId(bytes: Buffer, owner: string | null): Buffer {
    if (owner === null) return bytes;
    const actual = this.trIds.get(owner);
    if (actual === undefined || actual === owner) return bytes;
    const first = bytes.indexOf(0x20);
    if (first === -1) return bytes;
    const token = `${owner} `;
    if (bytes.toString('latin1', first + 1, first + 1 + token.length) !== token) return bytes;
    return Buffer.concat([
      bytes.subarray(0, first + 1),
      Buffer.from(actual),
      bytes.subarray(first + 1 + owner.length),
    ]);
  }

  private send(bytes: Buffer): void {
    if (this.stopped) return;
    const end = this.plan.end;
    let data = bytes;
    let fate: 'fin' | 'rst' | 'silent' | null = null;
    if (end.kind !== 'none' && this.written + data.length >= end.afterBytes) {
      data = data.subarray(0, Math.max(0, end.afterBytes - this.written));
      fate = end.kind;
    }
    this.written += data.length;
    for (const chunk of this.chunks(data)) this.deliver(chunk);
    if (fate === 'silent') {
      this.world.note(`S${this.index} goes silent`);
      this.stopped = true;
    } else if (fate) this.close(fate);
  }

  private chunks(data: Buffer): Buffer[] {
    const g = this.net.gen;
    const split = this.net.input.play.splitChance;
    if (data.length < 2 || split === 0 || !g.chance(split)) return data.length > 0 ? [data] : [];
    const cuts = new Set<number>();
    const n = g.chance(0.05) && data.length < 300 ? data.length - 1 : 1 + g.int(4);
    for (let k = 0; k < n; k += 1) cuts.add(n === data.length - 1 ? k + 1 : 1 + g.int(data.length - 1));
    const sorted = [...cuts].sort((a, b) => a - b);
    const out: Buffer[] = [];
    let from = 0;
    for (const cut of [...sorted, data.length]) {
      out.push(data.subarray(from, cut));
      from = cut;
    }
    return out;
  }

  private delay(): number {
    const g = this.net.gen;
    switch (this.net.input.play.delays) {
      case 'none':
        return 0;
      case 'small':
        return g.chance(0.5) ? 0 : g.int(20);
      default:
        // Now and then a reply comes about when the request times out (200 ms), or after.
        return g.chance(0.85) ? 0 : g.pick([g.int(150), 199, 200, 201, g.int(400)]);
    }
  }

  /** TCP keeps order: a chunk never arrives before the one sent ahead of it. */
  private deliver(chunk: Buffer): void {
    const at = Math.max(this.world.now + this.delay(), this.lastAt);
    this.lastAt = at;
    const socket = this.socket;
    this.world.scheduleAt(at, () => {
      if (socket.destroyed) return;
      this.world.note(`S${this.index}< ${JSON.stringify(chunk.toString('latin1'))}`);
      socket.emit('data', chunk);
    });
  }

  private close(how: 'fin' | 'rst'): void {
    if (this.stopped) return;
    this.stopped = true;
    const at = Math.max(this.world.now, this.lastAt);
    this.world.scheduleAt(at, () => {
      this.world.note(`S${this.index} ${how === 'fin' ? 'closes (FIN)' : 'resets (RST)'}`);
      if (how === 'fin') this.socket.peerEnded();
      else this.socket.fail(errno('ECONNRESET', 'read ECONNRESET'));
    });
  }

  clientEnded(): void {
    if (!this.plan.ignoreFin) this.close('fin');
  }

  clientGone(): void {
    this.stopped = true;
  }
}

/** Opens the next connection of the plan; past the transcript's last, what `beyond` says. */
function open(n: Network): FakeSocket {
  const world = n.world;
  const index = n.opened++;
  const socket = new FakeSocket(world, index);
  n.sockets.push(socket);
  const plans = n.input.connections;
  let plan: ConnectionPlan | undefined = plans[index];
  if (!plan && n.input.beyond !== 'refuse')
    plan = n.input.beyond === 'first' ? plans[0] : plans[plans.length - 1];
  world.note(`client opens connection ${index}`);
  const connect = plan?.connect ?? 'refused';
  world.schedule(plan?.connectDelay ?? 0, () => {
    if (socket.destroyed) return;
    if (connect === 'never') return;
    if (connect === 'refused' || !plan) {
      world.note(`connection ${index} refused`);
      socket.fail(errno('ECONNREFUSED', 'connect ECONNREFUSED'));
      return;
    }
    socket.remoteAddress = plan.remoteAddress;
    socket.localAddress = '127.0.0.1';
    socket.server = new FakeServer(n, plan, socket, index);
    socket.emit('connect');
    socket.server.start();
  });
  return socket;
}

let installed = false;

/** Replaces net.createConnection (and its ESM binding) with the fake while a run is active. */
export function installFakeNetwork(): void {
  if (installed) return;
  installed = true;
  const real = net.createConnection;
  (net as { createConnection: unknown }).createConnection = (...args: unknown[]): unknown => {
    if (network && activeWorld() === network.world) return open(network);
    return (real as (...a: unknown[]) => unknown)(...args);
  };
  syncBuiltinESMExports();
}
