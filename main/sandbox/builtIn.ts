// The app's "Local sandbox (built in)": a test server on loopback with an account for you and a small
// cast that shows every feature without another person around: an echo bot, a bot whose status wanders
// (and who signs out and in), a bot that sends a file, someone who added you and waits for your answer,
// offline contacts, a blocked one, unread Hotmail mail, and a new e-mail and an alert shortly after you
// sign in.
import { randomBytes } from 'node:crypto';
import { SANDBOX_DEMO_ACCOUNT } from '../../app/contract';
import type { SandboxAccountInit } from './accounts';
import { echoBot, type EchoBotOptions } from './bots';
import {
  type FileBot,
  type FileBotOptions,
  type MoodSwingOptions,
  fileBot,
  startMoodSwings,
} from './demoBots';
import type { Quirks } from './quirks';
import { MsnpTestServer, type MsnpTestServerOptions } from './server';

export const BUILT_IN = {
  you: SANDBOX_DEMO_ACCOUNT.email,
  echo: 'echo@butterfly.sandbox',
  moody: 'moody@butterfly.sandbox',
  files: 'files@butterfly.sandbox',
  newFriend: 'newfriend@butterfly.sandbox',
  sam: 'sam@butterfly.sandbox',
  pat: 'pat@butterfly.sandbox',
  spam: 'spam@butterfly.sandbox',
} as const;

/**
 * What each of the cast does, for the contact list's tooltips. Names stay plain: a bracket beside the name
 * would read as a status ("Moody (Busy)"). The service adds these for the built-in sandbox only (Contact.note).
 */
export const BUILT_IN_NOTES: ReadonlyMap<string, string> = new Map([
  [BUILT_IN.echo, 'Says back what you say.'],
  [BUILT_IN.moody, 'Changes status now and then, and signs out and in again.'],
  [BUILT_IN.files, 'Type "file" in a conversation to get a file.'],
  [BUILT_IN.newFriend, 'Added you and waits for your answer; says back what you say once you let them in.'],
  [BUILT_IN.sam, 'Never online.'],
  [BUILT_IN.pat, 'Never online.'],
  [BUILT_IN.spam, 'Blocked: cannot see you or contact you.'],
]);

export interface BuiltInSandboxOptions {
  /** Where the listeners bind; loopback unless told. */
  host?: string;
  echo?: EchoBotOptions;
  mood?: Partial<MoodSwingOptions>;
  file?: Partial<Omit<FileBotOptions, 'host'>>;
  /** How long after your first sign-in a new e-mail and an alert arrive; null sends none. */
  greetingDelayMs?: number | null;
  /** Fixed ports (the standalone CLI, `npm run sandbox -- --cast builtin`); free ones unless told. */
  ports?: MsnpTestServerOptions['ports'];
  quirks?: Partial<Quirks>;
  /** More accounts beside the cast (the CLI's --big). */
  extraAccounts?: SandboxAccountInit[];
}

/** Everyone in the built-in sandbox. Only your password is known; the others are bots or never sign in. */
export function builtInAccounts(): SandboxAccountInit[] {
  const secret = (): string => randomBytes(12).toString('hex');
  const { you, echo, moody, files, newFriend, sam, pat, spam } = BUILT_IN;
  const contacts = [echo, moody, files, sam, pat];
  return [
    {
      email: you,
      password: SANDBOX_DEMO_ACCOUNT.password,
      nickname: 'You',
      forward: contacts,
      allow: contacts,
      block: [spam],
      mail: { inboxUnread: 2, foldersUnread: 1 },
    },
    {
      email: echo,
      password: secret(),
      nickname: 'Echo',
      forward: [you],
      allow: [you],
    },
    {
      email: moody,
      password: secret(),
      nickname: 'Moody',
      forward: [you],
      allow: [you],
    },
    {
      email: files,
      password: secret(),
      nickname: 'Filer',
      forward: [you],
      allow: [you],
    },
    // Added you and waits for your answer; answers like the echo bot once you let them in.
    { email: newFriend, password: secret(), nickname: 'New Friend', forward: [you] },
    { email: sam, password: secret(), nickname: 'Sam', forward: [you], allow: [you] },
    { email: pat, password: secret(), nickname: 'Pat', forward: [you], allow: [you] },
    { email: spam, password: secret(), nickname: 'Spammer', forward: [you] },
  ];
}

const GREETING_ALERT =
  '<NOTIFICATION ver="1" id="1" siteid="0" siteurl="https://example.com/"><TO pid="0x1:0x1" name="you@butterfly.sandbox" />' +
  '<MSG id="1"><ACTION url="butterfly" /><SUBSCR url="subscriptions" /><BODY lang="1033">' +
  '<TEXT>This is a .NET Alert from the sandbox: click it to open its link.</TEXT></BODY></MSG></NOTIFICATION>';

/** The built-in sandbox: the server, its bots and their schedules, started and stopped as one. */
export class BuiltInSandbox {
  readonly server: MsnpTestServer;
  private readonly files: FileBot;
  private readonly undo: (() => void)[] = [];

  constructor(private readonly options: BuiltInSandboxOptions = {}) {
    const host = options.host ?? '127.0.0.1';
    this.server = new MsnpTestServer({
      host,
      accounts: [...builtInAccounts(), ...(options.extraAccounts ?? [])],
      quirks: options.quirks,
      ports: options.ports,
    });
    this.files = fileBot({ ...options.file, host });
  }

  get host(): string {
    return this.server.host;
  }

  /** Where a client signs in (the dispatch listener). */
  get port(): number {
    return this.server.dispatchPort;
  }

  async start(): Promise<void> {
    const { server } = this;
    server.addBot(BUILT_IN.echo, echoBot(this.options.echo));
    server.addBot(BUILT_IN.newFriend, echoBot(this.options.echo));
    server.addBot(BUILT_IN.files, this.files);
    await server.start();
    this.undo.push(startMoodSwings(server, BUILT_IN.moody, echoBot(this.options.echo), this.options.mood));
    this.undo.push(server.events.on('sbEnd', ({ sessionId }) => this.files.sessionEnded(sessionId)));
    const delay = this.options.greetingDelayMs === undefined ? 6_000 : this.options.greetingDelayMs;
    if (delay !== null) {
      const off = server.events.on('signedIn', ({ email }) => {
        if (email.toLowerCase() !== BUILT_IN.you) return;
        off();
        server.timers.timeout(() => this.greet(), delay);
      });
      this.undo.push(off);
    }
  }

  /** A new e-mail and an alert, so the toasts for both can be seen. */
  private greet(): void {
    if (!this.server.isOnline(BUILT_IN.you)) return;
    this.server.sendMail(BUILT_IN.you, {
      from: 'The Butterfly Team',
      fromAddr: 'team@butterfly.sandbox',
      subject: 'Welcome to the sandbox',
    });
    this.server.sendAlert(BUILT_IN.you, GREETING_ALERT);
  }

  async stop(): Promise<void> {
    for (const fn of this.undo.splice(0)) fn();
    await this.files.close();
    await this.server.stop();
  }
}
