// The notification session's typed event stream.
import type { Alert, Blp, Contact, Gtc, MailNotice, ProtocolWarning, SelfInfo, Status } from '../../app/types';
import type { RawTraffic } from './connection';
import type { IncomingPage } from './memberServices';

export type SessionStatus = 'idle' | 'connecting' | 'connected' | 'authenticating' | 'online' | 'closing' | 'closed';

export interface RingInvite {
  sessionId: string;
  host: string;
  port: number;
  cookie: string;
  email: string;
  nickname: string;
}

export interface NsEvents {
  status: SessionStatus;
  raw: RawTraffic & { server: string };
  warning: ProtocolWarning;
  /** A contact's presence changed. `initial` is true for ILN (already online when we signed in). */
  presence: { contact: Contact; previous: Status; initial: boolean };
  /** A contact's record changed (lists, nickname, phones). `removed` when it is no longer on any list. */
  contact: { contact: Contact; removed: boolean };
  /** Someone put you on their forward list (ADD 0 RL). */
  reverseAdded: { email: string; nickname: string; pending: boolean };
  reverseRemoved: { email: string };
  self: SelfInfo;
  privacy: { blp: Blp; gtc: Gtc };
  mail: { inboxUnread: number; foldersUnread: number };
  newMail: MailNotice;
  alert: Alert;
  profile: Record<string, string>;
  synced: { listVersion: number; fromCache: boolean; contacts: number };
  ring: RingInvite;
  /** IPG: a page for you, or word that one of yours failed. */
  page: IncomingPage;
  /** The server's system message (e.g. shutting down in N minutes). */
  system: { type: number; arg: string };
  /** The session ended. `error` tells why when it was not our own sign-out. */
  closed: { error?: Error; signedOutReason?: string };
}
