// Shared set-up for integration tests: a test server on 127.0.0.1:0 and engine sessions against it.
import net from 'node:net';
import { MsnpTestServer, type SandboxAccountInit, type Quirks } from '../../main/sandbox/server';
import { NotificationSession, type SessionOptions } from '../../main/msnp/notificationSession';
import type { Conversation, ConversationOptions } from '../../main/msnp/conversation';
import { ConversationManager, type ConversationManagerEvents } from '../../main/msnp/conversations';
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

/**
 * Resolves with the first payload, from whatever `subscribe` hooks up, that matches; rejects after timeoutMs so a
 * test never hangs. `subscribe` returns the unsubscribe function (as Emitter.on does).
 */
export function waitFor<T>(
  subscribe: (listener: (payload: T) => void) => () => void,
  match: (payload: T) => boolean = () => true,
  timeoutMs = 5_000,
  what = 'event',
): Promise<T> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      off();
      reject(new Error(`no matching ${what} within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = subscribe((payload) => {
      if (settled || !match(payload)) return;
      settled = true;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

/** Resolves with the first event payload that matches; rejects after timeoutMs so a test never hangs. */
export function nextEvent<K extends keyof NsEvents>(
  session: NotificationSession,
  event: K,
  match: (payload: NsEvents[K]) => boolean = () => true,
  timeoutMs = 5_000,
): Promise<NsEvents[K]> {
  return waitFor((listener) => session.on(event, listener), match, timeoutMs, `${String(event)} event`);
}

/**
 * `online(account)` for a test: signs the account in and opens a conversation manager on its session, collected in
 * `managers` so the test can close them (server is read late: tests start it in before()).
 */
export function onlineMaker(
  sessions: Sessions,
  server: () => MsnpTestServer,
  options: ConversationOptions,
  managers: ConversationManager[],
): (account: SandboxAccountInit) => Promise<ConversationManager> {
  return async (account) => {
    const ns = await sessions.signIn(server(), account);
    const m = new ConversationManager(ns, options);
    managers.push(m);
    return m;
  };
}

/** The next conversation someone else opens with this manager. */
export function incoming(manager: ConversationManager, timeoutMs = 5_000): Promise<Conversation> {
  return waitFor<ConversationManagerEvents['conversation']>(
    (listener) => manager.on('conversation', listener),
    (e) => e.incoming,
    timeoutMs,
    'incoming conversation',
  ).then((e) => e.conversation);
}

/** A port on 127.0.0.1 that nothing listens on (bound a moment ago, then closed). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
