// The notification-server session: sign-in (with the dispatch redirect), list sync, presence, lists,
// privacy, phones, mail, alerts and URL requests. One typed event stream; state as a plain snapshot.
import { clientTakesTrId, encodeCommand, type Command } from './command';
import { type CloseInfo, Connection, type RawTraffic } from './connection';
import { Emitter } from './emitter';
import { ConnectionError, ProtocolError, SignedOutError, StrictModeError, wireText } from './errors';
import { awaitSyncEnd } from './syncEnd';
import { AccountState } from './accountState';
import type { ListCache } from './listCache';
import { ListSync } from './listSync';
import {
  DEFAULT_PROTOCOLS,
  handshake,
  NoCommonVersionError,
  SIGN_IN_PHASE_WORDS,
  SignInClosedError,
  type SignInPhase,
} from './nsLogin';
import type { NsEvents, SessionStatus } from './nsEvents';
import { decodeField } from './fields';
import { NsActions } from './nsActions';
import { MemberServices } from './memberServices';
import { applyAsync, isKnownNsCommand } from './nsHandlers';
import type { AccountSnapshot, Blp, Gtc, ListName, PhoneKey, Status } from '../../app/types';
import type { UrlService } from './urlServices';
import { wireWarning } from '../../app/wireText';
import type { ProxyConfig } from './proxy';

export interface SessionOptions {
  /** Dialects offered in VER, most preferred first. */
  protocols?: readonly string[];
  cache?: ListCache;
  /** How long to wait for each reply; the other waits follow it unless given their own. */
  requestTimeoutMs?: number;
  /** How long opening a connection may take (requestTimeoutMs, or 15 s, whichever is shorter, by default). */
  connectTimeoutMs?: number;
  /**
   * How long the list sync may go without a line before it ends short, keeping what arrived and warning
   * of what is missing (requestTimeoutMs by default).
   */
  syncTimeoutMs?: number;
  /** PNG interval; 0 turns keep-alive off. */
  keepAliveMs?: number;
  maxRedirects?: number;
  maxPayload?: number;
  /**
   * Strict mode, for testing servers: a contact list that stops short fails the sign-in instead of
   * ending it with a warning and the lines that arrived. Strict mode also ends the session at any other
   * warning (every tolerated deviation), with a StrictModeError in its words.
   */
  strict?: boolean;
  /** The proxy server every connection goes through: the dispatch server, the one it redirects to, each switchboard. */
  proxy?: ProxyConfig;
}

export interface SignInOptions {
  host: string;
  port: number;
  email: string;
  password: string;
  status?: Status;
  /**
   * Send the password as CTP (nearly in clear) to a server that offers nothing better even when it is
   * not on this computer. Off by default: then only a loopback server gets CTP, others fail the sign-in
   * with PlainPasswordRefusedError.
   */
  allowPlainPassword?: boolean;
}

export class NotificationSession extends Emitter<NsEvents> {
  readonly state = new AccountState();
  private conn: Connection | null = null;
  private _status: SessionStatus = 'idle';
  private sync: ListSync | null = null;
  private signingOut = false;
  private cacheDirty = false;
  /** The sync ended short: the lists are not the server's whole version, so they never go to the cache. */
  private listsIncomplete = false;
  /** What the sign-in is doing now, for the sentence when the connection closes under it. */
  private phase: SignInPhase = 'connecting';
  /** Set while signIn runs: whatever ends the sign-in (a close, a sign-out) fails it through here. */
  private abortSignIn: ((err: Error) => void) | null = null;
  private signInFailure: Error | null = null;
  /** Every connection this session opened (the dispatch one included), for timerCount. */
  private readonly opened = new Set<Connection>();
  private signedOutReason: string | undefined;
  private heardAfterOut = false;
  private awaitingQng: (() => void) | null = null;
  /** Whether the last line carried a payload, or was skipped as what was left of one (onCommand). */
  private afterPayload: 'no' | 'payload' | 'residue' = 'no';
  private readonly options: Required<Omit<SessionOptions, 'cache' | 'proxy'>> & { cache?: ListCache; proxy?: ProxyConfig };
  private readonly actions = new NsActions({
    state: this.state,
    warn: (code, message, line) => this.warn(code, message, line),
    emitEvent: (event, payload) => this.emit(event, payload),
    connection: () => this.connection(),
    applyReply: (reply) => applyAsync(this, reply),
    applyListVersion: (field, line) => this.applyListVersion(field, line),
  });

  /** Find a Member, invitations by e-mail and pages. */
  readonly services = new MemberServices({
    state: this.state,
    warn: (code, message, line) => this.warn(code, message, line),
    connection: () => this.connection(),
    timeoutMs: () => this.options.requestTimeoutMs,
    onPage: (page) => this.emit('page', page),
  });

  constructor(options: SessionOptions = {}) {
    super();
    const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.options = {
      protocols: options.protocols ?? DEFAULT_PROTOCOLS,
      cache: options.cache,
      requestTimeoutMs,
      connectTimeoutMs: options.connectTimeoutMs ?? Math.min(15_000, requestTimeoutMs),
      syncTimeoutMs: options.syncTimeoutMs ?? requestTimeoutMs,
      keepAliveMs: options.keepAliveMs ?? 60_000,
      maxRedirects: options.maxRedirects ?? 3,
      maxPayload: options.maxPayload ?? 1024 * 1024,
      strict: options.strict ?? false,
      proxy: options.proxy,
    };
  }

  get status(): SessionStatus {
    return this._status;
  }

  /** The proxy server this session's connections go through (undefined: straight to the server). */
  get proxy(): ProxyConfig | undefined {
    return this.options.proxy;
  }

  get protocol(): string {
    return this.state.protocol;
  }

  /** The IP address of the notification server now connected ('' when none). */
  get serverAddress(): string {
    return this.conn?.remoteAddress ?? '';
  }

  snapshot(): AccountSnapshot {
    return this.state.snapshot();
  }

  /** Timers still running on this session's connections: 0 once it has closed (tests check nothing is left behind). */
  get timerCount(): number {
    let count = 0;
    for (const conn of this.opened) count += conn.timers.count;
    return count;
  }

  /** Every warning of the session and its connection, made by wireWarning so that no secret gets through. */
  warn = (code: string, message: string, line?: string): void => {
    const warning = this.state.addWarning(wireWarning(code, message, line));
    this.emit('warning', warning);
    // Strict mode: the first deviation ends the session, with the warning's own words. A list that stopped
    // short ends it in synchronize(), which names what is missing without claiming the lines are kept.
    if (this.options.strict && code !== 'sync-stopped' && this._status !== 'closed' && this._status !== 'closing') {
      const err = new StrictModeError(warning.code, warning.message, warning.line);
      if (this.abortSignIn) {
        this.failSignIn(err);
        this.conn?.destroy('error', err);
      } else this.shutdownWith(err);
    }
  };

  /**
   * Signs in, follows the dispatch redirect, syncs the lists and sets the first status. Resolves when online;
   * every step ends by itself: a reply not given in time, a list that stops, a close at any point.
   */
  async signIn(opts: SignInOptions): Promise<void> {
    if (this._status !== 'idle') throw new Error('this session has already been used; create a new one');
    const aborted = new Promise<never>((_, reject) => {
      this.abortSignIn = reject;
    });
    aborted.catch(() => {});
    // Each step races whatever ends the sign-in. A step that finished just before the connection closed (its
    // reply and the close in one chunk) still fails: nothing goes on from a dead connection.
    const step = async <T>(work: Promise<T>): Promise<T> => {
      const result = await Promise.race([work, aborted]);
      if (this.signInFailure) throw this.signInFailure;
      return result;
    };
    let target = { host: opts.host, port: opts.port };
    try {
      for (let hop = 0; ; hop += 1) {
        const conn = this.openConnection();
        this.phase = 'connecting';
        this.setStatus('connecting');
        await step(
          conn.connect({ ...target, timeoutMs: this.options.connectTimeoutMs, maxPayload: this.options.maxPayload, proxy: this.options.proxy }),
        );
        this.setStatus('connected');
        this.setStatus('authenticating');
        const result = await step(
          handshake(
            conn,
            { email: opts.email, password: opts.password, protocols: this.options.protocols, allowPlainPassword: opts.allowPlainPassword },
            this.warn,
            (phase) => {
              this.phase = phase;
            },
          ),
        );
        if (result.kind === 'redirect') {
          if (hop >= this.options.maxRedirects) throw new ProtocolError('the server redirected the sign-in too many times');
          this.detach(conn);
          conn.close();
          target = { host: result.host, port: result.port };
          continue;
        }
        this.state.protocol = result.protocol;
        this.state.self.email = result.email;
        this.state.self.nickname = decodeField(result.nickname, result.line, this.warn);
        if (result.verified !== undefined) this.state.self.verified = result.verified;
        if (result.email.toLowerCase() !== opts.email.toLowerCase()) {
          this.warn('usr-other-account', 'the server signed in a different address than the one given', result.line);
        }
        this.emit('self', this.state.selfInfo());
        break;
      }
      this.phase = 'lists';
      await step(this.synchronize());
      this.phase = 'status';
      await step(this.setStatusRequest(opts.status ?? 'NLN'));
      this.abortSignIn = null;
      this.startKeepAlive();
      this.setStatus('online');
    } catch (err) {
      this.abortSignIn = null;
      const failure = this.signInFailure ?? (err as Error);
      const reason = this.signedOutReason;
      this.shutdown(failure);
      if (reason) throw new SignedOutError(reason);
      throw failure;
    }
  }

  /** Ends a sign-in still under way with this error (the first one wins). */
  private failSignIn(err: Error): void {
    const abort = this.abortSignIn;
    if (!abort || this.signInFailure) return;
    this.signInFailure = err;
    abort(err);
  }

  private openConnection(): Connection {
    const conn = new Connection();
    conn.setRequestTimeout(this.options.requestTimeoutMs);
    this.conn = conn;
    this.opened.add(conn);
    conn.on('raw', (r: RawTraffic) => this.emit('raw', { ...r, server: conn.remote }));
    conn.wantsRaw = () => this.hasListeners('raw');
    conn.on('warning', (w) => this.warn(w.code, w.message, w.line));
    conn.on('command', (cmd) => this.onCommand(cmd));
    conn.on('close', (info) => {
      if (this.conn !== conn) return;
      // Whenever it comes, a close is reported: before "online" it fails the sign-in, after it ends the session.
      if (this.abortSignIn) return this.failSignIn(this.closedDuringSignIn(info));
      this.shutdown(info.error ?? (this.signingOut ? undefined : new ConnectionError(`the server closed the connection`, 'closed')));
    });
    return conn;
  }

  /** Why a close cut the sign-in short, in words of the step it cut. */
  private closedDuringSignIn(info: CloseInfo): Error {
    const phase = this.phase;
    if (this.signingOut) return new ConnectionError('the sign-in was cancelled', 'closed');
    if (info.truncated) {
      return new ProtocolError(`the server closed the connection in the middle of a command while ${SIGN_IN_PHASE_WORDS[phase]}`);
    }
    if (info.cause === 'remote') {
      // Hanging up on VER is how many servers say they speak none of the versions offered.
      return phase === 'version' ? new NoCommonVersionError(this.options.protocols) : new SignInClosedError(phase);
    }
    if (info.cause === 'error' && info.error instanceof ConnectionError && phase !== 'connecting') {
      return new SignInClosedError(phase, info.error.reason, info.error.message);
    }
    return info.error ?? new SignInClosedError(phase);
  }

  private detach(conn: Connection): void {
    if (this.conn === conn) this.conn = null;
    conn.removeAllListeners();
  }

  private connection(): Connection {
    if (!this.conn || this.conn.status !== 'connected') throw new ConnectionError('you are not signed in', 'closed');
    return this.conn;
  }

  // ---- list sync ----------------------------------------------------------

  private async synchronize(): Promise<void> {
    const conn = this.connection();
    const email = this.state.self.email;
    const cached = this.options.cache ? await this.options.cache.load(email) : null;
    if (cached) this.state.loadCache(cached);
    const trId = conn.transactions.allocate();
    const sync = new ListSync(trId, this.state, this.warn, () => {
      // Stale or no cache: the server's lists replace ours whole.
      this.state.clearLists();
      this.state.self.phones = {};
    });
    sync.onProgress = () => this.syncProgress?.();
    this.sync = sync;
    // The list lines go straight to the sync, ahead of the general dispatch: thousands arrive at once.
    conn.setLineTap(sync.take);
    const reply = conn.transactions.wait(trId, 'SYN', ['SYN'], this.options.requestTimeoutMs);
    conn.send('SYN', [String(cached?.version ?? 0)], { trId });
    const syn = await reply;
    const version = Number(syn.args[0]);
    if (!Number.isSafeInteger(version)) throw new ProtocolError('the server answered SYN without a list version', syn.raw);
    if (cached && version === cached.version) {
      conn.setLineTap(null);
      this.sync = null;
      this.emit('synced', { listVersion: version, fromCache: true, contacts: cached.contacts.length });
      return;
    }
    // A list version only goes up: a lower one means the server did not keep ours (the lists are taken whole all the same).
    if (cached && version < cached.version)
      this.warn('list-version-backwards', `the server's list version went back from ${cached.version} to ${version}`, syn.raw);
    this.state.listVersion = version;
    const complete = await awaitSyncEnd(sync, this.connection(), this.options.syncTimeoutMs, {
      warn: this.warn,
      ping: (onQng) => this.ping(onQng),
      setProgress: (check) => {
        this.syncProgress = check;
      },
    });
    conn.setLineTap(null);
    this.sync = null;
    if (!complete && this.options.strict)
      throw new ProtocolError(`the server stopped sending the contact list (missing ${sync.missing().join(', ')})`);
    if (!complete) this.listsIncomplete = true;
    else if (this.options.cache) await this.options.cache.save(email, this.state.toCache()).catch(() => {});
    this.emit('synced', { listVersion: version, fromCache: false, contacts: this.state.contactCount });
  }

  private syncProgress: (() => void) | null = null;

  // ---- incoming commands --------------------------------------------------

  private onCommand(cmd: Command): void {
    // Lines that are not commands right after a payload, or that read as a header ("Name: value"), are a
    // payload read as lines: it declared too few bytes, or its command line was lost. A profile cut so may
    // hold the MSPAuth ticket, whole or in pieces no mask could recognise: skipped, with one warning that
    // does not quote them, until a command comes.
    if (!isKnownNsCommand(cmd.name) && (this.afterPayload !== 'no' || cmd.name.endsWith(':'))) {
      if (this.afterPayload !== 'residue')
        this.warn('payload-overrun', "a payload's lines arrived where commands were expected (its length was wrong or its command line was lost); they were skipped unread");
      this.afterPayload = 'residue';
      return;
    }
    this.afterPayload = cmd.payload !== undefined ? 'payload' : 'no';
    // OUT is the server's last word: anything after it is not acted on, and named once as the deviation it is.
    if (this.signedOutReason !== undefined) {
      if (!this.heardAfterOut) this.warn('after-out', `the server sent ${wireText(cmd.name)} after OUT; it was not acted on`, cmd.raw);
      this.heardAfterOut = true;
      return;
    }
    // The sync reports its own progress.
    if (this.sync && this.sync.handle(cmd)) return;
    if (cmd.name === 'QNG') {
      const waiter = this.awaitingQng;
      this.awaitingQng = null;
      waiter?.();
      return;
    }
    if (cmd.name === 'OUT') {
      // The server is ending the session (OTH, SSD...); it should close, but we do not wait on it.
      this.signedOutReason = cmd.args[0] ?? '';
      this.conn?.close();
      return;
    }
    if (cmd.name === 'SYN') {
      this.warn('duplicate-reply', 'the server answered SYN more than once', cmd.raw);
      return;
    }
    applyAsync(this, cmd);
  }

  /** Internal hooks used by the async handlers. */
  emitEvent<K extends keyof NsEvents>(event: K, payload: NsEvents[K]): void {
    this.emit(event, payload);
  }

  // ---- keep-alive ----------------------------------------------------------

  /** Sends PNG; the returned function stops waiting for its QNG (keep-alive skips its ticks while one is awaited). */
  private ping(onQng: () => void): () => void {
    const conn = this.connection();
    this.awaitingQng = onQng;
    conn.send('PNG', [], { trId: null });
    return () => {
      if (this.awaitingQng === onQng) this.awaitingQng = null;
    };
  }

  private startKeepAlive(): void {
    const every = this.options.keepAliveMs;
    const conn = this.conn;
    if (!conn || every <= 0) return;
    conn.timers.interval(() => {
      if (this.awaitingQng) return;
      let answered = false;
      const cancel = conn.timers.timeout(() => {
        if (answered) return;
        this.shutdownWith(new ConnectionError('the server stopped answering (no reply to PNG)', 'timeout'));
      }, Math.min(every, this.options.requestTimeoutMs));
      try {
        this.ping(() => {
          answered = true;
          cancel();
        });
      } catch {
        cancel();
      }
    }, every);
  }

  // ---- what the user does (the work is in nsActions) ----------------------

  setStatusRequest(status: Status): Promise<void> {
    return this.actions.setStatus(status);
  }
  setNickname(nickname: string): Promise<void> {
    return this.actions.setNickname(nickname);
  }
  /** Renames a contact as stored on your list (REA with their address). */
  renameContact(email: string, nickname: string): Promise<void> {
    return this.actions.renameContact(email, nickname);
  }
  addToList(list: Exclude<ListName, 'RL'>, email: string, nickname = email): Promise<void> {
    return this.actions.addToList(list, email, nickname);
  }
  removeFromList(list: Exclude<ListName, 'RL'>, email: string): Promise<void> {
    return this.actions.removeFromList(list, email);
  }
  /** Moves someone between allow and block (removing from the other first, as they are exclusive). */
  block(email: string): Promise<void> {
    return this.actions.block(email);
  }
  unblock(email: string): Promise<void> {
    return this.actions.unblock(email);
  }
  setBlp(blp: Blp): Promise<void> {
    return this.actions.setBlp(blp);
  }
  setGtc(gtc: Gtc): Promise<void> {
    return this.actions.setGtc(gtc);
  }
  /** Sets or (with an empty value) clears one of your phone numbers, or MOB (Y/N). */
  setPhone(key: PhoneKey, value: string): Promise<void> {
    return this.actions.setPhone(key, value);
  }
  /** Asks the server for a service URL (INBOX, COMPOSE, PROFILE...) and returns the address to open. */
  requestUrl(service: UrlService, param?: string): Promise<string> {
    return this.actions.requestUrl(service, param);
  }
  /** Asks for a new switchboard (XFR SB): where to connect and the cookie to present. */
  requestSwitchboard(): Promise<{ host: string; port: number; cookie: string }> {
    return this.actions.requestSwitchboard();
  }

  /** Sends a line exactly as typed (the raw console). */
  sendRaw(line: string): void {
    this.connection().sendRaw(line);
  }

  /**
   * Sends a command by hand (the console): its TrID filled in when it takes one, a payload's length added.
   * Returns the TrID (null for OUT and PNG); the reply comes as any other command does.
   */
  sendCommand(name: string, args: readonly string[], payload?: string): number | null {
    const conn = this.connection();
    if (!clientTakesTrId(name)) return conn.send(name, args, { trId: null, payload });
    // Throws here, with its reason, for a line that cannot go on the wire.
    encodeCommand(name, 0, args, payload);
    let trId = 0;
    // A request, so its reply (or error) is matched rather than reported as unexpected; the caller reads it
    // from the traffic, so the outcome itself is not needed.
    conn.request(name, args, { payload, expect: [name], onTrId: (id) => (trId = id) }).catch(() => {});
    return trId;
  }

  /** Signs out with OUT and waits for the connection to close. */
  async signOut(): Promise<void> {
    const conn = this.conn;
    if (!conn || conn.status !== 'connected') {
      this.shutdown();
      this.saveCache();
      await this.options.cache?.flush?.();
      return;
    }
    this.signingOut = true;
    const signingIn = this.abortSignIn !== null;
    this.setStatus('closing');
    // The session's own close, not the connection's: a sign-in failing meanwhile detaches the connection
    // (and its listeners), and a redirect would swap it for another one.
    const closed = new Promise<void>((resolve) => this.once('closed', () => resolve()));
    try {
      conn.send('OUT', [], { trId: null });
    } catch {
      // already gone
    }
    conn.close();
    // A sign-in under way ends now (it would otherwise go on to the next server after a redirect).
    if (signingIn) this.shutdown();
    await closed;
    this.shutdown();
    // The last list change is on disk before the caller goes on (a command line exits right after).
    this.saveCache();
    await this.options.cache?.flush?.();
  }

  // ---- helpers used by the handlers --------------------------------------

  applyListVersion(field: string | undefined, line: string): void {
    const v = Number(field);
    if (field === undefined || !Number.isSafeInteger(v)) {
      this.warn('missing-list-version', 'a list change came without a list version', line);
      return;
    }
    this.state.listVersion = v;
    // The caller applies the change itself after this: save once it has, one save per burst.
    if (!this.options.cache || this._status !== 'online' || this.cacheDirty) return;
    this.cacheDirty = true;
    queueMicrotask(() => this.saveCache());
  }

  /** Writes the lists to the cache if a change is waiting to be saved. */
  private saveCache(): void {
    if (!this.cacheDirty) return;
    this.cacheDirty = false;
    if (this.listsIncomplete) return;
    void this.options.cache?.save(this.state.self.email, this.state.toCache()).catch(() => {});
  }

  private shutdownWith(err: Error): void {
    this.conn?.destroy('error', err);
    this.shutdown(err);
  }

  private shutdown(error?: Error): void {
    if (this._status === 'closed') return;
    // A sign-in still under way (a sign-out while connecting) ends here too, never left waiting.
    this.failSignIn(error ?? new ConnectionError('the sign-in was cancelled', 'closed'));
    const conn = this.conn;
    if (conn) this.detach(conn);
    // Every connection ends with the session: the dispatch one too, if its server never closed its side.
    for (const opened of this.opened) {
      opened.removeAllListeners();
      opened.destroy('local');
    }
    this.sync = null;
    this.syncProgress = null;
    this.awaitingQng = null;
    this.state.markAllOffline();
    this.state.self.status = 'FLN';
    const reason = this.signedOutReason;
    const finalError = reason !== undefined && !this.signingOut ? new SignedOutError(reason) : this.signingOut ? undefined : error;
    this.setStatus('closed');
    this.emit('closed', { error: finalError, signedOutReason: reason });
  }

  private setStatus(status: SessionStatus): void {
    if (this._status === status) return;
    this._status = status;
    this.emit('status', status);
  }
}

