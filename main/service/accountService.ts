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
  OpenedUrl,
  SessionState,
  Settings,
  SettingsPatch,
  SignInRequest,
  SoundName,
  WindowRoute,
} from '../../app/contract';
import { SANDBOX_SERVER } from '../../app/contract';
import type { FileSource, MessageStyle, SavedConversation, ConversationLine } from '../../app/conversation';
import type { Blp } from '../../app/types';
import path from 'node:path';
import type { ConversationManager } from '../msnp/conversations';
import type { ConversationOptions } from '../msnp/conversation';
import type { NotificationSession, SessionOptions } from '../msnp/notificationSession';
import type { BuiltInSandboxOptions } from '../sandbox/builtIn';
import { errorMessage } from '../msnp/errors';
import { AccountActions } from './accountActions';
import { MemberMethods } from './memberMethods';
import { fetchIcon } from './alertIcons';
import type { InvitationRequest, MemberQuery, PageRequest, PhonesPatch, WebService } from '../../app/services';
import { SandboxLauncher } from './builtInSandbox';
import { ConversationMethods, type FileDeps } from './conversationMethods';
import { PasswordVault, type SecretStore } from './passwordVault';
import { SessionController, type ReconnectOptions } from './sessionController';
import { proxyView, saveProxy } from './proxySettings';
import { checkProtocols, normalizeServer, SettingsStore } from './settingsStore';
import { ToastCenter, type ToastContent } from './toasts';
import { AutoIdle } from './idlePolicy';
import { ONLY_WEB_LINKS, webUrl } from './webUrl';
import { InspectorMethods } from './inspector/inspectorMethods';
import { InspectorTraffic } from './inspector/inspectorTraffic';
import type { InspectorExportFormat, InspectorFilter, InspectorQuery, InspectorSendRequest } from '../../app/inspector';

export type { SecretStore } from './passwordVault';

export interface AccountServiceDeps {
  userDataDir: string;
  environment: 'desktop' | 'browser';
  version: string;
  /** Electron's safeStorage; absent in browser mode, where no password is remembered. */
  secrets?: SecretStore;
  /** Opens an http(s) address in the system browser (already checked). */
  openExternal(url: string): Promise<void>;
  /**
   * Opens or focuses a window; the shell decides how. `focus` is false for a window nobody asked for (a
   * message arrived): it shows without taking focus. Absent in browser mode, where the page draws windows.
   */
  openWindow?(route: WindowRoute, options?: { focus: boolean }): Promise<void>;
  /** Dialogs and folders for files (desktop), or uploads and the downloads folder (browser mode). */
  files?: Partial<FileDeps>;
  now?: () => number;
  /** Fetches an alert's icon as a data: URL; alertIcons.ts's fetchIcon by default. */
  fetchIcon?: (url: string, server: string) => Promise<string | null>;
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
  /** The waits between tries to sign in again after the connection dropped (tests shorten them). */
  reconnect?: ReconnectOptions;
  /** Whether the shell can start Butterfly with the computer (Electron's login items; not on Linux). */
  runAtStartupSupported?: boolean;
  /** Desktop: quits the app (which signs out on its way). Absent in browser mode, where Exit only signs out. */
  quit?(): void;
}

type Listener = (event: MessengerEvent) => void;

/** The on/off settings added with Options' Personal and Preferences tabs, stored as they come. */
const FLAGS = [
  'signInToasts',
  'mailToasts',
  'alertToasts',
  'idleAway',
  'runAtStartup',
  'runInBackground',
] as const;

export class AccountService implements MessengerApi {
  private readonly listeners = new Set<Listener>();
  private readonly store: SettingsStore;
  private readonly vault: PasswordVault;
  private readonly toastCenter: ToastCenter;
  private readonly sandbox: SandboxLauncher;
  private readonly warn: (message: string) => void;
  private readonly controller: SessionController;
  private readonly conversations: ConversationMethods;
  private readonly actions: AccountActions;
  private readonly members: MemberMethods;
  private readonly files: FileDeps;
  /** The protocol inspector's traffic, kept (bounded) from the first time the inspector is opened. */
  readonly inspector: InspectorTraffic;
  private readonly inspectorMethods: InspectorMethods;
  private readonly autoIdle: AutoIdle;
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
    this.actions = new AccountActions(() => this.controller.online);
    this.members = new MemberMethods({
      actions: this.actions,
      online: () => this.controller.online,
      emit: (event) => this.emit(event),
      openExternal: (url) => this.openExternal(url),
      toast: (content) => this.showToast(content),
      sound: () => this.playSound('alert'),
      now: deps.now ?? Date.now,
    });
    this.files = { defaultDownloadsFolder: path.join(deps.userDataDir, 'downloads'), ...deps.files };
    this.inspector = new InspectorTraffic({
      emit: (event) => this.emit(event),
      replyTimeoutMs: deps.session?.requestTimeoutMs,
    });
    this.inspectorMethods = new InspectorMethods({
      traffic: this.inspector,
      environment: deps.environment,
      chooseTextSavePath: this.files.chooseTextSavePath,
      warn: this.warn,
      now: deps.now ?? Date.now,
    });
    this.conversations = new ConversationMethods({
      environment: deps.environment,
      files: this.files,
      center: () => this.controller.conversationCenter,
      online: () => this.controller.online,
      openWindow: (route, focus) => this.showWindow(route, focus),
      downloadsFolder: () => this.downloadsFolder(),
      maxFileSize: () => this.store.value.maxFileSize,
      setDownloadsFolder: async (folder) => {
        await this.store.update((s) => {
          s.downloadsFolder = folder;
        });
        this.emitSettings();
      },
      warn: this.warn,
      now: deps.now,
    });
    this.autoIdle = new AutoIdle({
      online: () => this.controller.online,
      settings: () => this.store.value,
      warn: this.warn,
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
        toast: (content, unseen) => this.showToast(content, unseen),
        sound: (name) => this.playSound(name),
        notice: (message) => this.emit({ type: 'notice', message }),
        page: (ns, page) => this.members.addPage(ns, page),
        toastIcon: (id, icon) => this.toastCenter.setIcon(id, icon),
        fetchIcon: deps.fetchIcon ?? ((url, server) => fetchIcon(url, { server })),
      },
      conversationDeps: {
        environment: deps.environment,
        files: this.files,
        now: deps.now,
        openWindow: (route) => void this.showWindow(route, false).catch(() => {}),
        settings: () => ({
          // Without toasts, a "… says:" toast would show nowhere: the window opens instead.
          messageToasts: this.store.value.messageToasts && this.store.value.toasts && !this.disposed,
          messageLog: this.store.value.messageLog,
          askWhereToSave: this.store.value.askWhereToSave && deps.environment === 'desktop',
          downloadsFolder: this.downloadsFolder(),
          // FileDesk flags offers over it (conversationTransfers.ts reads it through the center's settings).
          maxFileSize: this.store.value.maxFileSize,
        }),
      },
      settingsChanged: () => this.emitSettings(),
      reconnect: deps.reconnect,
      inspect: (session, manager) => this.inspector.attach(session, manager),
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
      pages: this.members.currentPages(),
      // While reconnecting, the account as last seen online: the list stays, greyed.
      account: this.controller.account,
      settings: this.settings(),
      toasts: this.toastCenter.list(),
      environment: this.deps.environment,
      version: this.deps.version,
      ...(this.controller.conversationCenter?.snapshot() ?? { conversations: [], invitations: [] }),
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
      messageToasts: s.messageToasts,
      emoticons: s.emoticons,
      askWhereToSave: s.askWhereToSave,
      downloadsFolder: this.downloadsFolder(),
      maxFileSize: s.maxFileSize,
      messageLog: s.messageLog,
      font: this.store.fontOf(this.controller.online?.state.self.email || s.lastEmail),
      strictMode: s.strictMode,
      keepAliveSeconds: s.keepAliveSeconds,
      signInToasts: s.signInToasts,
      mailToasts: s.mailToasts,
      alertToasts: s.alertToasts,
      idleAway: s.idleAway,
      idleMinutes: s.idleMinutes,
      runAtStartup: s.runAtStartup,
      runAtStartupSupported: this.deps.runAtStartupSupported ?? false,
      runInBackground: s.runInBackground,
      proxy: proxyView(s.proxy, this.vault),
    };
  }

  private downloadsFolder(): string {
    return this.store.value.downloadsFolder || this.files.defaultDownloadsFolder;
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

  async quit(): Promise<void> {
    if (this.deps.quit) this.deps.quit();
    else await this.signOut();
  }

  private showToast(content: ToastContent, unseen?: () => void): string | null {
    if (!this.store.value.toasts || this.disposed || !this.toastKindShown(content.kind)) return null;
    return this.toastCenter.show(content, unseen).id;
  }

  /** Each kind of toast can be turned off on its own (Options ▸ Preferences). */
  private toastKindShown(kind: ToastContent['kind']): boolean {
    const s = this.store.value;
    if (kind === 'signIn') return s.signInToasts;
    if (kind === 'mail') return s.mailToasts;
    return kind === 'alert' ? s.alertToasts : true;
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
    // A font is kept per address; without one it would be stored for nobody (and spoil the saved list).
    const fontOwner = this.controller.online?.state.self.email || this.store.value.lastEmail;
    if (patch.font && !fontOwner) throw new Error('Sign in to choose the font you write in.');
    if (patch.runAtStartup && !this.deps.runAtStartupSupported)
      throw new Error('Butterfly cannot start with the computer here.');
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
      if (patch.messageToasts !== undefined) s.messageToasts = patch.messageToasts;
      if (patch.emoticons !== undefined) s.emoticons = patch.emoticons;
      if (patch.askWhereToSave !== undefined) s.askWhereToSave = patch.askWhereToSave;
      if (patch.messageLog !== undefined) s.messageLog = patch.messageLog;
      if (patch.maxFileSize !== undefined) s.maxFileSize = patch.maxFileSize;
      if (patch.strictMode !== undefined) s.strictMode = patch.strictMode;
      if (patch.keepAliveSeconds !== undefined) s.keepAliveSeconds = patch.keepAliveSeconds;
      for (const flag of FLAGS) if (patch[flag] !== undefined) s[flag] = patch[flag];
      if (patch.idleMinutes !== undefined) s.idleMinutes = patch.idleMinutes;
      if (protocols) s.protocols = protocols;
    });
    if (patch.font) await this.store.setFont(fontOwner, patch.font);
    if (patch.proxy) await saveProxy(this.store, this.vault, patch.proxy);
    if (patch.toasts === false) this.toastCenter.clear();
    this.emitSettings();
  }

  async addServer(server: string): Promise<void> {
    const id = normalizeServer(server);
    if (!id) throw new Error('That is not a server address. Type it as host or host:port.');
    await this.store.rememberServer(id);
    this.emitSettings();
  }

  async removeServer(server: string): Promise<void> {
    if (server === SANDBOX_SERVER) throw new Error('The built-in sandbox is always on the list.');
    const id = normalizeServer(server);
    if (!id || !(await this.store.removeServer(id))) throw new Error(`${server} is not on your list of servers.`);
    this.emitSettings();
  }

  // ---- the account (accountActions.ts) ----------------------------------------------------

  /** Shows one sentence in the windows, for a failure no window awaits (a choice in the tray menu). */
  notice(message: string): void {
    this.emit({ type: 'notice', message });
  }

  setStatus(status: ChoosableStatus): Promise<void> {
    // A status chosen by hand is never overridden, nor put back when the person comes back from idle.
    this.autoIdle.chosen();
    return this.actions.setStatus(status);
  }

  /** Automatic Idle (idlePolicy.ts): the shell's system idle time, or browser mode's page input. */
  async reportActivity(idleMs: number): Promise<void> {
    await this.autoIdle.report(idleMs);
  }

  readonly setNickname = (nickname: string) => this.actions.setNickname(nickname);
  readonly addContact = (email: string) => this.actions.addContact(email);
  readonly removeContact = (email: string) => this.actions.removeContact(email);
  readonly block = (email: string) => this.actions.block(email);
  readonly unblock = (email: string) => this.actions.unblock(email);
  readonly answerAdded = (answer: AddedAnswer) => this.actions.answerAdded(answer);
  readonly setAllOthers = (blp: Blp) => this.actions.setAllOthers(blp);
  readonly setAlertOnAdd = (alert: boolean) => this.actions.setAlertOnAdd(alert);

  // ---- windows, links and toasts -----------------------------------------------------------

  openInbox(): Promise<OpenedUrl> {
    return this.members.openService('INBOX');
  }

  async openExternal(url: string): Promise<OpenedUrl> {
    const safe = webUrl(url);
    if (safe === null) throw new Error(ONLY_WEB_LINKS);
    // The page opens it in a new tab of the browser the person is in; nothing starts on this machine.
    if (this.deps.environment === 'browser') return safe;
    try {
      await this.deps.openExternal(safe);
    } catch (err) {
      this.warn(`Could not open ${safe}: ${errorMessage(err)}`);
      throw new Error('The link could not be opened in your web browser.', { cause: err });
    }
    return null;
  }

  openWindow(route: WindowRoute): Promise<void> {
    return this.showWindow(route, true);
  }

  private async showWindow(route: WindowRoute, focus: boolean): Promise<void> {
    if (this.deps.openWindow) await this.deps.openWindow(route, { focus });
    // Without a shell (browser mode) the pages draw windows themselves; they are told to.
    else if (this.deps.environment === 'browser') this.emit({ type: 'window', route });
  }

  openConversation(emails: string[]): Promise<string> {
    return this.conversations.open(emails);
  }

  async toastClicked(id: string): Promise<OpenedUrl> {
    const toast = this.toastCenter.dismiss(id);
    if (!toast) return null;
    const action = toast.action;
    switch (action.type) {
      case 'openConversation':
        if (this.controller.online) await this.openConversation([action.email]);
        return null;
      case 'showConversation':
        await this.conversations.show(action.id);
        return null;
      case 'openInbox':
        return this.openInbox();
      case 'openUrl':
        return this.openExternal(action.url);
      case 'showPages':
        await this.showWindow({ kind: 'dialog', dialog: 'pages' }, true);
        return null;
      case 'none':
        return null;
    }
  }

  async dismissToast(id: string): Promise<void> {
    this.toastCenter.dismiss(id);
  }

  // ---- conversations (conversationMethods.ts) ------------------------------------------------

  readonly sendMessage = (id: string, text: string, style: MessageStyle) => this.conversations.sendMessage(id, text, style);
  readonly sendTyping = (id: string) => this.conversations.sendTyping(id);
  readonly inviteToConversation = (id: string, email: string) => this.conversations.invite(id, email);
  readonly leaveConversation = (id: string) => this.conversations.leave(id);
  readonly getConversationLines = (id: string, beforeSeq: number | null, limit: number): Promise<ConversationLine[]> =>
    this.conversations.lines(id, beforeSeq, limit);
  readonly saveConversation = (id: string): Promise<SavedConversation> => this.conversations.save(id);
  readonly offerFile = (id: string, source: FileSource) => this.conversations.offerFile(id, source);
  readonly acceptInvitation = (id: string, options?: { large: true }) => this.conversations.accept(id, options);
  readonly declineInvitation = (id: string) => this.conversations.decline(id);
  readonly cancelInvitation = (id: string) => this.conversations.cancel(id);
  readonly chooseDownloadFolder = () => this.conversations.chooseDownloadFolder();
  readonly showReceivedFile = (id: string) => this.conversations.showReceivedFile(id);
  readonly openReceivedFolder = () => this.conversations.openReceivedFolder();
  /** Browser mode serves a received file for download: its path once it has arrived, else null. */
  readonly receivedFile = (invitationId: string): string | null => this.conversations.receivedFile(invitationId);

  sendEmail(email: string): Promise<OpenedUrl> {
    return this.members.openService('COMPOSE', email);
  }

  // ---- member services (memberMethods.ts) ---------------------------------------------------

  readonly findMembers = (query: MemberQuery) => this.members.findMembers(query);
  readonly sendInvitation = (request: InvitationRequest) => this.members.sendInvitation(request);
  readonly sendPage = (request: PageRequest) => this.members.sendPage(request);
  readonly setPhones = (patch: PhonesPatch) => this.members.setPhones(patch);
  readonly openService = (service: WebService, email?: string) => this.members.openService(service, email);

  // ---- the protocol inspector (inspector/) --------------------------------------------------

  async inspectorQuery(query: InspectorQuery) {
    return this.inspectorMethods.query(query);
  }
  async inspectorClear(): Promise<void> {
    this.inspectorMethods.clear();
  }
  inspectorExport(format: InspectorExportFormat, filter: InspectorFilter): Promise<SavedConversation> {
    return this.inspectorMethods.export(format, filter);
  }
  async inspectorSend(request: InspectorSendRequest) {
    return this.inspectorMethods.send(request);
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
    this.inspector.dispose();
    await this.sandbox.stop();
    await Promise.all([this.store.flush(), this.vault.flush()]);
    this.listeners.clear();
  }
}
