// The scriptable MSNP2-5 test server: a dispatch listener that redirects, a notification listener that
// serves and a switchboard listener for conversations, all on loopback. Tests (and the app's "Local
// sandbox") drive it through this API.
import net from 'node:net';
import { encodeCommand } from '../msnp/command';
import { Timers } from '../msnp/timers';
import type { Status } from '../../app/types';
import { type Account, AccountStore, type AccountView, type SandboxAccountInit } from './accounts';
import { BotLine, type BotOptions, type SandboxBot } from './botRuntime';
import { DEFAULT_MAX_FIND_RESULTS, DEMO_DIRECTORY, type DirectoryEntry } from './directory';
import { SandboxEmitter, type SandboxEvents, type ServerRole, type SignOutReason } from './events';
import { newMailMessage, type NewMail } from './hotmail';
import { LIST_HANDLERS } from './listCommands';
import { LOGIN_HANDLERS } from './loginCommands';
import { type CommandHandler, NsSession, type SessionHost, type SignedIn } from './nsSession';
import { withPresence } from './presence';
import { makeQuirks, type Quirks } from './quirks';
import { xfrHandler } from './sbCommands';
import { SERVICE_HANDLERS } from './serviceCommands';
import { Switchboard, type SwitchboardHost } from './switchboard';
import { dialectNumber } from './syncReply';

export type { SandboxAccountInit, AccountView } from './accounts';
export type { Quirks } from './quirks';
export type { SandboxEvents, ServerRole } from './events';
export type { CommandHandler, NsSession } from './nsSession';
export type { BotChat, BotOptions, SandboxBot } from './botRuntime';

/** The dialects the sandbox speaks; CVR0 is always accepted on top of them. */
export const SANDBOX_PROTOCOLS = ['MSNP5', 'MSNP4', 'MSNP3', 'MSNP2'] as const;

export interface MsnpTestServerOptions {
  /** Where the listeners bind, and the address XFR and RNG hand out. Defaults to 127.0.0.1. */
  host?: string;
  accounts: SandboxAccountInit[];
  quirks?: Partial<Quirks>;
  /** Dialects offered, from MSNP5 down to MSNP2 by default; the highest one the client also offers wins. */
  protocols?: string[];
  /** Fixed ports (the standalone CLI); 0 or absent picks a free one. */
  ports?: { dispatch?: number; ns?: number; sb?: number };
  /** The member directory FND searches; DEMO_DIRECTORY by default. */
  directory?: readonly DirectoryEntry[];
  /** FND answers 301 above this many results (DEFAULT_MAX_FIND_RESULTS). */
  maxFindResults?: number;
}

export class MsnpTestServer implements SessionHost, SwitchboardHost {
  readonly host: string;
  readonly store: AccountStore;
  readonly protocols: readonly string[];
  readonly events = new SandboxEmitter();
  readonly directory: readonly DirectoryEntry[];
  readonly maxFindResults: number;
  /** Read at the moment each deviation matters: a test may change them while clients are connected. */
  quirks: Quirks;
  private ownTimers = new Timers();
  /** Rejecters of pending waitFor() calls, so stop() fails them instead of leaving them hanging. */
  private readonly waiters = new Set<(err: Error) => void>();
  private readonly handlerTable = new Map<string, CommandHandler>();
  /** Who is signed in, by account key: clients' notification connections and bots. */
  private readonly online = new Map<string, SignedIn>();
  private readonly connections = new Set<NsSession>();
  private readonly bots = new Map<string, BotLine>();
  private readonly switchboard: Switchboard;
  private listeners: { dispatch: net.Server; ns: net.Server; sb: net.Server } | null = null;
  private ports = { dispatch: 0, ns: 0, sb: 0 };
  private mailSequence = 0;

  constructor(private readonly options: MsnpTestServerOptions) {
    this.host = options.host ?? '127.0.0.1';
    this.store = new AccountStore(options.accounts);
    this.directory = options.directory ?? DEMO_DIRECTORY;
    this.maxFindResults = options.maxFindResults ?? DEFAULT_MAX_FIND_RESULTS;
    this.quirks = makeQuirks(options.quirks);
    this.protocols = normalizeProtocols(options.protocols);
    for (const table of [LOGIN_HANDLERS, LIST_HANDLERS, SERVICE_HANDLERS]) {
      for (const [name, handler] of table) this.handlerTable.set(name, handler);
    }
    this.switchboard = new Switchboard(this);
    this.handlerTable.set('XFR', xfrHandler(this.switchboard));
  }

  get dispatchPort(): number {
    return this.ports.dispatch;
  }

  get nsPort(): number {
    return this.ports.ns;
  }

  get sbPort(): number {
    return this.ports.sb;
  }

  get timers(): Timers {
    return this.ownTimers;
  }

  get handlers(): ReadonlyMap<string, CommandHandler> {
    return this.handlerTable;
  }

  /** Adds or replaces the handler of a notification-server command (the switchboard's XFR is one); null removes it. */
  setHandler(name: string, handler: CommandHandler | null): void {
    if (handler) this.handlerTable.set(name, handler);
    else this.handlerTable.delete(name);
  }

  async start(): Promise<void> {
    if (this.listeners) throw new Error('the sandbox server is already running');
    this.ownTimers = new Timers();
    const dispatch = net.createServer((socket) => this.accept('dispatch', socket));
    const ns = net.createServer((socket) => this.accept('ns', socket));
    const sb = net.createServer((socket) => this.accept('sb', socket));
    this.listeners = { dispatch, ns, sb };
    try {
      this.ports = {
        dispatch: await listen(dispatch, this.host, this.options.ports?.dispatch ?? 0),
        ns: await listen(ns, this.host, this.options.ports?.ns ?? 0),
        sb: await listen(sb, this.host, this.options.ports?.sb ?? 0),
      };
    } catch (err) {
      await this.stop();
      throw err;
    }
    for (const line of this.bots.values()) this.botOnline(line);
  }

  /** Closes every connection and every listener and clears every timer. Safe to call twice. */
  async stop(): Promise<void> {
    const listeners = this.listeners;
    this.listeners = null;
    for (const s of this.online.values()) this.events.fire('signedOut', { connectionId: s.id, email: s.email!, reason: 'stopped' });
    this.online.clear();
    for (const s of this.connections) s.destroy();
    this.connections.clear();
    this.switchboard.stop();
    this.ownTimers.clearAll();
    for (const fail of [...this.waiters]) fail(new Error('the sandbox server stopped'));
    if (listeners) await Promise.all([close(listeners.dispatch), close(listeners.ns), close(listeners.sb)]);
    this.ports = { dispatch: 0, ns: 0, sb: 0 };
  }

  private accept(role: ServerRole, socket: net.Socket): void {
    if (!this.listeners) {
      socket.destroy();
      return;
    }
    if (role === 'sb') {
      const c = this.switchboard.accept(socket);
      this.events.fire('connection', { connectionId: c.id, server: role, remote: c.remote });
      return;
    }
    const s = new NsSession(this, role, socket);
    this.connections.add(s);
    this.events.fire('connection', { connectionId: s.id, server: role, remote: s.remote });
  }

  // ---- accounts --------------------------------------------------------------

  addAccount(init: SandboxAccountInit): void {
    this.store.addAll([init]);
  }

  account(email: string): AccountView | undefined {
    const account = this.store.get(email);
    return account ? this.store.view(account, this.onlineStatus(email)) : undefined;
  }

  isOnline(email: string): boolean {
    const account = this.store.get(email);
    return account !== undefined && this.online.has(account.key);
  }

  /** The status the account chose (HDN included); FLN when signed out or before its first CHG. */
  onlineStatus(email: string): Status {
    const account = this.store.get(email);
    return (account && this.online.get(account.key)?.status) ?? 'FLN';
  }

  // ---- bots ----------------------------------------------------------------------

  /**
   * Makes an existing account a bot: signed in with a status (NLN unless told), with no client. A ring
   * is answered by `bot` (joining unless it says no), which then hears every message in the session and
   * may send its own. Added before start(), it signs in when the server starts.
   */
  addBot(email: string, bot: SandboxBot, options: BotOptions = {}): void {
    const account = this.store.get(email);
    if (!account) throw new Error(`${email} is not a sandbox account`);
    if (this.bots.has(account.key)) throw new Error(`${email} is already a bot`);
    const line = new BotLine(account, options.status ?? 'NLN', bot);
    this.bots.set(account.key, line);
    if (this.listeners) this.botOnline(line);
  }

  /** Signs a bot out and takes it out of its conversations (the others get BYE). False if it was no bot. */
  removeBot(email: string): boolean {
    const account = this.store.get(email);
    const line = account && this.bots.get(account.key);
    if (!line) return false;
    this.bots.delete(line.account.key);
    if (this.online.get(line.account.key) === line) this.signOut(line, 'OUT');
    line.close();
    this.switchboard.removeBot(line);
    return true;
  }

  /** Changes a signed-in bot's status as a client's CHG would: whoever sees it gets NLN (or FLN for HDN). */
  setBotStatus(email: string, status: Exclude<Status, 'FLN'>): void {
    const account = this.store.get(email);
    const line = account && this.bots.get(account.key);
    if (!line || this.online.get(line.account.key) !== line) throw new Error(`${email} is not a signed-in bot`);
    if (line.status === status) return;
    withPresence(this, line.account, true, () => {
      line.status = status;
    });
    this.events.fire('status', { email: line.account.email, status });
  }

  private botOnline(line: BotLine): void {
    const account = line.account;
    // Someone signed in as the bot's account from a client keeps it.
    if (this.online.has(account.key)) return;
    line.open = true;
    withPresence(this, account, false, () => this.online.set(account.key, line));
    this.events.fire('signedIn', { connectionId: line.id, email: account.email, protocol: line.protocol });
    this.events.fire('status', { email: account.email, status: line.status });
  }

  // ---- things tests make happen -------------------------------------------------

  /** A NOT alert: the XML document is the payload, its length in bytes is added. */
  sendAlert(email: string, xml: string): void {
    this.signedInSession(email).write(encodeCommand('NOT', null, [], xml));
  }

  /** An incoming page (IPG) from `from`; `failedTrId` makes it the report that the page with that TrID failed. */
  sendPage(email: string, from: string, text: string, failedTrId?: number): void {
    const escape = (t: string): string => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    const xml =
      `<NOTIFICATION id="${failedTrId ?? 0}" siteid="111100400" siteurl="http://mobile.msn.com/">` +
      `<TO name="${escape(email)}" pid="0x00000001:0x00000002" email="${escape(email)}"><VIA agent="mobile"/></TO>` +
      `<FROM pid="0x00000001:0x00000003" name="${escape(from)}"/>` +
      `<MSG pri="1" id="${failedTrId === undefined ? 0 : 407}"><ACTION url="2wayIM.asp"/><SUBSCR url="2wayIM.asp"/>` +
      `<CAT id="110110001"/><BODY lang="1033"><TEXT>${failedTrId === undefined ? escape(text) : ''}</TEXT></BODY></MSG></NOTIFICATION>`;
    this.signedInSession(email).write(encodeCommand('IPG', null, [], xml));
  }

  /** New mail: counted on the account, and announced if the account is signed in. */
  sendMail(email: string, mail: NewMail): void {
    const account = this.store.get(email);
    if (!account) throw new Error(`${email} is not a sandbox account`);
    if ((mail.folder ?? 'ACTIVE').toUpperCase() === 'ACTIVE') account.mail.inboxUnread += 1;
    else account.mail.foldersUnread += 1;
    const s = this.online.get(account.key);
    if (s) s.write(encodeCommand('MSG', null, ['Hotmail', 'Hotmail'], newMailMessage(mail, s.protocol, this.host, this.nextMailSequence())));
  }

  /** Writes bytes as they are to the account's notification connection, so a test can craft any deviation. */
  inject(email: string, bytes: string | Buffer): void {
    this.signedInSession(email).write(bytes);
  }

  /** Resolves with the next event that matches; rejects after timeoutMs so a test never hangs. */
  waitFor<K extends keyof SandboxEvents>(event: K, match: (payload: SandboxEvents[K]) => boolean = () => true, timeoutMs = 5_000): Promise<SandboxEvents[K]> {
    return new Promise((resolve, reject) => {
      const fail = (err: Error): void => {
        off();
        cancel();
        this.waiters.delete(fail);
        reject(err);
      };
      const cancel = this.ownTimers.timeout(() => fail(new Error(`the sandbox saw no matching ${String(event)} within ${timeoutMs} ms`)), timeoutMs);
      const off = this.events.on(event, (payload) => {
        if (!match(payload)) return;
        off();
        cancel();
        this.waiters.delete(fail);
        resolve(payload);
      });
      this.waiters.add(fail);
    });
  }

  private signedInSession(email: string): SignedIn {
    const account = this.store.get(email);
    const s = account && this.online.get(account.key);
    if (!s) throw new Error(`${email} is not signed in to the sandbox`);
    return s;
  }

  // ---- SessionHost -----------------------------------------------------------

  get onlineCount(): number {
    return this.online.size;
  }

  sessionOf(account: Account): SignedIn | undefined {
    return this.online.get(account.key);
  }

  sessions(): Iterable<SignedIn> {
    return this.online.values();
  }

  nextMailSequence(): number {
    this.mailSequence += 1;
    return this.mailSequence;
  }

  signIn(s: NsSession): void {
    const account = s.account!;
    const older = this.online.get(account.key);
    if (older && older !== s) {
      this.signOut(older, 'OTH');
      if (this.quirks.outOthWithoutClosing && older instanceof NsSession) older.leaveOpen('OUT OTH\r\n');
      else older.close('OUT OTH\r\n');
    }
    // perConnectionSynVersion: this connection's list version counts from 1 from here on.
    s.versionBase = account.listVersion - 1;
    this.online.set(account.key, s);
    this.events.fire('signedIn', { connectionId: s.id, email: account.email, protocol: s.protocol });
  }

  closed(s: NsSession, reason: SignOutReason): void {
    if (!this.connections.delete(s)) return;
    if (s.account && this.online.get(s.account.key) === s) this.signOut(s, reason);
    this.events.fire('disconnect', { connectionId: s.id, server: s.role, email: s.email });
  }

  /** Takes the session off the online map; whoever could see it gets FLN. */
  private signOut(s: SignedIn, reason: SignOutReason): void {
    const account = s.account!;
    const wasVisible = s.presenceReady;
    withPresence(this, account, false, () => this.online.delete(account.key));
    this.events.fire('signedOut', { connectionId: s.id, email: account.email, reason });
    if (wasVisible) this.events.fire('status', { email: account.email, status: 'FLN' });
  }
}

function normalizeProtocols(protocols: readonly string[] | undefined): string[] {
  const wanted = (protocols ?? SANDBOX_PROTOCOLS).filter((p) => p !== 'CVR0');
  for (const p of wanted) {
    if (!(SANDBOX_PROTOCOLS as readonly string[]).includes(p)) throw new Error(`the sandbox does not speak ${p} (it speaks ${SANDBOX_PROTOCOLS.join(', ')})`);
  }
  return [...new Set(wanted)].sort((a, b) => dialectNumber(b) - dialectNumber(a));
}

function listen(server: net.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

function close(server: net.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
  });
}
