// The one contract between main and every window: the methods a window may call, the events it receives,
// and the plain data both carry. Electron's preload and browser mode's WebSocket client both implement
// MessengerApi; main validates every call against METHOD_NAMES and its own argument checks.
import type {
  ConversationInfo,
  ConversationLine,
  FileSource,
  FontSettings,
  InvitationInfo,
  MessageStyle,
  SavedConversation,
} from './conversation';
import type { AccountSnapshot, Blp, Gtc } from './types';
import type { InspectorExportFormat, InspectorFilter, InspectorPage, InspectorQuery, InspectorSendRequest } from './inspector';
import type { InvitationRequest, MemberQuery, MemberSearch, PageNotice, PageRequest, PhonesPatch, WebService } from './services';

/** Statuses the user can pick from the menu; IDL is set by the app after inactivity, FLN is not a choice. */
export type ChoosableStatus = 'NLN' | 'BSY' | 'BRB' | 'AWY' | 'PHN' | 'LUN' | 'HDN';
export const CHOOSABLE_STATUSES: readonly ChoosableStatus[] = [
  'NLN',
  'BSY',
  'BRB',
  'AWY',
  'PHN',
  'LUN',
  'HDN',
];

/** The built-in sandbox's id in the server list; every other entry is host:port. */
export const SANDBOX_SERVER = 'sandbox';

/** The account the built-in sandbox keeps for you; the sign-in form may pre-fill it and show the password as a hint. */
export const SANDBOX_DEMO_ACCOUNT = { email: 'you@butterfly.sandbox', password: 'butterfly' } as const;

export interface ServerChoice {
  /** SANDBOX_SERVER or "host:port". */
  id: string;
  label: string;
}

export interface SignInRequest {
  email: string;
  /** Empty means "use the password remembered for this address" (it never travels to a window). */
  password: string;
  /** SANDBOX_SERVER or "host[:port]". */
  server: string;
  /** Dialects to offer, newest first, e.g. ["MSNP5", "MSNP4"]; empty means the default. */
  protocols: string[];
  status: ChoosableStatus;
  /** Keep the password (only where the OS can encrypt it) and pre-fill next time. */
  remember: boolean;
}

/**
 * 'reconnecting': the connection dropped on its own and main signs in again by itself, with the same
 * details, until it succeeds, the server refuses the account, or the person cancels or signs out.
 */
export type SessionPhase = 'signedOut' | 'signingIn' | 'online' | 'signingOut' | 'reconnecting';

export interface ReconnectState {
  /** The try that comes next, or is under way: 1 is the first after the connection dropped. */
  attempt: number;
  /** When the next try starts, in milliseconds since the epoch on main's clock; null while a try is under way. */
  retryAt: number | null;
}

export interface SessionState {
  phase: SessionPhase;
  /** What the sign-in is doing now, in words ("Connecting to the server..."). */
  progress: string;
  /**
   * Why the last sign-in failed or the session ended, as one sentence; '' when nothing went wrong. While
   * reconnecting, why the connection dropped.
   */
  error: string;
  /** The server refused an unverified account (924): the UI shows the verify dialog. */
  needsVerification: boolean;
  /** Only while reconnecting: where the tries stand. */
  reconnect?: ReconnectState;
}

export interface Settings {
  servers: ServerChoice[];
  lastServer: string;
  lastEmail: string;
  protocols: string[];
  /** True when a remembered password exists for lastEmail (the password itself never leaves main). */
  rememberedPassword: boolean;
  /** Whether this machine can keep a password encrypted (Electron safeStorage); false in browser mode. */
  canRememberPassword: boolean;
  sounds: boolean;
  toasts: boolean;
  /** A message for a closed conversation shows as a "… says:" toast instead of opening its window. */
  messageToasts: boolean;
  /** Emoticons drawn as pictures (the text on the wire is the same either way). */
  emoticons: boolean;
  /** Desktop: ask where to save each received file; browser mode always uses downloadsFolder. */
  askWhereToSave: boolean;
  /** Where accepted files are saved. */
  downloadsFolder: string;
  /**
   * Bytes: a file offered larger than this is accepted only after a second yes (default
   * DEFAULT_MAX_FILE_SIZE). Main always fills it in.
   */
  maxFileSize?: number;
  /** Keep every message as JSON lines in the user-data folder (off by default, as 3.0 kept none). */
  messageLog: boolean;
  /** The font this account writes in (the defaults while signed out). */
  font: FontSettings;
  /** For testing servers: every deviation Butterfly would tolerate ends the session instead. */
  strictMode: boolean;
  /** How often to ping the server (PNG) while signed in; 0 never. */
  keepAliveSeconds: number;
  /** Toasts of each kind, under `toasts` (which turns every toast off): contacts signing in, new e-mail, alerts. */
  signInToasts: boolean;
  mailToasts: boolean;
  alertToasts: boolean;
  /** Automatic Idle: Online becomes Idle after idleMinutes (IDLE_MINUTES_RANGE) without keyboard or mouse input. */
  idleAway: boolean;
  idleMinutes: number;
  /** Desktop: start Butterfly when you sign in to the computer (only where runAtStartupSupported). */
  runAtStartup: boolean;
  /** Whether this machine can start Butterfly with the computer (Electron's login items: Windows and macOS). */
  runAtStartupSupported: boolean;
  /** Desktop: closing the contact list keeps Butterfly running in the tray; off, it quits. */
  runInBackground: boolean;
  /** Options ▸ Connection: the proxy server for the notification server and switchboards (from the next sign-in). */
  proxy: ProxySettings;
}

export type ProxyKind = 'none' | 'socks4' | 'socks5' | 'http';

export interface ProxySettings {
  type: ProxyKind;
  host: string;
  port: number;
  user: string;
  /** A password is kept for this proxy, host, port and user; the password itself never leaves main. */
  hasPassword: boolean;
}

/** A new proxy setting: `password` undefined keeps the one kept for the same proxy and user, '' forgets it. */
export type ProxyPatch = Omit<ProxySettings, 'hasPassword'> & { password?: string };

export type SettingsPatch = { proxy?: ProxyPatch } & Partial<
  Pick<
    Settings,
    | 'sounds'
    | 'toasts'
    | 'protocols'
    | 'messageToasts'
    | 'emoticons'
    | 'askWhereToSave'
    | 'messageLog'
    | 'font'
    | 'maxFileSize'
    | 'strictMode'
    | 'keepAliveSeconds'
    | 'signInToasts'
    | 'mailToasts'
    | 'alertToasts'
    | 'idleAway'
    | 'idleMinutes'
    | 'runAtStartup'
    | 'runInBackground'
    | 'downloadsFolder'
  >
>;

/** The on/off settings of Options' Personal and Preferences tabs that main stores as they come. */
export const STORED_FLAGS = [
  'signInToasts',
  'mailToasts',
  'alertToasts',
  'idleAway',
  'runAtStartup',
  'runInBackground',
] as const;

/** keepAliveSeconds: 0 (never) or a whole number of seconds in this range. */
export const KEEP_ALIVE_RANGE = { min: 10, max: 600 } as const;

/** idleMinutes: whole minutes in this range (5 by default, as Messenger had it). */
export const IDLE_MINUTES_RANGE = { min: 1, max: 99 } as const;

/** page: a page arrived (or yours failed); server: the server going down, or you signed in elsewhere. */
export type ToastKind = 'signIn' | 'mail' | 'alert' | 'message' | 'page' | 'server';

export interface Toast {
  id: string;
  kind: ToastKind;
  /** First line, e.g. "Alice has just signed in." */
  title: string;
  /** Further plain text (mail subject, alert text); never HTML. */
  body: string;
  /** What a click does. */
  action: ToastAction;
  createdAt: number;
  /** An alert's icon as a data: URL of a raster image main fetched; never a remote address. */
  icon?: string;
}

export type ToastAction =
  | { type: 'none' }
  | { type: 'openConversation'; email: string }
  /** A "… says:" toast: shows that conversation's window with its lines. */
  | { type: 'showConversation'; id: string }
  | { type: 'openInbox' }
  | { type: 'openUrl'; url: string }
  /** A page arrived: shows the list of pages. */
  | { type: 'showPages' };

/**
 * findMember: Find a Member and its invitation screen; invite: an invitation by e-mail to the address in the
 * route; properties: a contact's details; page: a page to the contact (without one, a choice of who);
 * pages: the pages received; sendMessage: whom to send an instant message; help: Help Topics;
 * receivedFiles: browser mode's list of the files received this session.
 */
export type DialogKind =
  | 'options'
  | 'addContact'
  | 'added'
  | 'verify'
  | 'properties'
  | 'page'
  | 'pages'
  | 'findMember'
  | 'invite'
  | 'about'
  | 'sendMessage'
  | 'help'
  | 'receivedFiles';

/** Every kind of window the app draws; each is a route of the renderer. */
export type WindowRoute =
  | { kind: 'contactList' }
  | { kind: 'conversation'; id: string }
  | { kind: 'toast'; id: string }
  | { kind: 'dialog'; dialog: DialogKind; email?: string }
  /** The protocol inspector: the live traffic, for developers of servers. */
  | { kind: 'inspector' };

export type SoundName = 'online' | 'message' | 'mail' | 'alert';

export interface AppSnapshot {
  session: SessionState;
  /** The account's state; null while signed out. */
  account: AccountSnapshot | null;
  settings: Settings;
  toasts: Toast[];
  /** 'desktop' under Electron (toasts and dialogs are windows), 'browser' in browser mode (drawn inline). */
  environment: 'desktop' | 'browser';
  /** Browser mode: the minutes with no page open after which the service signs out (0: never). */
  signOutAfterMinutes?: number;
  version: string;
  /** The signed-in account's conversations and their invitations (lines come from getConversationLines). */
  conversations: ConversationInfo[];
  invitations: InvitationInfo[];
  /** Pages received while signed in, oldest first. */
  pages: PageNotice[];
}

/** Everything main tells the windows, as one discriminated union. */
export type MessengerEvent =
  | { type: 'session'; session: SessionState }
  /** The whole account (sign-in, sync): replace. */
  | { type: 'account'; account: AccountSnapshot | null }
  | { type: 'contact'; contact: AccountSnapshot['contacts'][number]; removed: boolean }
  | { type: 'self'; self: AccountSnapshot['self'] }
  | { type: 'privacy'; privacy: { blp: Blp; gtc: Gtc } }
  | { type: 'pendingAdds'; pendingAdds: AccountSnapshot['pendingAdds'] }
  | { type: 'mail'; mail: AccountSnapshot['mail'] }
  | { type: 'alerts'; alerts: AccountSnapshot['alerts'] }
  | { type: 'settings'; settings: Settings }
  | { type: 'toasts'; toasts: Toast[] }
  | { type: 'sound'; sound: SoundName }
  /** Something a person should read (a failed action), as one sentence. */
  | { type: 'notice'; message: string }
  /** Main wants a window shown (a message arrived); only browser mode, where main has no windows. */
  | { type: 'window'; route: WindowRoute }
  /** A conversation opened or changed (members, who is typing, its window). */
  | { type: 'conversation'; conversation: ConversationInfo }
  /** The pages received while signed in changed (one arrived, or the account went). */
  | { type: 'pages'; pages: PageNotice[] }
  /** A new line, or a line that changed (an outgoing message delivered or not): replace by seq. */
  | { type: 'line'; conversationId: string; line: ConversationLine }
  /** An invitation appeared or moved on (answered, progress, done). */
  | { type: 'invitation'; invitation: InvitationInfo }
  /** Traffic lines arrived in the protocol inspector (at most a few times a second): ask for what shows. */
  | { type: 'inspector'; lastId: number; total: number };

export interface AddedAnswer {
  email: string;
  /** Allow (AL) or block (BL) this person. */
  allow: boolean;
  /** Also put them on the forward list. */
  addToList: boolean;
}

/**
 * What a method that opens a web page resolves to. The desktop app opens it in the system browser and
 * resolves null. Browser mode resolves the checked http(s) address for the page to open in a new tab of the
 * browser the person is in: the service may run on a machine nobody looks at, and only a page may open a
 * tab (inside the click, which is why the page opens a blank one before asking). null also means nothing
 * was to be opened (a toast that opens a conversation).
 */
export type OpenedUrl = string | null;

/** The methods a window may call. Every one resolves, or rejects with an Error whose message is one sentence. */
export interface MessengerApi {
  getSnapshot(): Promise<AppSnapshot>;
  /** Subscribes to events; returns the unsubscribe function. Bound once per window (renderer/bridge). */
  subscribe(listener: (event: MessengerEvent) => void): () => void;

  signIn(request: SignInRequest): Promise<void>;
  cancelSignIn(): Promise<void>;
  signOut(): Promise<void>;
  forgetPassword(email: string): Promise<void>;
  updateSettings(patch: SettingsPatch): Promise<void>;
  addServer(server: string): Promise<void>;
  /** Takes a server someone typed off the list (the built-in ones stay); the sandbox is chosen if it was the last. */
  removeServer(server: string): Promise<void>;

  setStatus(status: ChoosableStatus): Promise<void>;
  /** Browser mode: milliseconds since the last keyboard or mouse input in the page (for Automatic Idle). */
  reportActivity(idleMs: number): Promise<void>;
  setNickname(nickname: string): Promise<void>;
  addContact(email: string): Promise<void>;
  removeContact(email: string): Promise<void>;
  block(email: string): Promise<void>;
  unblock(email: string): Promise<void>;
  answerAdded(answer: AddedAnswer): Promise<void>;
  /** BLP: who else may see and reach you: 'AL' everyone not blocked, 'BL' only your allow list. */
  setAllOthers(blp: Blp): Promise<void>;
  /** GTC: ask when someone adds you. */
  setAlertOnAdd(alert: boolean): Promise<void>;

  /** Opens the Hotmail inbox (http(s) only, on a user's click): see OpenedUrl. */
  openInbox(): Promise<OpenedUrl>;
  /** Opens an http(s) link from an alert, a toast or a message: see OpenedUrl. */
  openExternal(url: string): Promise<OpenedUrl>;
  /** Opens (or focuses) a window of this kind; browser mode draws it inline. */
  openWindow(route: WindowRoute): Promise<void>;
  /** Opens a conversation with these people and its window; resolves to the conversation id. */
  openConversation(emails: string[]): Promise<string>;
  /** Does the toast's action; one that opens a web page resolves as openExternal does. */
  toastClicked(id: string): Promise<OpenedUrl>;
  dismissToast(id: string): Promise<void>;

  /** Sends text in the sender's style; resolves once it is a line (its delivery follows as `line` events). */
  sendMessage(conversationId: string, text: string, style: MessageStyle): Promise<void>;
  /** The person is typing: main sends a typing notice at most once every 5 seconds. */
  sendTyping(conversationId: string): Promise<void>;
  /** Asks someone else into the conversation. */
  inviteToConversation(conversationId: string, email: string): Promise<void>;
  /** The window closed: leaves the switchboard (open invitations are cancelled); the lines are kept. */
  leaveConversation(conversationId: string): Promise<void>;
  /** The lines before `beforeSeq` (null: the newest), at most `limit`, oldest first. */
  getConversationLines(
    conversationId: string,
    beforeSeq: number | null,
    limit: number,
  ): Promise<ConversationLine[]>;
  /** Writes the conversation as plain text (desktop: a save dialog); browser mode gets the text to download. */
  saveConversation(conversationId: string): Promise<SavedConversation>;
  /** Offers a file to the one other person in the conversation. */
  offerFile(conversationId: string, source: FileSource): Promise<void>;
  /** An offer over the limit (InvitationInfo.overLimit) needs `{ large: true }`: the person said yes twice. */
  acceptInvitation(invitationId: string, options?: { large: true }): Promise<void>;
  declineInvitation(invitationId: string): Promise<void>;
  cancelInvitation(invitationId: string): Promise<void>;
  /**
   * Desktop: asks for a folder for received files with a folder dialog and resolves to it (null: cancelled);
   * it is kept only when Options applies it (updateSettings downloadsFolder). Browser mode says where they go.
   */
  chooseDownloadFolder(): Promise<string | null>;
  /** Desktop: shows a received file in its folder. */
  showReceivedFile(invitationId: string): Promise<void>;
  /** Desktop: opens the folder received files go to; browser mode says where they are. */
  openReceivedFolder(): Promise<void>;
  /** File ▸ Exit. Desktop: quits (signing out first, as any quit); browser mode: signs out, the page stays. */
  quit(): Promise<void>;
  /** Opens the server's page for writing an e-mail to this person (URL COMPOSE). */
  sendEmail(email: string): Promise<OpenedUrl>;
  /** Opens one of the server's web pages (URL) in the browser; COMPOSE takes the address to write to. */
  openService(service: WebService, email?: string): Promise<OpenedUrl>;

  /** Find a Member (FND): the directory's matches; the directory gives out no addresses. */
  findMembers(query: MemberQuery): Promise<MemberSearch>;
  /** Invites someone to Messenger by e-mail (SDC, or SND before MSNP5); resolves to a confirmation sentence. */
  sendInvitation(request: InvitationRequest): Promise<string>;
  /** Pages a contact's mobile device (PAG); resolves once no refusal came within a few seconds. */
  sendPage(request: PageRequest): Promise<void>;
  /** Sets your phone numbers and whether you may be paged (PRP), one property at a time. */
  setPhones(patch: PhonesPatch): Promise<void>;

  /** The protocol inspector's lines matching a filter, a page at a time, and the connections seen. */
  inspectorQuery(query: InspectorQuery): Promise<InspectorPage>;
  /** Forgets every line kept so far. */
  inspectorClear(): Promise<void>;
  /** The matching lines as a transcript (C:/S:, as in the docs) or JSON lines; saved as saveConversation does. */
  inspectorExport(format: InspectorExportFormat, filter: InspectorFilter): Promise<SavedConversation>;
  /** Sends a command typed in the inspector's console on a connection; resolves its TrID (null for PNG, OUT). */
  inspectorSend(request: InspectorSendRequest): Promise<{ trId: number | null }>;
}

/** The callable method names (everything but subscribe), the allow-list main checks calls against. */
export type MethodName = Exclude<keyof MessengerApi, 'subscribe'>;
export const METHOD_NAMES = [
  'getSnapshot',
  'signIn',
  'cancelSignIn',
  'signOut',
  'forgetPassword',
  'updateSettings',
  'addServer',
  'removeServer',
  'setStatus',
  'reportActivity',
  'setNickname',
  'addContact',
  'removeContact',
  'block',
  'unblock',
  'answerAdded',
  'setAllOthers',
  'setAlertOnAdd',
  'openInbox',
  'openExternal',
  'openWindow',
  'openConversation',
  'toastClicked',
  'dismissToast',
  'sendMessage',
  'sendTyping',
  'inviteToConversation',
  'leaveConversation',
  'getConversationLines',
  'saveConversation',
  'offerFile',
  'acceptInvitation',
  'declineInvitation',
  'cancelInvitation',
  'chooseDownloadFolder',
  'showReceivedFile',
  'openReceivedFolder',
  'quit',
  'sendEmail',
  'openService',
  'findMembers',
  'sendInvitation',
  'sendPage',
  'setPhones',
  'inspectorQuery',
  'inspectorClear',
  'inspectorExport',
  'inspectorSend',
] as const satisfies readonly MethodName[];

// A compile error here means METHOD_NAMES misses a method of MessengerApi.
type Missing = Exclude<MethodName, (typeof METHOD_NAMES)[number]>;
export const METHOD_NAMES_COMPLETE: Missing extends never ? true : never = true;

export type MethodArgs<M extends MethodName> = Parameters<MessengerApi[M]>;
export type MethodResult<M extends MethodName> = Awaited<ReturnType<MessengerApi[M]>>;

/** Sends one call and resolves to its result: what the IPC preload and the WebSocket bridge each provide. */
export type CallFn = <M extends MethodName>(method: M, ...args: MethodArgs<M>) => Promise<MethodResult<M>>;

/**
 * Every callable method of the contract (METHOD_NAMES), each its own wrapper that sends exactly that call:
 * no generic invoke reaches the page. The bridges add subscribe (and browser mode its own openWindow).
 */
export function apiFromCall(call: CallFn): Pick<MessengerApi, MethodName> {
  const api: Record<string, unknown> = {};
  for (const method of METHOD_NAMES) {
    api[method] = (...args: MethodArgs<typeof method>) => call(method, ...args);
  }
  return api as Pick<MessengerApi, MethodName>;
}

/** What crosses the wire (IPC or WebSocket): a call, its reply, or an event. */
export type WireMessage =
  | { t: 'call'; id: number; method: MethodName; args: unknown[] }
  | { t: 'reply'; id: number; ok: true; value: unknown }
  | { t: 'reply'; id: number; ok: false; error: string }
  | { t: 'event'; event: MessengerEvent };
