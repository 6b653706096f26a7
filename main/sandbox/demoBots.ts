// The built-in sandbox's livelier bots: one whose status changes now and then (and who signs out and
// back in, so a "has just signed in" toast can be seen), and one that sends a small text file over
// MSNFTP when asked. Both run on the server's own timers and sockets, so stopping the server ends them.
import { buildTextMessage, buildTypingMessage, parseSwitchboardMessage } from '../../app/messageFormat';
import type { Status } from '../../app/types';
import { InvitationManager } from '../msnp/invitations';
import type { BotChat, SandboxBot } from './botRuntime';
import type { MsnpTestServer } from './server';

export type MoodStatus = Extract<Status, 'NLN' | 'AWY' | 'BSY' | 'BRB'>;
export const MOODS: readonly MoodStatus[] = ['NLN', 'AWY', 'BSY', 'BRB'];

export interface MoodSwingOptions {
  /** The shortest and longest wait between two changes. */
  minMs: number;
  maxMs: number;
  /** Every Nth change is a sign-out instead of a new status; 0 never signs out. */
  signOutEvery: number;
  /** How long the bot stays signed out before it signs in again (as NLN). */
  offlineMs: number;
  /** A number in [0, 1); tests pass a fixed sequence. */
  random?: () => number;
}

export const DEFAULT_MOOD_SWINGS: Readonly<MoodSwingOptions> = Object.freeze({
  minMs: 20_000,
  maxMs: 40_000,
  signOutEvery: 4,
  offlineMs: 15_000,
});

/**
 * Makes `email` a bot (answering conversations with `bot`) whose status wanders between NLN, AWY, BSY and
 * BRB, signing out and back in every few changes. Call after server.start(): the schedule lives on the
 * server's timers, which start() renews and stop() clears. Returns a function that stops the wandering.
 */
export function startMoodSwings(
  server: MsnpTestServer,
  email: string,
  bot: SandboxBot,
  options: Partial<MoodSwingOptions> = {},
): () => void {
  const o: MoodSwingOptions = { ...DEFAULT_MOOD_SWINGS, ...options };
  const random = o.random ?? Math.random;
  let changes = 0;
  let stopped = false;
  let cancel: () => void = () => {};
  let status: MoodStatus = 'NLN';
  if (!server.isOnline(email)) server.addBot(email, bot, { status });

  const schedule = (ms: number, fn: () => void): void => {
    if (stopped) return;
    cancel = server.timers.timeout(() => {
      if (!stopped) fn();
    }, ms);
  };
  const nextWait = (): number => Math.round(o.minMs + random() * Math.max(0, o.maxMs - o.minMs));
  const change = (): void => {
    changes += 1;
    if (o.signOutEvery > 0 && changes % o.signOutEvery === 0) {
      server.removeBot(email);
      schedule(o.offlineMs, () => {
        status = 'NLN';
        server.addBot(email, bot, { status });
        schedule(nextWait(), change);
      });
      return;
    }
    const others = MOODS.filter((m) => m !== status);
    status = others[Math.min(others.length - 1, Math.floor(random() * others.length))]!;
    // Someone may have signed in as the bot's account and taken it over; then it simply rests.
    if (server.isOnline(email)) {
      try {
        server.setBotStatus(email, status);
      } catch {
        // Not a bot any more (taken over by a client): keep the schedule, it tries again next time.
      }
    }
    schedule(nextWait(), change);
  };
  schedule(nextWait(), change);
  return () => {
    stopped = true;
    cancel();
  };
}

export interface FileBotOptions {
  /** The address the bot listens on for MSNFTP and puts in its ACCEPT: the sandbox's own host. */
  host: string;
  fileName?: string;
  /** The file's contents; by default a short generated text. */
  content?: () => Buffer;
  /** How long the offer waits for an answer. */
  inviteTimeoutMs?: number;
}

export interface FileBot extends SandboxBot {
  /** Cancels every offer and transfer and closes the listening ports. */
  close(): Promise<void>;
  /** The session is over (sbEnd): its invitations are closed once no transfer is running. */
  sessionEnded(sessionId: string): void;
  /** Offers and transfers not yet over, for tests. */
  readonly active: number;
}

const FILE_WORD = /\bfiles?\b/i;

export function defaultFileContent(): Buffer {
  const lines = [
    'Hello from the Butterfly sandbox!',
    '',
    'This little file travelled to you over MSNFTP, the direct file transfer of MSN Messenger 3.0:',
    'an invitation in the conversation, an ACCEPT with an address and a cookie, then a straight',
    'TCP connection between the two programs.',
    '',
    `Made at ${new Date().toISOString()}.`,
    '',
  ];
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

/** A bot that offers a small text file whenever a message mentions "file", and serves it when accepted. */
export function fileBot(options: FileBotOptions): FileBot {
  const managers = new Map<string, InvitationManager>();
  const ending = new Set<string>();
  let closed = false;

  const say = (chat: BotChat, text: string): void => {
    chat.send(buildTextMessage(text));
  };

  const closeIfIdle = (sessionId: string): void => {
    const m = managers.get(sessionId);
    if (!m || !ending.has(sessionId) || m.active > 0) return;
    managers.delete(sessionId);
    ending.delete(sessionId);
    void m.close();
  };

  const managerFor = (chat: BotChat): InvitationManager => {
    let m = managers.get(chat.sessionId);
    if (m) return m;
    m = new InvitationManager(
      {
        selfEmail: chat.self,
        send: async (payload) => {
          if (!chat.send(payload)) throw new Error('nobody is in the conversation to receive it');
        },
        localAddress: () => options.host,
      },
      { listenHost: options.host, listenPort: 0, inviteTimeoutMs: options.inviteTimeoutMs ?? 120_000 },
    );
    const manager = m;
    manager.on('fileOffer', ({ cookie }) => {
      void manager.declineFile(cookie).catch(() => {});
      say(chat, 'Thank you, but I only send files; I cannot take one.');
    });
    manager.on('otherInvitation', ({ cookie }) => void manager.declineOther(cookie).catch(() => {}));
    manager.on('transferDone', () => {
      say(chat, 'There you are. Type "file" again for another copy.');
      closeIfIdle(chat.sessionId);
    });
    manager.on('transferFailed', () => closeIfIdle(chat.sessionId));
    manager.on('cancelled', () => closeIfIdle(chat.sessionId));
    managers.set(chat.sessionId, manager);
    return manager;
  };

  return {
    get active(): number {
      let n = 0;
      for (const m of managers.values()) n += m.active;
      return n;
    },
    entered(chat) {
      say(chat, 'Hello! Type "file" and I will send you a small text file.');
    },
    message(chat, from, payload) {
      if (closed) return;
      const message = parseSwitchboardMessage(payload.toString('utf8'));
      if (message.kind === 'invitation') {
        managerFor(chat).handleMessage(from, message.body);
        return;
      }
      if (message.kind !== 'text' || message.text.trim() === '') return;
      if (!FILE_WORD.test(message.text)) {
        say(chat, 'Type "file" and I will send you a small text file.');
        return;
      }
      if (chat.participants.length !== 1) {
        say(chat, 'Files can only be sent in a conversation with one other person.');
        return;
      }
      chat.send(buildTypingMessage(chat.self));
      say(chat, 'Here comes a file for you.');
      const content = (options.content ?? defaultFileContent)();
      managerFor(chat)
        .sendFile({ name: options.fileName ?? 'butterfly-sandbox.txt', data: content })
        .catch(() => say(chat, 'Sorry, the file could not be offered.'));
    },
    sessionEnded(sessionId) {
      ending.add(sessionId);
      closeIfIdle(sessionId);
    },
    async close() {
      closed = true;
      const all = [...managers.values()];
      managers.clear();
      ending.clear();
      await Promise.allSettled(all.map((m) => m.close()));
    },
  };
}
