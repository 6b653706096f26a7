// Signing in and out: one session at a time, its phase and progress in words, cancel, and a session that
// ends on its own (signed in elsewhere, server shutting down, connection lost) back to signed out with
// the reason. What the engine reports while online is handed to the sink (sessionEvents.ts).
import path from 'node:path';
import {
  SANDBOX_SERVER,
  type MessengerEvent,
  type SessionState,
  type SignInRequest,
} from '../../app/contract';
import { ConversationManager } from '../msnp/conversations';
import { errorMessage } from '../msnp/errors';
import type { ConversationOptions } from '../msnp/conversation';
import { FileListCache } from '../msnp/listCache';
import { NotificationSession, type SessionOptions } from '../msnp/notificationSession';
import { parseHostPort } from '../msnp/nsLogin';
import type { SandboxLauncher } from './builtInSandbox';
import type { PasswordVault } from './passwordVault';
import { bindSession, type SessionSink } from './sessionEvents';
import { ConversationCenter, type ConversationCenterDeps } from './conversationCenter';
import { messageLogFile } from './messageLog';
import {
  checkProtocols,
  DEFAULT_PROTOCOL_CHOICE,
  normalizeServer,
  type SettingsStore,
} from './settingsStore';
import { describeSessionEnd, describeSignInError, PROGRESS, progressFor } from './signInErrors';

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
}

/** A sign-in that stopped before reaching the server; its message is the sentence to show. */
class SignInRefused extends Error {}

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

  constructor(private readonly deps: SessionControllerDeps) {}

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
    if (attempt !== this.attempt || this.current.phase !== 'signingIn') return;
    if (SIGN_IN_STEPS.indexOf(progress) <= SIGN_IN_STEPS.indexOf(this.current.progress)) return;
    this.set({ ...this.current, progress });
  }

  async signIn(request: SignInRequest): Promise<void> {
    if (this.current.phase === 'signingIn')
      throw new Error('A sign-in is already under way; wait for it or cancel it.');
    if (this.current.phase !== 'signedOut') throw new Error('You are already signed in. Sign out first.');
    const { deps } = this;
    const attempt = ++this.attempt;
    const cancelled = new Promise<'cancelled'>((resolve) => {
      this.cancelAttempt = () => resolve('cancelled');
    });
    const email = request.email.trim();
    const sandbox = request.server === SANDBOX_SERVER;
    let where = request.server;
    this.set({
      phase: 'signingIn',
      progress: sandbox && !deps.sandbox.running ? PROGRESS.startingSandbox : PROGRESS.connecting,
      error: '',
      needsVerification: false,
    });
    let ns: NotificationSession | null = null;
    let serverId: string | null = null;
    let password: string | null = null;
    try {
      const protocols = this.protocolsFor(request.protocols);
      serverId = sandbox ? SANDBOX_SERVER : normalizeServer(request.server);
      if (!serverId) throw new SignInRefused('That is not a server address. Type it as host or host:port.');
      password = request.password !== '' ? request.password : deps.vault.get(serverId, email);
      if (!password)
        throw new SignInRefused(
          'Type your password to sign in; none is remembered for this address on this server.',
        );
      const target = sandbox ? await this.startSandbox() : parseHostPort(serverId)!;
      if (attempt !== this.attempt) return;
      where = sandbox ? 'the built-in sandbox' : `the server at ${serverId}`;
      this.progress(attempt, PROGRESS.connecting);

      const session = new NotificationSession({
        ...deps.session,
        protocols: [...protocols, 'CVR0'],
        // The sandbox starts afresh every time, so a cache of it would only mislead; other servers get one each.
        cache: sandbox
          ? undefined
          : new FileListCache(path.join(deps.userDataDir, 'lists', serverId.replace(/[^\w.-]/g, '_'))),
      });
      ns = session;
      this.pendingNs = session;
      // Before the manager exists, so this runs before the manager closes its conversations on 'closed':
      // the messages still sending are failed with the reason, not with "the conversation was closed".
      session.on('closed', (e) => this.onClosed(session, e.error, e.signedOutReason));
      // Received files are checked with SHA-256 on the way in: the window shows it beside the saved path.
      const conversationOptions = deps.conversations ?? {};
      const manager = new ConversationManager(session, {
        ...conversationOptions,
        invitations: {
          ...conversationOptions.invitations,
          msnftp: { hash: true, ...conversationOptions.invitations?.msnftp },
        },
      });
      session.on('status', (status) => {
        const words = progressFor(status);
        if (words) this.progress(attempt, words);
      });
      // USR OK arrives as our own name: the password was right and the lists come next.
      session.once('self', () => this.progress(attempt, PROGRESS.gettingList));
      const emitOnline = (event: MessengerEvent): void => {
        if (this.ns === session && this.current.phase === 'online') deps.emit(event);
      };
      const unbindSession = bindSession(session, manager, { ...deps.sink, emit: emitOnline });
      const center = new ConversationCenter({
        ...deps.conversationDeps,
        manager,
        self: () => ({ email: session.state.self.email, nickname: session.state.self.nickname }),
        nicknameOf: (address) => session.state.contact(address)?.nickname ?? address,
        emit: emitOnline,
        toast: deps.sink.toast,
        sound: deps.sink.sound,
        logFile: () => messageLogFile(deps.userDataDir, session.state.self.email || email),
        warn: deps.warn,
      });
      const unbind = (): void => {
        unbindSession();
        this.centerClosed = center.close();
      };

      // allowPlainPassword is never set here: CTP then goes only to a server on this computer (the
      // built-in sandbox is one); any other server that wants it fails with PlainPasswordRefusedError.
      const signedIn = session.signIn({
        host: target.host,
        port: target.port,
        email,
        password,
        status: request.status,
      });
      signedIn.catch(() => {});
      const outcome = await Promise.race([signedIn.then(() => 'online' as const), cancelled]);
      if (outcome === 'cancelled' || attempt !== this.attempt) {
        unbind();
        return;
      }
      this.pendingNs = null;
      this.ns = session;
      this.manager = manager;
      this.center = center;
      this.unbind = unbind;
      this.set({ phase: 'online', progress: '', error: '', needsVerification: false });
      deps.emit({ type: 'account', account: session.snapshot() });
    } catch (err) {
      if (attempt !== this.attempt) return;
      this.pendingNs = null;
      if (ns && ns.status !== 'closed') void ns.signOut().catch(() => {});
      const refused = err instanceof SignInRefused;
      const failure = refused
        ? { message: err.message, needsVerification: false }
        : describeSignInError(err, where);
      if (!refused)
        deps.warn(`Sign-in to ${where} failed: ${errorMessage(err)}`);
      this.set({
        phase: 'signedOut',
        progress: '',
        error: failure.message,
        needsVerification: failure.needsVerification,
      });
      throw new Error(failure.message, { cause: err });
    }
    // Outside the try: the sign-in has succeeded, and a keyring that refuses must not undo it.
    await this.remember(serverId!, email, request.remember, password!).catch((err: unknown) => {
      deps.warn(`Could not save the sign-in settings: ${errorMessage(err)}`);
      deps.sink.notice('Butterfly could not remember your password on this computer.');
    });
  }

  private protocolsFor(requested: readonly string[]): string[] {
    const wanted = requested.length > 0 ? requested : this.deps.store.value.protocols;
    const checked = checkProtocols(wanted);
    if (!checked.ok) throw new SignInRefused(checked.message);
    return checked.protocols.length > 0 ? checked.protocols : [...DEFAULT_PROTOCOL_CHOICE];
  }

  private async startSandbox(): Promise<{ host: string; port: number }> {
    try {
      return await this.deps.sandbox.address();
    } catch (err) {
      this.deps.warn(
        `The built-in sandbox could not start: ${errorMessage(err)}`,
      );
      throw new SignInRefused('The built-in sandbox could not be started. Restart Butterfly and try again.');
    }
  }

  /** After a successful sign-in: the form pre-fills these next time, and the password is kept or forgotten as asked. */
  private async remember(
    serverId: string,
    email: string,
    remember: boolean,
    password: string,
  ): Promise<void> {
    const { store, vault } = this.deps;
    await store.rememberSignIn(serverId, email);
    if (remember) await vault.remember(serverId, email, password);
    else await vault.forget(email, serverId);
    this.deps.settingsChanged();
  }

  async cancelSignIn(): Promise<void> {
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
    const reason = chosen ? '' : describeSessionEnd(error, signedOutReason);
    // While the phase is still online, so the windows hear which messages did not go and why.
    if (!chosen) this.center?.endSession(reason);
    this.unbind();
    this.unbind = () => {};
    this.ns = null;
    this.manager = null;
    this.center = null;
    if (!chosen)
      this.deps.warn(`The session ended: ${error?.message ?? signedOutReason ?? 'no reason given'}`);
    this.set({ ...SIGNED_OUT, error: reason });
    this.deps.emit({ type: 'account', account: null });
  }
}
