// Keeps the conversations of one signed-in account: opens them on request, answers RNG, reuses a
// one-to-one conversation with the same person, and closes them all when the session ends.
import { Emitter } from './emitter';
import { Conversation, type ConversationHost, type ConversationOptions } from './conversation';
import { OwnAddressError } from './errors';
import type { NotificationSession } from './notificationSession';

export interface ConversationManagerEvents {
  /** A conversation was created, by us (`incoming: false`) or because someone rang (`incoming: true`). */
  conversation: { conversation: Conversation; incoming: boolean };
  /** We are in a switchboard someone rang us into: everyone already there has been listed (IRO). */
  answered: { conversation: Conversation };
  /** Answering a ring failed (the switchboard was unreachable or refused us). */
  ringFailed: { email: string; message: string };
}

export class ConversationManager extends Emitter<ConversationManagerEvents> {
  private readonly list = new Map<string, Conversation>();
  private readonly host: ConversationHost;

  constructor(
    private readonly ns: NotificationSession,
    private readonly options: ConversationOptions = {},
  ) {
    super();
    this.host = {
      get email() {
        return ns.state.self.email;
      },
      get proxy() {
        return ns.proxy;
      },
      requestSwitchboard: () => ns.requestSwitchboard(),
      nicknameOf: (email) =>
        email.toLowerCase() === ns.state.self.email.toLowerCase() ? ns.state.self.nickname : (ns.state.contact(email)?.nickname ?? email),
    };
    ns.on('ring', (ring) => {
      // Someone we already talk to one-to-one rings again (they reopened after everyone left): same conversation.
      const existing = this.findOneToOne(ring.email);
      const conversation = existing && !existing.connected ? existing : this.create([ring.email]);
      if (conversation !== existing) this.emit('conversation', { conversation, incoming: true });
      conversation.answer({ mode: 'answer', host: ring.host, port: ring.port, cookie: ring.cookie, sessionId: ring.sessionId }).then(
        () => this.emit('answered', { conversation }),
        (err: unknown) => {
          this.emit('ringFailed', { email: ring.email, message: `Could not join the conversation ${ring.nickname} started: ${err instanceof Error ? err.message : String(err)}.` });
        },
      );
    });
    ns.on('closed', () => this.closeAll());
  }

  get all(): Conversation[] {
    return [...this.list.values()];
  }

  get(id: string): Conversation | undefined {
    return this.list.get(id);
  }

  private findOneToOne(email: string): Conversation | undefined {
    const key = email.toLowerCase();
    return this.all.find((c) => {
      const members = c.memberList;
      return members.length === 1 && members[0]!.email.toLowerCase() === key;
    });
  }

  /** The conversation with exactly these people, or a new one. */
  open(emails: string[]): Conversation {
    const wanted = new Set(emails.map((e) => e.toLowerCase()));
    for (const c of this.list.values()) {
      const members = c.memberList.map((m) => m.email.toLowerCase());
      if (members.length === wanted.size && members.every((m) => wanted.has(m))) return c;
    }
    return this.openNew(emails);
  }

  /**
   * A new conversation with these people, whatever is open already: for a caller with its own reuse rules.
   * Your own address among them is refused before anything is sent.
   */
  openNew(emails: string[]): Conversation {
    const self = this.ns.state.self.email.toLowerCase();
    if (emails.some((e) => e.toLowerCase() === self)) throw new OwnAddressError();
    const conversation = this.create(emails);
    this.emit('conversation', { conversation, incoming: false });
    return conversation;
  }

  close(id: string): void {
    this.list.get(id)?.close();
    this.list.delete(id);
  }

  closeAll(): void {
    for (const c of this.list.values()) c.close();
    this.list.clear();
  }

  private create(emails: string[]): Conversation {
    const conversation = new Conversation(this.host, emails, this.options);
    this.list.set(conversation.id, conversation);
    return conversation;
  }
}
