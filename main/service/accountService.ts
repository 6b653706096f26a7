// The account service: everything a window may ask of main (MessengerApi) in plain Node, over the engine.
// One signed-in session at a time, its state as snapshots and events, settings and remembered passwords
// on disk, toasts and sounds, and the built-in sandbox. Electron's IPC and browser mode's WebSocket
// server both forward to it; neither adds behaviour of its own.
import type {
  AddedAnswer,
  AppSnapshot,
  ChoosableStatus,
  MessengerApi,
  MessengerEvent,
  SessionState,
  Settings,
  SettingsPatch,
  SignInRequest,
  SoundName,
  WindowRoute,
} from '../../app/contract';
import type { Blp } from '../../app/types';
import type { ConversationManager } from '../msnp/conversations';
import type { ConversationOptions } from '../msnp/conversation';
import type { NotificationSession, SessionOptions } from '../msnp/notificationSession';
import type { BuiltInSandboxOptions } from '../sandbox/builtIn';
import { errorMessage } from '../msnp/errors';
import { ActionRefused, describeActionError, NotSignedInError } from './actionErrors';
import { SandboxLauncher } from './builtInSandbox';
import { PasswordVault, type SecretStore } from './passwordVault';
import { SessionController } from './sessionController';
import { checkProtocols, normalizeServer, SettingsStore } from './settingsStore';
import { ToastCenter, type ToastContent } from './toasts';
import { ONLY_WEB_LINKS, webUrl } from './webUrl';

export type { SecretStore } from './passwordVault';

export interface AccountServiceDeps {
  userDataDir: string;
  environment: 'desktop' | 'browser';
  version: string;
  /** Electron's safeStorage; absent in browser mode, where no password is remembered. */
  secrets?: SecretStore;
  /** Opens an http(s) address in the system browser (already checked). */
  openExternal(url: string): Promise<void>;
  /** Opens or focuses a window; the shell (or the browser page) decides how. Defaults to doing nothing. */
  openWindow?(route: WindowRoute): Promise<void>;
  now?: () => number;
  toastLifetimeMs?: number;
  maxToasts?: number;
  /** Engine timeouts and keep-alive (tests shorten them). */
  session?: Omit<SessionOptions, 'protocols' | 'cache'>;
  conversations?: ConversationOptions;
  /** Bot intervals and the like for the built-in sandbox (tests shorten them). */
  sandbox?: BuiltInSandboxOptions;
  /** Where warnings go (a damaged settings file, a failed write); defaults to console.warn. */
  warn?: (message: string) => void;
  /** A server to select in the sign-in form from the start, saved as the last server (browser mode's --sandbox). */
  initialServer?: string;
}

type Listener = (event: MessengerEvent) => void;

export class AccountService implements MessengerApi {
  private readonly listeners = new Set<Listener>();
  private readonly store: SettingsStore;
  private readonly vault: PasswordVault;
  private readonly toastCenter: ToastCenter;
  private readonly sandbox: SandboxLauncher;
  private readonly warn: (message: string) => void;
  private readonly controller: SessionController;
  private disposed = false;

  constructor(private readonly deps: AccountServiceDeps) {
    this.warn = deps.warn ?? ((message) => console.warn(`butterfly: ${message}`));
    this.store = new SettingsStore(deps.userDataDir, this.warn);
    const initial = deps.initialServer;
    if (initial !== undefined && this.store.value.lastServer !== initial) {
      // The write is flushed by close(); the value is current at once.
      void this.store.update((s) => {
        s.lastServer = initial;
      });
    }
    this.vault = new PasswordVault(deps.userDataDir, deps.secrets, this.warn);
    this.sandbox = new SandboxLauncher(deps.sandbox);
    this.toastCenter = new ToastCenter({
      lifetimeMs: deps.toastLifetimeMs,
      max: deps.maxToasts,
      now: deps.now,
      onChange: (toasts) => this.emit({ type: 'toasts', toasts }),
    });
    this.controller = new SessionController({
      userDataDir: deps.userDataDir,
      store: this.store,
      vault: this.vault,
      sandbox: this.sandbox,
      session: deps.session,
      conversations: deps.conversations,
      warn: this.warn,
      emit: (event) => this.emit(event),
      sink: {
        toast: (content) => this.showToast(content),
        sound: (name) => this.playSound(name),
        notice: (message) => this.emit({ type: 'notice', message }),
        conversationStarted: (id) => void this.openWindow({ kind: 'conversation', id }).catch(() => {}),
      },
      settingsChanged: () => this.emitSettings(),
    });
  }

  // ---- events and state ----------------------------------------------------------

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private emit(event: MessengerEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (err) {
        this.warn(`An event listener failed: ${errorMessage(err)}`);
      }
    }
  }

  async getSnapshot(): Promise<AppSnapshot> {
    return {
      session: this.controller.state,
      account: this.controller.online?.snapshot() ?? null,
      settings: this.settings(),
      toasts: this.toastCenter.list(),
      environment: this.deps.environment,
      version: this.deps.version,
    };
  }

  /** The conversations of the signed-in session, for the layers that show them; null while signed out. */
  get conversationManager(): ConversationManager | null {
    return this.controller.conversations;
  }

  /** The engine session while online (the protocol inspector and tests read it); null otherwise. */
  get notificationSession(): NotificationSession | null {
    return this.controller.online;
  }

  /** The session's phase, progress and last error. */
  get sessionState(): SessionState {
    return this.controller.state;
  }

  /** The built-in sandbox's address once it runs (tests and the about box); null before the first sign-in to it. */
  get sandboxAddress(): { host: string; port: number } | null {
    const running = this.sandbox.running;
    return running ? { host: running.host, port: running.port } : null;
  }

  private settings(): Settings {
    const s = this.store.value;
    return {
      servers: this.store.choices(),
      lastServer: s.lastServer,
      lastEmail: s.lastEmail,
      protocols: [...s.protocols],
      rememberedPassword: s.lastEmail !== '' && this.vault.has(s.lastServer, s.lastEmail),
      canRememberPassword: this.vault.canRemember,
      sounds: s.sounds,
      toasts: s.toasts,
    };
  }

  private emitSettings(): void {
    this.emit({ type: 'settings', settings: this.settings() });
  }

  // ---- signing in and out ------------------------------------------------------------

  async signIn(request: SignInRequest): Promise<void> {
    this.alive();
    await this.controller.signIn(request);
  }

  cancelSignIn(): Promise<void> {
    return this.controller.cancelSignIn();
  }

  signOut(): Promise<void> {
    return this.controller.signOut();
  }

  private showToast(content: ToastContent): void {
    if (this.store.value.toasts && !this.disposed) this.toastCenter.show(content);
  }

  private playSound(sound: SoundName): void {
    if (this.store.value.sounds) this.emit({ type: 'sound', sound });
  }

  // ---- settings ------------------------------------------------------------------------

  async forgetPassword(email: string): Promise<void> {
    await this.vault.forget(email.trim());
    this.emitSettings();
  }

  async updateSettings(patch: SettingsPatch): Promise<void> {
    let protocols: string[] | undefined;
    if (patch.protocols !== undefined) {
      const checked = checkProtocols(patch.protocols);
      if (!checked.ok) throw new Error(checked.message);
      if (checked.protocols.length === 0) throw new Error('Choose at least one protocol version.');
      protocols = checked.protocols;
    }
    await this.store.update((s) => {
      if (patch.sounds !== undefined) s.sounds = patch.sounds;
      if (patch.toasts !== undefined) s.toasts = patch.toasts;
      if (protocols) s.protocols = protocols;
    });
    if (patch.toasts === false) this.toastCenter.clear();
    this.emitSettings();
  }

  async addServer(server: string): Promise<void> {
    const id = normalizeServer(server);
    if (!id) throw new Error('That is not a server address. Type it as host or host:port.');
    await this.store.rememberServer(id);
    this.emitSettings();
  }

  // ---- the account -----------------------------------------------------------------------

  /**
   * Runs an action on the signed-in session; a failure becomes one sentence, as the rejection only: the
   * caller shows it (a window shows its own call's rejection, so a notice as well would say it twice).
   */
  private async act<T>(
    doing: string,
    email: string | undefined,
    fn: (ns: NotificationSession) => Promise<T>,
  ): Promise<T> {
    try {
      const ns = this.controller.online;
      if (!ns) throw new NotSignedInError(doing);
      return await fn(ns);
    } catch (err) {
      const message = describeActionError(err, doing, email);
      if (!(err instanceof ActionRefused))
        this.warn(`Could not ${doing}: ${errorMessage(err)}`);
      throw new Error(message, { cause: err });
    }
  }

  /** Shows one sentence in the windows, for a failure no window awaits (a choice in the tray menu). */
  notice(message: string): void {
    this.emit({ type: 'notice', message });
  }

  setStatus(status: ChoosableStatus): Promise<void> {
    return this.act('change your status', undefined, (ns) => ns.setStatusRequest(status));
  }

  setNickname(nickname: string): Promise<void> {
    return this.act('change your name', undefined, (ns) => ns.setNickname(nickname));
  }

  addContact(email: string): Promise<void> {
    return this.act(`add ${email} to your contact list`, email, async (ns) => {
      if (email.toLowerCase() === ns.state.self.email.toLowerCase())
        throw new ActionRefused('You cannot add yourself to your contact list.');
      if (ns.state.contact(email)?.lists.has('FL'))
        throw new ActionRefused(`${email} is already on your contact list.`);
      await ns.addToList('FL', email, email);
      // As the 3.0 client did: someone you add may also see you, unless you blocked them.
      const lists = ns.state.contact(email)?.lists;
      if (!lists?.has('AL') && !lists?.has('BL'))
        await ns.addToList('AL', email, ns.state.contact(email)?.nickname ?? email);
    });
  }

  removeContact(email: string): Promise<void> {
    return this.act(`remove ${email} from your contact list`, email, async (ns) => {
      if (!ns.state.contact(email)?.lists.has('FL'))
        throw new ActionRefused(`${email} is not on your contact list.`);
      await ns.removeFromList('FL', email);
    });
  }

  block(email: string): Promise<void> {
    return this.act(`block ${email}`, email, (ns) => ns.block(email));
  }

  unblock(email: string): Promise<void> {
    return this.act(`unblock ${email}`, email, (ns) => ns.unblock(email));
  }

  answerAdded(answer: AddedAnswer): Promise<void> {
    const { email } = answer;
    return this.act(`answer ${email}`, email, async (ns) => {
      const lists = () => ns.state.contact(email)?.lists;
      const nickname = ns.state.contact(email)?.nickname ?? email;
      if (answer.allow && !lists()?.has('AL')) {
        if (lists()?.has('BL')) await ns.unblock(email);
        else await ns.addToList('AL', email, nickname);
      } else if (!answer.allow && !lists()?.has('BL')) {
        if (lists()?.has('AL')) await ns.block(email);
        else await ns.addToList('BL', email, nickname);
      }
      if (answer.addToList && !lists()?.has('FL')) await ns.addToList('FL', email, nickname);
    });
  }

  setAllOthers(blp: Blp): Promise<void> {
    return this.act('change who can see you', undefined, (ns) => ns.setBlp(blp));
  }

  setAlertOnAdd(alert: boolean): Promise<void> {
    return this.act('change the add alert', undefined, (ns) => ns.setGtc(alert ? 'A' : 'N'));
  }

  // ---- windows, links and toasts -----------------------------------------------------------

  async openInbox(): Promise<void> {
    const url = await this.act('open your Hotmail inbox', undefined, (ns) => ns.requestUrl('INBOX'));
    await this.openExternal(url);
  }

  async openExternal(url: string): Promise<void> {
    const safe = webUrl(url);
    if (safe === null) throw new Error(ONLY_WEB_LINKS);
    try {
      await this.deps.openExternal(safe);
    } catch (err) {
      this.warn(`Could not open ${safe}: ${errorMessage(err)}`);
      throw new Error('The link could not be opened in your web browser.', { cause: err });
    }
  }

  async openWindow(route: WindowRoute): Promise<void> {
    if (this.deps.openWindow) await this.deps.openWindow(route);
    // Without a shell (browser mode) the pages draw windows themselves; they are told to.
    else if (this.deps.environment === 'browser') {
      const members =
        route.kind === 'conversation'
          ? this.controller.conversations?.get(route.id)?.memberList.map((m) => m.email)
          : undefined;
      this.emit(members ? { type: 'window', route, members } : { type: 'window', route });
    }
  }

  async openConversation(emails: string[]): Promise<string> {
    const conversations = this.controller.conversations;
    const ns = this.controller.online;
    if (!conversations || !ns) throw new NotSignedInError('start a conversation');
    const self = ns.state.self.email.toLowerCase();
    const others = emails.filter((e) => e.toLowerCase() !== self);
    if (others.length === 0) throw new Error('You cannot start a conversation with yourself.');
    const conversation = conversations.open(others);
    await this.openWindow({ kind: 'conversation', id: conversation.id });
    return conversation.id;
  }

  async toastClicked(id: string): Promise<void> {
    const toast = this.toastCenter.dismiss(id);
    if (!toast) return;
    const action = toast.action;
    switch (action.type) {
      case 'openConversation':
        if (this.controller.online) await this.openConversation([action.email]);
        return;
      case 'openInbox':
        return this.openInbox();
      case 'openUrl':
        return this.openExternal(action.url);
      case 'none':
        return;
    }
  }

  async dismissToast(id: string): Promise<void> {
    this.toastCenter.dismiss(id);
  }

  // ---- lifetime ---------------------------------------------------------------------------

  private alive(): void {
    if (this.disposed) throw new Error('Butterfly is shutting down.');
  }

  /** Signs out, stops the built-in sandbox and every timer, and finishes pending writes. */
  async close(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.signOut();
    this.toastCenter.dispose();
    await this.sandbox.stop();
    await Promise.all([this.store.flush(), this.vault.flush()]);
    this.listeners.clear();
  }
}
