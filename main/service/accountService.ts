// The account service: everything a window may ask of main (MessengerApi) in plain Node, over the engine.
// One signed-in session at a time, its state as snapshots and events, settings and remembered passwords
// on disk, toasts and sounds, and the built-in sandbox. Electron's IPC and browser mode's WebSocket
// server both forward to it; neither adds behaviour of its own. It wires the parts together and forwards
// each call to the module that does it (settingsMethods.ts, toastMethods.ts, windowMethods.ts, ...).
import type {
  AddedAnswer,
  AppSnapshot,
  ChoosableStatus,
  MessengerApi,
  MessengerEvent,
  OpenedUrl,
  SessionState,
  SettingsPatch,
  SignInRequest,
  WindowRoute,
} from '../../app/contract';
import type { FileSource, MessageStyle, SavedConversation, ConversationLine } from '../../app/conversation';
import type { Blp } from '../../app/types';
import path from 'node:path';
import type { ConversationManager } from '../msnp/conversations';
import type { NotificationSession } from '../msnp/notificationSession';
import { AccountActions } from './accountActions';
import { MemberMethods } from './memberMethods';
import { fetchIcon } from './alertIcons';
import type {
  InvitationRequest,
  MemberQuery,
  PageRequest,
  PhonesPatch,
  WebService,
} from '../../app/services';
import { SandboxLauncher } from './builtInSandbox';
import { ConversationMethods, type FileDeps } from './conversationMethods';
import { PasswordVault } from './passwordVault';
import { SessionController } from './sessionController';
import type { AccountServiceDeps } from './accountServiceDeps';
import { SettingsStore } from './settingsStore';
import { SettingsMethods } from './settingsMethods';
import { ToastCenter } from './toasts';
import { ToastMethods } from './toastMethods';
import { WindowMethods } from './windowMethods';
import { AutoIdle } from './idlePolicy';
import { EventListeners, type Listener } from './eventListeners';
import { InspectorMethods } from './inspector/inspectorMethods';
import { InspectorTraffic } from './inspector/inspectorTraffic';
import type {
  InspectorExportFormat,
  InspectorFilter,
  InspectorQuery,
  InspectorSendRequest,
} from '../../app/inspector';

export type { SecretStore } from './passwordVault';
export type { AccountServiceDeps } from './accountServiceDeps';

export class AccountService implements MessengerApi {
  private readonly listeners: EventListeners;
  private readonly store: SettingsStore;
  private readonly vault: PasswordVault;
  private readonly toastCenter: ToastCenter;
  private readonly toasts: ToastMethods;
  private readonly settings: SettingsMethods;
  private readonly windows: WindowMethods;
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
    this.listeners = new EventListeners(this.warn);
    this.store = new SettingsStore(deps.userDataDir, this.warn);
    this.vault = new PasswordVault(deps.userDataDir, deps.secrets, this.warn);
    this.sandbox = new SandboxLauncher(deps.sandbox);
    this.files = { defaultDownloadsFolder: path.join(deps.userDataDir, 'downloads'), ...deps.files };
    this.settings = new SettingsMethods({
      store: this.store,
      vault: this.vault,
      emit: (event) => this.emit(event),
      environment: deps.environment,
      defaultDownloadsFolder: this.files.defaultDownloadsFolder,
      runAtStartupSupported: deps.runAtStartupSupported ?? false,
      selfEmail: () => this.controller.online?.state.self.email,
      clearToasts: () => this.toastCenter.clear(),
    });
    if (deps.initialServer !== undefined) this.settings.selectServer(deps.initialServer);
    this.windows = new WindowMethods({ shell: deps, emit: (event) => this.emit(event), warn: this.warn });
    this.toastCenter = new ToastCenter({
      lifetimeMs: deps.toastLifetimeMs,
      max: deps.maxToasts,
      now: deps.now,
      onChange: (toasts) => this.emit({ type: 'toasts', toasts }),
    });
    this.toasts = new ToastMethods({
      center: this.toastCenter,
      settings: () => this.store.value,
      closing: () => this.disposed,
      emit: (event) => this.emit(event),
      signedIn: () => this.controller.online !== null,
      openConversation: (email) => this.openConversation([email]),
      showConversation: (id) => this.conversations.show(id),
      openInbox: () => this.openInbox(),
      openExternal: (url) => this.openExternal(url),
      showWindow: (route, focus) => this.windows.show(route, focus),
    });
    this.actions = new AccountActions(() => this.controller.online);
    this.members = new MemberMethods({
      actions: this.actions,
      online: () => this.controller.online,
      emit: (event) => this.emit(event),
      openExternal: (url) => this.openExternal(url),
      toast: (content) => this.toasts.show(content),
      sound: () => this.toasts.sound('alert'),
      now: deps.now ?? Date.now,
    });
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
      openWindow: (route, focus) => this.windows.show(route, focus),
      downloadsFolder: () => this.settings.downloadsFolder(),
      maxFileSize: () => this.store.value.maxFileSize,
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
        toast: (content, unseen) => this.toasts.show(content, unseen),
        sound: (name) => this.toasts.sound(name),
        notice: (message) => this.emit({ type: 'notice', message }),
        page: (ns, page) => this.members.addPage(ns, page),
        toastIcon: (id, icon) => this.toastCenter.setIcon(id, icon),
        fetchIcon: deps.fetchIcon ?? ((url, server) => fetchIcon(url, { server })),
      },
      conversationDeps: {
        environment: deps.environment,
        files: this.files,
        now: deps.now,
        openWindow: (route) => void this.windows.show(route, false).catch(() => {}),
        settings: () => this.settings.forConversations(this.disposed),
      },
      settingsChanged: () => this.settings.changed(),
      reconnect: deps.reconnect,
      inspect: (session, manager) => this.inspector.attach(session, manager),
    });
  }

  // ---- events and state ----------------------------------------------------------

  subscribe(listener: Listener): () => void {
    return this.listeners.subscribe(listener);
  }

  private emit(event: MessengerEvent): void {
    this.listeners.emit(event);
  }

  async getSnapshot(): Promise<AppSnapshot> {
    return {
      session: this.controller.state,
      pages: this.members.currentPages(),
      // While reconnecting, the account as last seen online: the list stays, greyed.
      account: this.controller.account,
      settings: this.settings.view(),
      toasts: this.toastCenter.list(),
      environment: this.deps.environment,
      ...(this.deps.signOutAfterMinutes !== undefined ? { signOutAfterMinutes: this.deps.signOutAfterMinutes } : {}),
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

  // ---- settings (settingsMethods.ts) -------------------------------------------------------

  readonly forgetPassword = (email: string) => this.settings.forgetPassword(email);
  readonly updateSettings = (patch: SettingsPatch) => this.settings.update(patch);
  readonly addServer = (server: string) => this.settings.addServer(server);
  readonly removeServer = (server: string) => this.settings.removeServer(server);

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

  // ---- windows and links (windowMethods.ts), toasts (toastMethods.ts) ----------------------

  openInbox(): Promise<OpenedUrl> {
    return this.members.openService('INBOX');
  }

  openExternal(url: string): Promise<OpenedUrl> {
    return this.windows.openExternal(url);
  }

  openWindow(route: WindowRoute): Promise<void> {
    return this.windows.show(route, true);
  }

  openConversation(emails: string[]): Promise<string> {
    return this.conversations.open(emails);
  }

  toastClicked(id: string): Promise<OpenedUrl> {
    return this.toasts.clicked(id);
  }

  async dismissToast(id: string): Promise<void> {
    this.toastCenter.dismiss(id);
  }

  // ---- conversations (conversationMethods.ts) ------------------------------------------------

  readonly sendMessage = (id: string, text: string, style: MessageStyle) =>
    this.conversations.sendMessage(id, text, style);
  readonly sendTyping = (id: string) => this.conversations.sendTyping(id);
  readonly inviteToConversation = (id: string, email: string) => this.conversations.invite(id, email);
  readonly leaveConversation = (id: string) => this.conversations.leave(id);
  readonly getConversationLines = (
    id: string,
    beforeSeq: number | null,
    limit: number,
  ): Promise<ConversationLine[]> => this.conversations.lines(id, beforeSeq, limit);
  readonly saveConversation = (id: string): Promise<SavedConversation> => this.conversations.save(id);
  readonly offerFile = (id: string, source: FileSource) => this.conversations.offerFile(id, source);
  readonly acceptInvitation = (id: string, options?: { large: true }) =>
    this.conversations.accept(id, options);
  readonly declineInvitation = (id: string) => this.conversations.decline(id);
  readonly cancelInvitation = (id: string) => this.conversations.cancel(id);
  readonly chooseDownloadFolder = () => this.conversations.chooseDownloadFolder();
  readonly showReceivedFile = (id: string) => this.conversations.showReceivedFile(id);
  readonly openReceivedFolder = () => this.conversations.openReceivedFolder();
  /** Browser mode serves a received file for download: its path once it has arrived, else null. */
  readonly receivedFile = (invitationId: string): string | null =>
    this.conversations.receivedFile(invitationId);

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
