// The session domain: where sign-in stands, the settings, and the account's own details (self, mail, alerts).
import { create } from 'zustand';
import type { AppSnapshot, SessionState, Settings } from '../../app/contract';
import { DEFAULT_FONT } from '../../app/conversation';
import type { AccountSnapshot, Alert, MailState, SelfInfo } from '../../app/types';
import type { PageNotice } from '../../app/services';

export interface SessionStore {
  /** False until the first snapshot arrived: screens wait rather than flash a signed-out form. */
  loaded: boolean;
  session: SessionState;
  settings: Settings;
  environment: AppSnapshot['environment'];
  /** Browser mode: how long the service keeps you signed in with no page open (0: until stopped). */
  signOutAfterMinutes: number;
  version: string;
  self: SelfInfo | null;
  mail: MailState | null;
  alerts: Alert[];
  /** Pages received while signed in (IPG), oldest first. */
  pages: PageNotice[];
  protocol: string;
}

const EMPTY_SETTINGS: Settings = {
  servers: [],
  lastServer: '',
  lastEmail: '',
  protocols: [],
  rememberedPassword: false,
  canRememberPassword: false,
  sounds: true,
  toasts: true,
  messageToasts: false,
  emoticons: true,
  askWhereToSave: false,
  downloadsFolder: '',
  messageLog: false,
  font: { ...DEFAULT_FONT },
  strictMode: false,
  keepAliveSeconds: 60,
  signInToasts: true,
  mailToasts: true,
  alertToasts: true,
  idleAway: true,
  idleMinutes: 5,
  runAtStartup: false,
  runAtStartupSupported: false,
  runInBackground: true,
  proxy: { type: 'none', host: '', port: 1080, user: '', hasPassword: false },
};

export function initialSession(): SessionStore {
  return {
    loaded: false,
    session: { phase: 'signedOut', progress: '', error: '', needsVerification: false },
    settings: EMPTY_SETTINGS,
    environment: 'desktop',
    signOutAfterMinutes: 0,
    version: '',
    self: null,
    mail: null,
    alerts: [],
    pages: [],
    protocol: '',
  };
}

export const useSession = create<SessionStore>()(() => initialSession());

/** The account-wide parts of a snapshot that belong to this store (null when signed out). */
export function sessionFromAccount(
  account: AccountSnapshot | null,
): Pick<SessionStore, 'self' | 'mail' | 'alerts' | 'protocol'> | Pick<SessionStore, 'self' | 'mail' | 'alerts' | 'protocol' | 'pages'> {
  if (!account) return { self: null, mail: null, alerts: [], protocol: '', pages: [] };
  return { self: account.self, mail: account.mail, alerts: account.alerts, protocol: account.protocol };
}

export const selectPhase = (s: SessionStore) => s.session.phase;
export const selectSelf = (s: SessionStore) => s.self;
export const selectInboxUnread = (s: SessionStore) => s.mail?.inboxUnread ?? 0;

/** The server signed in to (the last one, once a sign-in succeeded), by its label in the server list. */
export const selectServerLabel = (s: SessionStore): string => {
  const id = s.settings.lastServer;
  return s.settings.servers.find((c) => c.id === id)?.label ?? id;
};

/**
 * The line under the greyed list while main reconnects: "Reconnecting… (next try in 4 s)", "(trying now)"
 * while a try is under way; '' in any other phase. `now` is this window's clock, in ms since the epoch.
 */
export function reconnectLine(session: SessionState, now: number): string {
  if (session.phase !== 'reconnecting') return '';
  const at = session.reconnect?.retryAt ?? null;
  if (at === null) return 'Reconnecting… (trying now)';
  // Never "0 s": until the try starts, it is still to come.
  const seconds = Math.max(1, Math.ceil((at - now) / 1000));
  return `Reconnecting… (next try in ${seconds} s)`;
}
