// Sign-in plus SYN of a 5,000-contact account against the test server on loopback, against the time
// the same bytes take to cross a loopback socket unparsed, in the same run.
import net from 'node:net';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NotificationSession } from '../../main/msnp/notificationSession';
import { md5Response } from '../../main/msnp/nsLogin';
import { median } from './stats';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface SignInResult {
  contacts: number;
  bytesFromServer: number;
  signInMs: number;
  rawMs: number;
  ratio: number;
}

async function signInOnce(port: number, countBytes: boolean): Promise<{ ms: number; bytes: number; nsBytes: number; contacts: number }> {
  const session = new NotificationSession({ keepAliveMs: 0 });
  let bytes = 0;
  let nsBytes = 0;
  // Counting costs time, so only the warm-up round counts; the bytes are the same every round.
  if (countBytes) {
    session.on('raw', (r) => {
      if (r.direction !== 'in') return;
      const n = Buffer.byteLength(r.line) + 2 + (r.payload ? Buffer.byteLength(r.payload) : 0);
      bytes += n;
      if (!r.server.endsWith(`:${port}`)) nsBytes += n;
    });
  }
  const t0 = performance.now();
  await session.signIn({ host: '127.0.0.1', port, email: 'big@example.com', password: 'big' });
  const ms = performance.now() - t0;
  const contacts = session.snapshot().contacts.length;
  await session.signOut();
  return { ms, bytes, nsBytes, contacts };
}

/** The test server in its own process, so its work is not counted as the client's. */
async function startServerProcess(contacts: number): Promise<{ port: number; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'main', 'sandbox', 'cli.ts'), '--big', String(contacts)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /dispatch:\s+127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`the sandbox exited with ${code}`)));
  });
  return { port, stop: () => child.kill('SIGTERM') };
}

/**
 * The baseline: the same conversation with the same server, by a client that does not parse. It writes the
 * same command lines, reads the salt and the redirect (the two things it cannot know), and counts bytes
 * until as many have arrived as the real client received. So the server's own time and the round trips
 * are in both figures, and the difference is what parsing and keeping state cost.
 */
async function rawSignIn(port: number, nsBytes: number): Promise<number> {
  const t0 = performance.now();
  const redirect = await dumbConnection(port, async (io) => {
    await io.say('VER 1 MSNP5 MSNP4 CVR0', 'INF 2', 'USR 3 MD5 I big@example.com');
    const xfr = await io.lineStarting('XFR 3');
    return Number(/:(\d+)/.exec(xfr)![1]);
  });
  await dumbConnection(redirect, async (io) => {
    await io.say('VER 1 MSNP5 MSNP4 CVR0', 'INF 2', 'USR 3 MD5 I big@example.com');
    const salt = (await io.lineStarting('USR 3')).split(' ')[4]!;
    await io.say(`USR 4 MD5 S ${md5Response(salt, 'big')}`, 'SYN 5 0', 'CHG 6 NLN');
    await io.bytes(nsBytes);
    await io.say('OUT');
  });
  return performance.now() - t0;
}

interface DumbIo {
  say(...lines: string[]): Promise<void>;
  lineStarting(prefix: string): Promise<string>;
  bytes(total: number): Promise<void>;
}

function dumbConnection<T>(port: number, script: (io: DumbIo) => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const sock = net.createConnection({ host: '127.0.0.1', port });
    let received = 0;
    let text = '';
    let waiter: (() => void) | null = null;
    sock.on('data', (d) => {
      received += d.length;
      if (text.length < 4096) text += d.toString('latin1');
      waiter?.();
    });
    sock.on('error', reject);
    const until = (ok: () => boolean): Promise<void> =>
      new Promise((r) => {
        const check = (): void => {
          if (ok()) {
            waiter = null;
            r();
          }
        };
        waiter = check;
        check();
      });
    const io: DumbIo = {
      say: async (...lines) => void sock.write(lines.map((l) => l + '\r\n').join('')),
      lineStarting: async (prefix) => {
        let line = '';
        await until(() => {
          const m = new RegExp(`(?:^|\r\n)(${prefix}[^\r]*)\r\n`).exec(text);
          if (m) line = m[1]!;
          return m !== null;
        });
        return line;
      },
      bytes: (total) => until(() => received >= total),
    };
    sock.once('connect', () => {
      script(io).then(
        (v) => {
          sock.destroy();
          resolve(v);
        },
        (e: unknown) => {
          sock.destroy();
          reject(e as Error);
        },
      );
    });
  });
}

export async function runSignInBench(contacts = 5000, rounds = 5): Promise<SignInResult> {
  const server = await startServerProcess(contacts);
  try {
    const warm = await signInOnce(server.port, true);
    const sign: number[] = [];
    const raw: number[] = [];
    for (let i = 0; i < rounds; i++) {
      sign.push((await signInOnce(server.port, false)).ms);
      raw.push(await rawSignIn(server.port, warm.nsBytes));
    }
    const signInMs = median(sign);
    const rawMs = median(raw);
    return { contacts: warm.contacts, bytesFromServer: warm.bytes, signInMs, rawMs, ratio: signInMs / rawMs };
  } finally {
    server.stop();
  }
}
