// The replay server of the sign-in bench, run as a child process: `tsx test/bench/signInReplay.ts CONTACTS`.
// It first records what the test server sends for a sign-in of CONTACTS contacts (a real client signs in through
// a recording proxy), then stops the test server and answers every later sign-in from the recording: each line a
// client sends gets the bytes the test server sent for that step, in one write. So neither half of the bench
// pays for the test server building its replies. Prints one JSON line (ReplayScript) when ready.
import net from 'node:net';
import { NotificationSession } from '../../main/msnp/notificationSession';
import { largeAccount } from '../../main/sandbox/demoData';
import { MsnpTestServer } from '../../main/sandbox/server';

const BIG = { email: 'big@example.com', password: 'big' };

/** One client line and the server's whole answer to it (possibly nothing). */
interface Step {
  line: string;
  reply: Buffer;
}

interface Recorded {
  steps: Step[];
  /** The test server ended the connection after this step's reply (-1: the client closed first). */
  endAfter: number;
}

/** What the bench needs to speak the same conversation without parsing: the lines and the reply sizes. */
export interface ReplayScript {
  email: string;
  password: string;
  dispatchPort: number;
  nsPort: number;
  dispatch: { line: string; replyBytes: number }[];
  ns: { line: string; replyBytes: number }[];
}

type Role = 'dispatch' | 'ns';

/** Splits a stream into CRLF lines; the client's sign-in lines carry no payloads. */
function lineReader(onLine: (line: string) => void): (chunk: Buffer) => void {
  let pending = '';
  return (chunk) => {
    pending += chunk.toString('latin1');
    for (let nl = pending.indexOf('\r\n'); nl !== -1; nl = pending.indexOf('\r\n')) {
      onLine(pending.slice(0, nl));
      pending = pending.slice(nl + 2);
    }
  };
}

class ReplayServer {
  private readonly recorded: Record<Role, Recorded[]> = { dispatch: [], ns: [] };
  private upstream: { dispatch: number; ns: number } | null = null;
  private readonly listeners: Record<Role, net.Server>;
  ports = { dispatch: 0, ns: 0 };
  /** Set when a client strayed from the recording: the bench must not report figures then. */
  failure: string | null = null;

  constructor() {
    this.listeners = {
      dispatch: net.createServer((s) => this.accept('dispatch', s)),
      ns: net.createServer((s) => this.accept('ns', s)),
    };
  }

  async listen(): Promise<void> {
    for (const role of ['dispatch', 'ns'] as const) {
      const server = this.listeners[role];
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      this.ports[role] = (server.address() as net.AddressInfo).port;
    }
  }

  /** Records one sign-in through a proxy to the test server, then replays that from now on. */
  async record(contacts: number): Promise<void> {
    const server = new MsnpTestServer({ accounts: largeAccount(BIG.email, BIG.password, contacts).accounts });
    await server.start();
    this.upstream = { dispatch: server.dispatchPort, ns: server.nsPort };
    const session = new NotificationSession({ keepAliveMs: 0 });
    try {
      await session.signIn({ host: '127.0.0.1', port: this.ports.dispatch, ...BIG });
      if (session.state.contactCount !== contacts)
        throw new Error(`the recording signed in with ${session.state.contactCount} contacts`);
      await session.signOut();
    } finally {
      this.upstream = null;
      await server.stop();
    }
    for (const role of ['dispatch', 'ns'] as const) {
      if (this.recorded[role].length !== 1)
        throw new Error(`recorded ${this.recorded[role].length} ${role} connections`);
    }
  }

  script(): ReplayScript {
    const steps = (role: Role): ReplayScript['ns'] =>
      this.recorded[role][0]!.steps.map((s) => ({ line: s.line, replyBytes: s.reply.length }));
    return {
      ...BIG,
      dispatchPort: this.ports.dispatch,
      nsPort: this.ports.ns,
      dispatch: steps('dispatch'),
      ns: steps('ns'),
    };
  }

  private accept(role: Role, socket: net.Socket): void {
    socket.setNoDelay(true);
    socket.on('error', () => {});
    if (this.upstream) this.proxy(role, socket, this.upstream[role]);
    else this.replay(this.recorded[role][0]!, socket);
  }

  /** Forwards both ways, cutting the server's bytes into steps at each client line. */
  private proxy(role: Role, client: net.Socket, port: number): void {
    const rec: Recorded = { steps: [], endAfter: -1 };
    this.recorded[role].push(rec);
    const upstream = net.createConnection({ host: '127.0.0.1', port });
    upstream.setNoDelay(true);
    upstream.on('error', () => client.destroy());
    const readLines = lineReader((line) => rec.steps.push({ line, reply: Buffer.alloc(0) }));
    client.on('data', (chunk: Buffer) => {
      readLines(chunk);
      upstream.write(chunk);
    });
    client.on('end', () => upstream.end());
    client.on('close', () => upstream.destroy());
    // The redirect must lead the client to this replay server's NS, not the test server's.
    const from = `127.0.0.1:${this.upstream!.ns}`;
    const to = `127.0.0.1:${this.ports.ns}`;
    let held = '';
    upstream.on('data', (chunk: Buffer) => {
      let out = chunk;
      if (role === 'dispatch') {
        held += chunk.toString('latin1');
        const cut = held.lastIndexOf('\r\n') + 2;
        if (cut < 2) return;
        out = Buffer.from(held.slice(0, cut).replaceAll(from, to), 'latin1');
        held = held.slice(cut);
      }
      const step = rec.steps[rec.steps.length - 1];
      if (!step) throw new Error('the test server spoke before the client');
      step.reply = Buffer.concat([step.reply, out]);
      client.write(out);
    });
    upstream.on('end', () => {
      rec.endAfter = rec.steps.length - 1;
      client.end();
    });
  }

  /** Answers each client line with the recorded reply of its step, after checking it is the recorded line. */
  private replay(rec: Recorded, socket: net.Socket): void {
    let step = 0;
    const readLines = lineReader((line) => {
      const expected = rec.steps[step];
      if (!expected || expected.line !== line) {
        this.failure ??= `the client sent ${JSON.stringify(line)} where the recording has ${JSON.stringify(expected?.line ?? 'nothing')}`;
        socket.destroy();
        return;
      }
      if (expected.reply.length > 0) socket.write(expected.reply);
      if (step === rec.endAfter) socket.end();
      step += 1;
    });
    socket.on('data', (chunk: Buffer) => {
      if (!socket.destroyed) readLines(chunk);
    });
    socket.on('end', () => socket.end());
  }
}

async function main(): Promise<void> {
  const contacts = Number(process.argv[2]);
  if (!Number.isInteger(contacts) || contacts < 1) throw new Error('usage: signInReplay.ts CONTACTS');
  const server = new ReplayServer();
  await server.listen();
  await server.record(contacts);
  // The bench asks for the verdict at the end: a client that strayed from the recording voids the figures.
  process.stdin.on('data', () => process.stdout.write(`${JSON.stringify({ failure: server.failure })}\n`));
  process.stdout.write(`${JSON.stringify(server.script())}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`sign-in replay: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(2);
});
