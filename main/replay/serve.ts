// The replay server: plays the server's side of a transcript to whichever client connects. One port stands
// for every server of the session: the Nth connection gets the Nth script, and each XFR or RNG the
// transcript recorded sends the client back to this port. Each client line is checked against the
// recorded one under the rules of normalize.ts; the TrIDs the client chose are echoed back in its replies.
import net from 'node:net';
import { Framer } from '../msnp/framing';
import { compareLines, fieldKinds, fieldsOf } from './normalize';
import {
  filledLine,
  fillPlaceholders,
  handedOutAddress,
  hasMd5Placeholder,
  readScripts,
  withAddress,
  type Script,
} from './script';
import { wireLine } from './transcript';

export interface Mismatch {
  /** 1 for the first connection. */
  connection: number;
  /** The transcript line that was expected, when there was one. */
  at: number | null;
  expected: string | null;
  actual: string | null;
  /** One sentence. */
  message: string;
}

export interface ReplayServerOptions {
  host?: string;
  port?: number;
  onMismatch?: (m: Mismatch) => void;
  /** A connection's script ran to its end (complete) or the client left before (not complete). */
  onConnectionEnd?: (connection: number, complete: boolean) => void;
  /**
   * Once a client has connected, the replay ends when nothing comes from any client for this long (a client
   * that stopped halfway must not hold it forever); the scripts not played are a mismatch. Never, when absent.
   */
  idleMs?: number;
}

export interface ReplayServer {
  host: string;
  port: number;
  connections: number;
  mismatches: Mismatch[];
  /** Resolves when every script has been played to its end, or its client left: check `mismatches`. */
  finished: Promise<void>;
  close(): Promise<void>;
}

export async function startReplayServer(
  text: string,
  options: ReplayServerOptions = {},
): Promise<ReplayServer> {
  const scripts = readScripts(text);
  if (scripts.length === 0) throw new Error('The transcript has no "--- connection" in it.');
  const host = options.host ?? '127.0.0.1';
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as net.AddressInfo).port;
  const own = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const mismatches: Mismatch[] = [];
  const report = (m: Mismatch): void => {
    mismatches.push(m);
    options.onMismatch?.(m);
  };
  let served = 0;
  let ended = 0;
  let resolveFinished!: () => void;
  const finished = new Promise<void>((r) => (resolveFinished = r));
  const sockets = new Set<net.Socket>();
  // One timer, re-armed by every connection and every line a client sends; cleared when the replay ends.
  let idle: NodeJS.Timeout | null = null;
  const stopIdle = (): void => {
    if (idle) clearTimeout(idle);
    idle = null;
  };
  const active = (): void => {
    const ms = options.idleMs;
    if (ms === undefined) return;
    stopIdle();
    idle = setTimeout(() => {
      idle = null;
      report({
        connection: served,
        at: null,
        expected: null,
        actual: null,
        message: `No client sent anything for ${ms / 1000} seconds, with ${scripts.length - ended} connection(s) of the transcript not played to their end.`,
      });
      resolveFinished();
    }, ms);
  };
  void finished.then(stopIdle);

  server.on('connection', (sock) => {
    sockets.add(sock);
    active();
    sock.on('error', () => {});
    const n = ++served;
    const script = scripts[n - 1];
    if (!script) {
      report({
        connection: n,
        at: null,
        expected: null,
        actual: null,
        message: `The client opened connection ${n}, but the transcript has only ${scripts.length}.`,
      });
      sock.destroy();
      return;
    }
    const play = new Player(script, n, port, own, (bytes) => sock.write(bytes), report);
    let done = false;
    const end = (complete: boolean): void => {
      if (done) return;
      done = true;
      options.onConnectionEnd?.(n, complete);
      if (++ended === scripts.length) resolveFinished();
    };
    const framer = new Framer(
      { from: 'client' },
      {
        command: (cmd) => {
          active();
          play.received(cmd.raw, cmd.payload?.toString('utf8'));
          if (play.complete) {
            sock.end();
            end(true);
          }
        },
        warning: () => {},
        fatal: (err) => {
          report({
            connection: n,
            at: null,
            expected: null,
            actual: null,
            message: `The client's bytes on connection ${n} could not be read: ${err.message}`,
          });
          sock.destroy();
        },
      },
    );
    sock.on('data', (d: Buffer) => framer.push(d));
    sock.on('close', () => {
      sockets.delete(sock);
      if (!play.complete) {
        const left = play.remaining;
        report({
          connection: n,
          at: left[0]?.at ?? null,
          expected: left[0] ? `${left[0].direction}: ${left[0].line}` : null,
          actual: null,
          message: `The client closed connection ${n} with ${left.length} transcript line(s) still to play.`,
        });
      }
      end(play.complete);
    });
    play.start();
    if (play.complete) {
      sock.end();
      end(true);
    }
  });

  return {
    host,
    port,
    connections: scripts.length,
    mismatches,
    finished,
    close: () =>
      new Promise<void>((resolve) => {
        stopIdle();
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** One connection's script: what the client must send next, and the server lines that follow it. */
class Player {
  private i = 0;
  /** The client's TrIDs by the recorded ones, to answer with the client's own. */
  private readonly trIds = new Map<string, string>();

  constructor(
    private readonly script: Script,
    private readonly n: number,
    private readonly port: number,
    private readonly own: string,
    private readonly write: (bytes: Buffer) => void,
    private readonly report: (m: Mismatch) => void,
  ) {}

  get complete(): boolean {
    return this.i >= this.script.lines.length;
  }

  get remaining(): Script['lines'] {
    return this.script.lines.slice(this.i);
  }

  start(): void {
    this.playServerLines();
  }

  received(line: string, payload: string | undefined): void {
    const next = this.script.lines[this.i];
    const shown = payload === undefined ? line : `${line} (and its payload)`;
    if (!next || next.direction !== 'C') {
      const at = next?.at ?? null;
      this.report({
        connection: this.n,
        at,
        expected: null,
        actual: line,
        message: `Connection ${this.n} got "${shown}" where the transcript has no client line.`,
      });
      return;
    }
    this.i++;
    const filled = filledLine(next, this.port);
    const expected = filled.line;
    const cmp = compareLines(expected, line, hasMd5Placeholder(next.line));
    for (const [kind, recorded, live] of cmp.learned) if (kind === 'trid') this.trIds.set(recorded, live);
    const payloadDiffers =
      (next.payload === undefined) !== (payload === undefined) ||
      (payload !== undefined && filled.payload !== payload);
    if (!cmp.equal || payloadDiffers) {
      const what = cmp.equal ? 'its payload differs' : `expected "${expected}"`;
      this.report({
        connection: this.n,
        at: next.at,
        expected,
        actual: line,
        message: `Connection ${this.n}, transcript line ${next.at}: got "${line}", ${what}.`,
      });
    }
    this.playServerLines();
  }

  private playServerLines(): void {
    for (let next = this.script.lines[this.i]; next?.direction === 'S'; next = this.script.lines[++this.i]) {
      let line = this.rewrite(fillPlaceholders(next.line, this.port));
      if (handedOutAddress(line) !== null) line = withAddress(line, this.own);
      const payload = next.payload === undefined ? undefined : fillPlaceholders(next.payload, this.port);
      const head = wireLine(
        payload === undefined ? { direction: 'S', line } : { direction: 'S', line, payload },
      );
      this.write(Buffer.from(`${head}\r\n${payload ?? ''}`, 'utf8'));
    }
  }

  /** The recorded TrID replaced by the one the client used for the same request. */
  private rewrite(line: string): string {
    const fields = fieldsOf(line);
    const kinds = fieldKinds(fields);
    const live = kinds[1] === 'trid' ? this.trIds.get(fields[1]!) : undefined;
    if (live === undefined) return line;
    fields[1] = live;
    return fields.join(' ');
  }
}
