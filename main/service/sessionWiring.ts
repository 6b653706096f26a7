// One notification session with everything that hangs on it while the app uses it: the conversation
// manager, the conversation center and the bindings that turn engine events into the app's events.
// The session controller builds one per sign-in and per try to reconnect.
import path from 'node:path';
import {
  CHOOSABLE_STATUSES,
  SANDBOX_SERVER,
  type ChoosableStatus,
  type MessengerEvent,
} from '../../app/contract';
import { ConversationManager } from '../msnp/conversations';
import { FileListCache } from '../msnp/listCache';
import { NotificationSession } from '../msnp/notificationSession';
import { ConversationCenter } from './conversationCenter';
import { messageLogFile } from './messageLog';
import type { LastSeen } from './reconnectView';
import { progressFor, PROGRESS } from './signInErrors';
import { bindSession } from './sessionEvents';
import { proxyFor } from './proxySettings';
import { noteEvent } from './sandboxNotes';
import type { SessionControllerDeps } from './sessionController';

/**
 * What it takes to sign in again by itself. The password is held in memory only, from a successful
 * sign-in until the session ends for good, and is never written anywhere for this.
 */
export interface SignInDetails {
  /** SANDBOX_SERVER or the normalized host:port. */
  server: string;
  email: string;
  password: string;
  protocols: string[];
  /** The status the person chose last: the one to come back with. */
  status: ChoosableStatus;
}

/** Mid-sentence: "the built-in sandbox", "the server at example.com:1863". */
export function whereOf(server: string): string {
  return server === SANDBOX_SERVER ? 'the built-in sandbox' : `the server at ${server}`;
}

export function isChoosable(status: string): status is ChoosableStatus {
  return (CHOOSABLE_STATUSES as readonly string[]).includes(status);
}

export interface WiringTarget {
  /** SANDBOX_SERVER or the normalized host:port. */
  server: string;
  email: string;
  protocols: readonly string[];
}

export interface WiringHooks {
  /** The session ended; runs before the manager closes its conversations. */
  closed(error: Error | undefined, signedOutReason: string | undefined): void;
  /** A step of the sign-in, in words. */
  progress(words: string): void;
  /** Whether this session is the one the app shows as online now: its events reach the windows only then. */
  live(): boolean;
  /** The person chose a status while this session was live: a reconnect comes back with it. */
  chose(status: ChoosableStatus): void;
  isChoosable(status: string): status is ChoosableStatus;
}

export interface WiredSession {
  session: NotificationSession;
  manager: ConversationManager;
  center: ConversationCenter;
  /** The presence the windows heard, once online (for the greyed list if the connection drops). */
  seen: LastSeen | null;
  /** Detaches the bindings and closes the conversations; resolves when their log writes are done. */
  unbind(): Promise<void>;
}

export function wireSession(
  deps: SessionControllerDeps,
  target: WiringTarget,
  hooks: WiringHooks,
): WiredSession {
  const settings = deps.store.value;
  const session = new NotificationSession({
    keepAliveMs: settings.keepAliveSeconds * 1000,
    strict: settings.strictMode,
    proxy: proxyFor(settings.proxy, deps.vault, target.server),
    ...deps.session,
    protocols: [...target.protocols, 'CVR0'],
    // The sandbox starts afresh every time, so a cache of it would only mislead; other servers get one each.
    cache:
      target.server === SANDBOX_SERVER
        ? undefined
        : new FileListCache(path.join(deps.userDataDir, 'lists', target.server.replace(/[^\w.-]/g, '_'))),
  });
  // Before the manager exists, so this runs before the manager closes its conversations on 'closed':
  // the messages still sending are failed with the reason, not with "the conversation was closed".
  session.on('closed', (e) => hooks.closed(e.error, e.signedOutReason));
  // Received files are checked with SHA-256 on the way in: the window shows it beside the saved path.
  const conversationOptions = deps.conversations ?? {};
  const manager = new ConversationManager(session, {
    ...conversationOptions,
    invitations: {
      ...conversationOptions.invitations,
      msnftp: { hash: true, ...conversationOptions.invitations?.msnftp },
    },
  });
  const uninspect = deps.inspect?.(session, manager) ?? (() => {});
  session.on('status', (status) => {
    const words = progressFor(status);
    if (words) hooks.progress(words);
  });
  // USR OK arrives as our own name: the password was right and the lists come next.
  session.once('self', () => hooks.progress(PROGRESS.gettingList));
  // The status chosen last is the one a reconnect comes back with (IDL is the app's, not a choice).
  session.on('self', (self) => {
    if (hooks.live() && hooks.isChoosable(self.status)) hooks.chose(self.status);
  });
  const wired: WiredSession = {
    session,
    manager,
    center: undefined as unknown as ConversationCenter,
    seen: null,
    unbind: async () => {},
  };
  const emitOnline = (event: MessengerEvent): void => {
    if (!hooks.live()) return;
    wired.seen?.heard(event);
    deps.emit(target.server === SANDBOX_SERVER ? noteEvent(event) : event);
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
    logFile: () => messageLogFile(deps.userDataDir, session.state.self.email || target.email),
    warn: deps.warn,
  });
  wired.center = center;
  wired.unbind = () => {
    unbindSession();
    uninspect();
    return center.close();
  };
  return wired;
}
