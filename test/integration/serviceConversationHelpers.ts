import { rm } from 'node:fs/promises';
import { afterEach } from 'node:test';
// Shared set-up for the service's conversation tests: a test server, the account service signed in as ME,
// and the other people as engine sessions with their own ConversationManager (what another client would be).
import type { MessengerEvent, WindowRoute } from '../../app/contract';
import type { ConversationLine, MessageLine, MessageStyle } from '../../app/conversation';
import type { Conversation, ConversationEvents, ConversationOptions } from '../../main/msnp/conversation';
import { ConversationManager } from '../../main/msnp/conversations';
import type { NotificationSession } from '../../main/msnp/notificationSession';
import type { MsnpTestServer, Quirks, SandboxAccountInit } from '../../main/sandbox/server';
import type { AccountServiceDeps } from '../../main/service/accountService';
import type { Status } from '../../app/types';
import { Sessions, startServer, waitFor } from './helpers';
import { makeService, request, tempDir, type TestService } from './serviceHelpers';

const FRIENDS = ['friend@test.example', 'pal@test.example', 'ghost@test.example', 'shy@test.example'];

export const ME: SandboxAccountInit = {
  email: 'me@test.example',
  password: 'mepw',
  nickname: 'Me',
  forward: FRIENDS,
  allow: FRIENDS,
};
const knowsMe = { forward: ['me@test.example'], allow: ['me@test.example'] };
export const FRIEND: SandboxAccountInit = {
  email: 'friend@test.example',
  password: 'friendpw',
  nickname: 'Friend',
  ...knowsMe,
};
export const PAL: SandboxAccountInit = {
  email: 'pal@test.example',
  password: 'palpw',
  nickname: 'Pal',
  ...knowsMe,
};
/** Never signs in. */
export const GHOST: SandboxAccountInit = {
  email: 'ghost@test.example',
  password: 'ghostpw',
  nickname: 'Ghost',
  ...knowsMe,
};
/** Signs in appearing offline. */
export const SHY: SandboxAccountInit = {
  email: 'shy@test.example',
  password: 'shypw',
  nickname: 'Shy',
  ...knowsMe,
};

/** Engine timeouts short enough for a test, MSNFTP on loopback with every chunk reported and hashed. */
export const ENGINE: ConversationOptions = {
  callTimeoutMs: 3_000,
  requestTimeoutMs: 3_000,
  invitations: { listenHost: '127.0.0.1', listenPort: 0, msnftp: { progressIntervalMs: 0, hash: true } },
};

export const PLAIN: MessageStyle = {
  font: 'Microsoft Sans Serif',
  bold: false,
  italic: false,
  underline: false,
  strikeout: false,
  color: '#000000',
};
/** One sentence a person can read: a capital first, a full stop last. */
export const SENTENCE = /^[A-Z].*[.!?]$/s;

type Msg = ConversationEvents['message'];

/** Someone else, on an engine session: every conversation and received message recorded from the start. */
export class Peer {
  readonly conversations: Conversation[] = [];
  readonly messages: Msg[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly ns: NotificationSession,
    readonly manager: ConversationManager,
  ) {
    manager.on('conversation', ({ conversation }) => {
      this.conversations.push(conversation);
      conversation.on('message', (m) => {
        if (m.direction !== 'in') return;
        this.messages.push(m);
        for (const l of [...this.listeners]) l();
      });
      for (const l of [...this.listeners]) l();
    });
  }

  /** The conversation with ME this peer holds (the newest). */
  get conversation(): Conversation {
    const c = this.conversations.at(-1);
    if (!c) throw new Error('the peer has no conversation');
    return c;
  }

  /** Opens (or reuses) the peer's conversation with ME. */
  talk(): Conversation {
    return this.manager.open([ME.email]);
  }

  private until<T>(probe: () => T | undefined, what: string, ms: number): Promise<T> {
    const found = probe();
    if (found !== undefined) return Promise.resolve(found);
    return waitFor<void>(
      (listener) => {
        const l = () => listener();
        this.listeners.add(l);
        return () => this.listeners.delete(l);
      },
      () => probe() !== undefined,
      ms,
      what,
    ).then(() => probe()!);
  }

  message(match: (m: Msg) => boolean, ms = 5_000): Promise<Msg> {
    return this.until(() => this.messages.find(match), 'message at the peer', ms);
  }

  /** The first conversation someone opened with this peer (ME rang). */
  rung(ms = 5_000): Promise<Conversation> {
    return this.until(() => this.conversations[0], 'conversation at the peer', ms);
  }
}

export interface Harness {
  server: MsnpTestServer;
  t: TestService;
  /** Every window the desktop shell was asked to show, with its focus. */
  windows: { route: WindowRoute; focus: boolean | undefined }[];
  peer(account: SandboxAccountInit, status?: Status, options?: ConversationOptions): Promise<Peer>;
  signIn(): Promise<void>;
  /** An event already emitted, or the next one that matches. */
  seen<T extends MessengerEvent['type']>(
    type: T,
    match?: (e: Extract<MessengerEvent, { type: T }>) => boolean,
    ms?: number,
  ): Promise<Extract<MessengerEvent, { type: T }>>;
  /** A line of this conversation already emitted, or the next one that matches. */
  line(
    conversationId: string | null,
    match: (line: ConversationLine) => boolean,
    ms?: number,
  ): Promise<ConversationLine & { conversationId: string }>;
  /** An incoming message line with this text (any conversation), with its conversation's id. */
  received(text: string, ms?: number): Promise<MessageLine & { conversationId: string }>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  service?: Partial<AccountServiceDeps>;
  conversations?: ConversationOptions;
  quirks?: Partial<Quirks>;
  accounts?: SandboxAccountInit[];
}

export async function harness(options: HarnessOptions = {}): Promise<Harness> {
  const server = await startServer(options.accounts ?? [ME, FRIEND, PAL, GHOST, SHY], options.quirks);
  const windows: Harness['windows'] = [];
  const t = await makeService({
    toastLifetimeMs: 60_000,
    openWindow: async (route, o) => {
      windows.push({ route, focus: o?.focus });
    },
    conversations: options.conversations ?? ENGINE,
    ...options.service,
  });
  const sessions = new Sessions();
  const managers: ConversationManager[] = [];

  const seen: Harness['seen'] = (type, match = () => true, ms = 5_000) => {
    const found = t.events.find((e) => e.type === type && match(e as never));
    return found ? Promise.resolve(found as never) : t.next(type, match, ms);
  };
  const line: Harness['line'] = async (conversationId, match, ms) => {
    const e = await seen(
      'line',
      (x) => (conversationId === null || x.conversationId === conversationId) && match(x.line),
      ms,
    );
    return { ...e.line, conversationId: e.conversationId };
  };
  return {
    server,
    t,
    windows,
    async peer(account, status, conversationOptions = ENGINE) {
      const ns = await sessions.signIn(server, account, { status });
      const manager = new ConversationManager(ns, conversationOptions);
      managers.push(manager);
      return new Peer(ns, manager);
    },
    signIn: () => t.service.signIn(request(ME.email, ME.password, `127.0.0.1:${server.dispatchPort}`)),
    seen,
    line,
    async received(text, ms) {
      const l = await line(null, (x) => x.kind === 'message' && x.direction === 'in' && x.text === text, ms);
      return l as MessageLine & { conversationId: string };
    },
    async close() {
      for (const m of managers) m.closeAll();
      await sessions.closeAll();
      await t.close();
      await server.stop();
    },
  };
}

/** The message lines of a conversation as [direction, text, delivery]. */
export function messages(lines: readonly ConversationLine[]): [string, string, string | null][] {
  return lines.flatMap((l) =>
    l.kind === 'message' ? [[l.direction, l.text, l.delivery] as [string, string, string | null]] : [],
  );
}

/**
 * Registers, in the calling describe, the afterEach that closes the scenario and removes its scratch
 * folders; returns how to start a scenario and get a scratch folder.
 */
export function useHarness(): {
  start(options?: HarnessOptions): Promise<Harness>;
  scratch(): Promise<string>;
} {
  let current: Harness | null = null;
  const dirs: string[] = [];
  afterEach(async () => {
    await current?.close();
    current = null;
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });
  return {
    start: async (options = {}) => (current = await harness(options)),
    scratch: async () => {
      const dir = await tempDir();
      dirs.push(dir);
      return dir;
    },
  };
}

/** What the inspector window does first: it asks for a page, which starts the recording. */
export async function openInspector(t: TestService): Promise<void> {
  await t.service.inspectorQuery({ offset: 0, limit: 0 });
}
