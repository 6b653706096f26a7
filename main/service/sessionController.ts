// Signing in and out: one session at a time, its phase and progress in words, cancel, and a session that
// ends on its own: signed in elsewhere or the server shutting down go back to signed out with the reason;
// a lost connection is signed in again by itself, with backoff (reconnectPolicy.ts), until it is back,
// the server refuses the account, or the person cancels. What the engine reports while online is handed
// to the sink (sessionEvents.ts); the request is checked, and remembered after, in signInRequest.ts.
import {
  SANDBOX_SERVER,
  type MessengerEvent,
  type SessionState,
  type SignInRequest,
} from '../../app/contract';
import type { AccountSnapshot } from '../../app/types';
import type { ConversationManager } from '../msnp/conversations';
import { errorMessage } from '../msnp/errors';
import type { ConversationOptions } from '../msnp/conversation';
import type { NotificationSession, SessionOptions } from '../msnp/notificationSession';
import { parseHostPort } from '../msnp/nsLogin';
import type { SandboxLauncher } from './builtInSandbox';
import type { PasswordVault } from './passwordVault';
import type { SessionSink } from './sessionEvents';
import type { ConversationCenter, ConversationCenterDeps } from './conversationCenter';
import type { SettingsStore } from './settingsStore';
import { reconnectsAfter, worthAnotherTry } from './reconnectPolicy';
import { isChoosable, whereOf, wireSession, type SignInDetails } from './sessionWiring';
import { LastSeen } from './reconnectView';
import { noteAccount } from './sandboxNotes';
import { serverToast } from './toasts';
import { ReconnectWait, type ReconnectOptions } from './reconnectWait';
import {
  describeDrop,
  describeSessionEnd,
  describeSignOut,
  PROGRESS,
  reconnectConversationEnd,
} from './signInErrors';
import { rememberSignIn, signInDetails, signInFailure, SignInRefused, startSandbox } from './signInRequest';

export type { ReconnectOptions } from './reconnectWait';

export interface SessionControllerDeps {
  userDataDir: string;
  store: SettingsStore;
  vault: PasswordVault;
  sandbox: SandboxLauncher;
  session?: Omit<SessionOptions, 'protocols' | 'cache'>;
  conversations?: ConversationOptions;
  warn(message: string): void;
  emit(event: MessengerEvent): void;
  /** Toasts, sounds and notices; per-change events go through emit, online only. */
  sink: Omit<SessionSink, 'emit'>;
  /** What each session's conversations need besides the engine and the sink. */
  conversationDeps: Pick<ConversationCenterDeps, 'openWindow' | 'settings' | 'files' | 'environment' | 'now'>;
  /** The last server, address or remembered password changed. */
  settingsChanged(): void;
  reconnect?: ReconnectOptions;
  /** Records a session's traffic (the protocol inspector) from before it connects; returns the unbind. */
  inspect?(session: NotificationSession, manager: ConversationManager): () => void;
}

const SIGN_IN_STEPS: readonly string[] = [
  PROGRESS.startingSandbox,
  PROGRESS.connecting,
  PROGRESS.checkingPassword,
  PROGRESS.gettingList,
];

export const SIGNED_OUT: Readonly<SessionState> = Object.freeze({
  phase: 'signedOut',
  progress: '',
  error: '',
  needsVerification: false,
});

export class SessionController {
  private current: SessionState = { ...SIGNED_OUT };
  private ns: NotificationSession | null = null;
  private manager: ConversationManager | null = null;
  private center: ConversationCenter | null = null;
  /** The last session's conversations finishing (the message log's writes): sign-out waits for it. */
  private centerClosed: Promise<void> = Promise.resolve();
  private unbind: () => void = () => {};
  /** Bumped by every sign-in and cancel, so a stale attempt knows it no longer counts. */
  private attempt = 0;
  private cancelAttempt: () => void = () => {};
  private pendingNs: NotificationSession | null = null;
  /** Set while online and while reconnecting: what the next sign-in by itself uses. */
  private details: SignInDetails | null = null;
  /** The presence the windows heard from the session online now, for the greyed list if it drops. */
  private seen: LastSeen | null = null;
  /** While reconnecting: the account as last seen online, and why the connection dropped. */
  private dropped: { account: AccountSnapshot; words: string; ended: string } | null = null;
  private readonly wait: ReconnectWait;

  constructor(private readonly deps: SessionControllerDeps) {
    this.wait = new ReconnectWait(deps.reconnect);
  }

  get state(): SessionState {
    return { ...this.current };
  }

  /** The engine session while online; null otherwise. */
  get online(): NotificationSession | null {
    return this.current.phase === 'online' ? this.ns : null;
  }

  get conversations(): ConversationManager | null {
    return this.current.phase === 'online' ? this.manager : null;
  }

  /** The account while online; while reconnecting, as it was last seen online (shown greyed); else null. */
  get account(): AccountSnapshot | null {
    if (this.current.phase === 'reconnecting') return this.dropped?.account ?? null;
    const ns = this.online;
    return ns ? this.snapshotOf(ns) : null;
  }

  /** The windows' view of the conversations while online; null otherwise. */
  get conversationCenter(): ConversationCenter | null {
    return this.current.phase === 'online' ? this.center : null;
  }

  private set(next: SessionState): void {
    this.current = next;
    this.deps.emit({ type: 'session', session: { ...next } });
  }

  /** Moves the progress line forward only: the dispatch redirect reconnects, but the sign-in does not go back. */
  private progress(attempt: number, progress: string): void {
    const phase = this.current.phase;
    if (attempt !== this.attempt || (phase !== 'signingIn' && phase !== 'reconnecting')) return;
    if (SIGN_IN_STEPS.indexOf(progress) <= SIGN_IN_STEPS.indexOf(this.current.progress)) return;
    this.set({ ...this.current, progress });
  }

  async signIn(request: SignInRequest): Promise<void> {
    if (this.current.phase === 'signingIn')
      throw new Error('A sign-in is already under way; wait for it or cancel it.');
    if (this.current.phase === 'reconnecting')
      throw new Error('Butterfly is reconnecting to the server. Cancel that first to sign in again.');
    if (this.current.phase !== 'signedOut') throw new Error('You are already signed in. Sign out first.');
    const { deps } = this;
    const attempt = ++this.attempt;
    const email = request.email.trim();
    const sandbox = request.server === SANDBOX_SERVER;
    let where = request.server;
    this.set({
      phase: 'signingIn',
      progress: sandbox && !deps.sandbox.running ? PROGRESS.startingSandbox : PROGRESS.connecting,
      error: '',
      needsVerification: false,
    });
    let details: SignInDetails;
    try {
      details = signInDetails(request, email, deps);
      where = whereOf(details.server);
      if (!(await this.open(attempt, details))) return;
    } catch (err) {
      if (attempt !== this.attempt) return;
      this.pendingNs = null;
      // No warning here: whoever called logs the failure once, with the server's words as its cause.
      const failure = signInFailure(err, where);
      this.set({
        phase: 'signedOut',
        progress: '',
        error: failure.message,
        needsVerification: failure.needsVerification,
      });
      throw new Error(failure.message, { cause: err });
    }
    // Outside the try: the sign-in has succeeded, and a keyring that refuses must not undo it.
    const { server, password } = details;
    await rememberSignIn(deps, server, email, request.remember, password).catch((err: unknown) => {
      deps.warn(`Could not save the sign-in settings: ${errorMessage(err)}`);
      deps.sink.notice('Butterfly could not remember your password on this computer.');
    });
  }

  /**
   * One session from connecting to online, for a sign-in and for each try to reconnect: true once online,
   * false when cancelled or overtaken by a newer attempt; a failure is thrown, the session already let go.
   */
  private async open(attempt: number, details: SignInDetails): Promise<boolean> {
    const { deps } = this;
    const cancelled = new Promise<'cancelled'>((resolve) => {
      this.cancelAttempt = () => resolve('cancelled');
    });
    const sandbox = details.server === SANDBOX_SERVER;
    const target = sandbox ? await startSandbox(deps) : parseHostPort(details.server)!;
    if (attempt !== this.attempt) return false;
    this.progress(attempt, PROGRESS.connecting);

    const wired = wireSession(deps, details, {
      closed: (error, reason) => this.onClosed(wired.session, error, reason),
      progress: (words) => this.progress(attempt, words),
      live: () => this.ns === wired.session && this.current.phase === 'online',
      chose: (status) => {
        details.status = status;
      },
      isChoosable,
    });
    const { session, manager, center } = wired;
    this.pendingNs = session;
    const unbind = (): void => {
      this.centerClosed = wired.unbind();
    };

    try {
      // allowPlainPassword is never set here: CTP then goes only to a server on this computer (the
      // built-in sandbox is one); any other server that wants it fails with PlainPasswordRefusedError.
      const signedIn = session.signIn({
        host: target.host,
        port: target.port,
        email: details.email,
        password: details.password,
        status: details.status,
      });
      signedIn.catch(() => {});
      const outcome = await Promise.race([signedIn.then(() => 'online' as const), cancelled]);
      if (outcome === 'cancelled' || attempt !== this.attempt) {
        unbind();
        return false;
      }
    } catch (err) {
      if (attempt === this.attempt) {
        this.pendingNs = null;
        if (session.status !== 'closed') void session.signOut().catch(() => {});
      }
      unbind();
      throw err;
    }
    this.pendingNs = null;
    this.ns = session;
    this.manager = manager;
    this.center = center;
    this.unbind = unbind;
    this.details = details;
    this.dropped = null;
    const account = this.snapshotOf(session);
    wired.seen = new LastSeen(account);
    this.seen = wired.seen;
    this.set({ phase: 'online', progress: '', error: '', needsVerification: false });
    deps.emit({ type: 'account', account });
    return true;
  }

  /** The account as the windows see it: the built-in sandbox's contacts with their notes. */
  private snapshotOf(ns: NotificationSession): AccountSnapshot {
    const account = ns.snapshot();
    return this.details?.server === SANDBOX_SERVER ? noteAccount(account) : account;
  }

  /** Cancel: stops a sign-in under way, or stops reconnecting (signed out, with why the connection dropped). */
  async cancelSignIn(): Promise<void> {
    if (this.current.phase === 'reconnecting') return this.stopReconnecting(this.dropped?.ended ?? '');
    if (this.current.phase !== 'signingIn') return;
    this.attempt += 1;
    this.cancelAttempt();
    const ns = this.pendingNs;
    this.pendingNs = null;
    this.set({ ...SIGNED_OUT });
    if (ns) await ns.signOut().catch(() => {});
  }

  async signOut(): Promise<void> {
    if (this.current.phase === 'signingIn') return this.cancelSignIn();
    // A sign-out the person chose: no reason to show, and the conversation windows close as after any.
    if (this.current.phase === 'reconnecting') return this.stopReconnecting('');
    const ns = this.ns;
    if (this.current.phase !== 'online' || !ns) return;
    this.set({ phase: 'signingOut', progress: PROGRESS.signingOut, error: '', needsVerification: false });
    this.center?.stop();
    this.manager?.closeAll();
    await ns.signOut().catch(() => {});
    // 'closed' has normally run by now; this covers a session that never reported it.
    if (this.ns === ns) this.onClosed(ns, undefined, undefined);
    await this.centerClosed;
  }

  private onClosed(
    ns: NotificationSession,
    error: Error | undefined,
    signedOutReason: string | undefined,
  ): void {
    if (this.ns !== ns) return;
    const chosen = this.current.phase === 'signingOut';
    const details = chosen ? null : this.details;
    const again = details !== null && reconnectsAfter(error, signedOutReason);
    const reason = chosen ? '' : describeSessionEnd(error, signedOutReason);
    const drop = describeDrop(error, signedOutReason);
    // While the phase is still online, so the windows hear which messages did not go and why.
    if (!chosen) this.center?.endSession(again ? reconnectConversationEnd(drop) : reason);
    // The engine has marked everyone offline by now; the list shows what the windows last heard.
    const account = again
      ? (this.seen?.view(this.snapshotOf(ns), details.status) ?? this.snapshotOf(ns))
      : null;
    this.unbind();
    this.unbind = () => {};
    this.ns = null;
    this.manager = null;
    this.center = null;
    this.seen = null;
    if (!chosen)
      this.deps.warn(`The session ended: ${error?.message ?? signedOutReason ?? 'no reason given'}`);
    // The server's own word (signed in elsewhere, shutting down) also comes as a toast: the person may be
    // looking at another window when it happens.
    if (!chosen && (signedOutReason === 'OTH' || signedOutReason === 'SSD')) {
      this.deps.sink.toast(serverToast(describeSignOut(signedOutReason)));
      this.deps.sink.sound('alert');
    }
    if (account) {
      this.dropped = { account, words: drop, ended: reason };
      this.waitToReconnect(1);
      // As after any drop, the windows hear that the account is gone, so its conversations end (readable,
      // closed for sending); then the list comes back to be shown, greyed, until the session is back.
      this.deps.emit({ type: 'account', account: null });
      this.deps.emit({ type: 'account', account });
      return;
    }
    this.details = null;
    this.set({ ...SIGNED_OUT, error: reason });
    this.deps.emit({ type: 'account', account: null });
  }

  // ---- reconnecting ------------------------------------------------------------------------

  /** Waits before try number `n`, saying when it comes. */
  private waitToReconnect(n: number): void {
    const retryAt = this.wait.start(n, () => void this.reconnectNow(n));
    this.set({
      phase: 'reconnecting',
      progress: '',
      error: this.dropped?.words ?? '',
      needsVerification: false,
      reconnect: { attempt: n, retryAt },
    });
  }

  private async reconnectNow(n: number): Promise<void> {
    const details = this.details;
    if (this.current.phase !== 'reconnecting' || !details) return;
    const attempt = ++this.attempt;
    const where = whereOf(details.server);
    this.set({ ...this.current, progress: PROGRESS.connecting, reconnect: { attempt: n, retryAt: null } });
    try {
      await this.open(attempt, details);
    } catch (err) {
      if (attempt !== this.attempt) return;
      if (!(err instanceof SignInRefused) && worthAnotherTry(err)) {
        this.deps.warn(`Reconnecting to ${where} failed (try ${n}): ${errorMessage(err)}`);
        this.waitToReconnect(n + 1);
        return;
      }
      // The server refuses the account now (a password changed elsewhere): trying again cannot help.
      const failure = signInFailure(err, where);
      this.deps.warn(`Reconnecting to ${where} stopped: ${errorMessage(err)}`);
      await this.stopReconnecting(failure.message, failure.needsVerification);
    }
  }

  /** No more tries: signed out with this sentence ('' for a sign-out the person chose), nothing left running. */
  private async stopReconnecting(error: string, needsVerification = false): Promise<void> {
    this.attempt += 1;
    this.cancelAttempt();
    this.wait.clear();
    const ns = this.pendingNs;
    this.pendingNs = null;
    this.details = null;
    this.dropped = null;
    this.set({ ...SIGNED_OUT, error, needsVerification });
    this.deps.emit({ type: 'account', account: null });
    if (ns) await ns.signOut().catch(() => {});
  }
}
