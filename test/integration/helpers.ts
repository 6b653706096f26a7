// Shared set-up for integration tests: a test server on 127.0.0.1:0 and engine sessions against it.
import { MsnpTestServer, type SandboxAccountInit, type Quirks } from '../../main/sandbox/server';
import { NotificationSession, type SessionOptions } from '../../main/msnp/notificationSession';
import type { Status } from '../../app/types';
import type { NsEvents } from '../../main/msnp/nsEvents';

export const ALICE: SandboxAccountInit = {
  email: 'alice@example.com',
  password: 'wonderland',
  nickname: 'Alice Liddell',
  phones: { PHH: '1 (222) 333 4444', MOB: 'Y' },
  forward: ['bob@example.com', 'carol@example.com'],
  allow: ['bob@example.com', 'carol@example.com'],
  mail: { inboxUnread: 3, foldersUnread: 1 },
};
export const BOB: SandboxAccountInit = {
  email: 'bob@example.com',
  password: 'builder',
  nickname: 'Bob Ünïcode ☃',
  phones: { PHW: '+44 20 7946 0000' },
  forward: ['alice@example.com'],
  allow: ['alice@example.com'],
};
export const CAROL: SandboxAccountInit = { email: 'carol@example.com', password: 'carolpw', nickname: 'Carol' };
export const DAVE: SandboxAccountInit = { email: 'dave@example.com', password: 'davepw', nickname: 'Dave', verified: false };

export async function startServer(accounts: SandboxAccountInit[] = [ALICE, BOB, CAROL, DAVE], quirks: Partial<Quirks> = {}): Promise<MsnpTestServer> {
  const server = new MsnpTestServer({ accounts, quirks });
  await server.start();
  return server;
}

/** Sessions opened by a test, closed in after(). */
export class Sessions {
  private readonly open: NotificationSession[] = [];

  make(options: SessionOptions = {}): NotificationSession {
    const s = new NotificationSession({ keepAliveMs: 0, requestTimeoutMs: 5_000, ...options });
    this.open.push(s);
    return s;
  }

  async signIn(
    server: MsnpTestServer,
    account: SandboxAccountInit,
    options: SessionOptions & { status?: Status; port?: number } = {},
  ): Promise<NotificationSession> {
    const s = this.make(options);
    await s.signIn({
      host: '127.0.0.1',
      port: options.port ?? server.dispatchPort,
      email: account.email,
      password: account.password,
      status: options.status,
    });
    return s;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.open.map((s) => (s.status === 'online' ? s.signOut() : Promise.resolve())));
    this.open.length = 0;
  }
}

/** Resolves with the first event payload that matches; rejects after timeoutMs so a test never hangs. */
export function nextEvent<K extends keyof NsEvents>(
  session: NotificationSession,
  event: K,
  match: (payload: NsEvents[K]) => boolean = () => true,
  timeoutMs = 5_000,
): Promise<NsEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching ${String(event)} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = session.on(event, (payload) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}
