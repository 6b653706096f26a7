// Plain data shared by the engine, the service, the CLI and the renderer. No classes, no Node.

/** Presence states a user can choose (CHG), plus FLN for "not online". */
export type Status = 'NLN' | 'BSY' | 'IDL' | 'BRB' | 'AWY' | 'PHN' | 'LUN' | 'HDN' | 'FLN';
export const STATUSES: readonly Status[] = ['NLN', 'BSY', 'IDL', 'BRB', 'AWY', 'PHN', 'LUN', 'HDN', 'FLN'];

export const STATUS_NAMES: Record<Status, string> = {
  NLN: 'Online',
  BSY: 'Busy',
  IDL: 'Idle',
  BRB: 'Be Right Back',
  AWY: 'Away',
  PHN: 'On The Phone',
  LUN: 'Out To Lunch',
  HDN: 'Appear Offline',
  FLN: 'Offline',
};

export function isStatus(value: string): value is Status {
  return (STATUSES as readonly string[]).includes(value);
}

/** Forward, allow, block and reverse lists. */
export type ListName = 'FL' | 'AL' | 'BL' | 'RL';
export const LIST_NAMES: readonly ListName[] = ['FL', 'AL', 'BL', 'RL'];

/** Phone properties (PRP for yourself, BPR for contacts). MOB is the "may page me" flag (Y/N). */
export type PhoneKey = 'PHH' | 'PHW' | 'PHM' | 'MOB';
export const PHONE_KEYS: readonly PhoneKey[] = ['PHH', 'PHW', 'PHM', 'MOB'];
export type Phones = Partial<Record<PhoneKey, string>>;

/** BLP: AL = everyone not blocked may reach me, BL = only my allow list. GTC: A = ask me, N = don't. */
export type Blp = 'AL' | 'BL';
export type Gtc = 'A' | 'N';

export interface Contact {
  email: string;
  nickname: string;
  lists: ListName[];
  status: Status;
  phones: Phones;
  /** What a built-in sandbox contact does (its tooltip); set by the service, never from the wire. */
  note?: string;
}

export interface SelfInfo {
  email: string;
  nickname: string;
  status: Status;
  phones: Phones;
  /** MBE from PRP: whether the account has MSN Mobile. */
  mobileEnabled?: boolean;
  verified?: boolean;
}

export interface MailNotice {
  from: string;
  fromAddr: string;
  subject: string;
  folder: string;
  messageUrl: string;
  postUrl: string;
  receivedAt: number;
}

export interface MailState {
  inboxUnread: number;
  foldersUnread: number;
  inboxUrl?: string;
  foldersUrl?: string;
  postUrl?: string;
  notices: MailNotice[];
}

export interface Alert {
  id: string;
  siteId: string;
  siteUrl: string;
  messageId: string;
  text: string;
  /** The absolute action URL, with to_pid/notification_id/message_id added, or empty if none. */
  actionUrl: string;
  subscriptionUrl: string;
  icon?: string;
  /** The icon as a data: URL once main has fetched it (the page never loads `icon` itself). */
  iconData?: string;
  receivedAt: number;
}

/** A protocol deviation the engine tolerated: server developers read these to find bugs. */
export interface ProtocolWarning {
  code: string;
  message: string;
  line?: string;
  at: number;
}

export interface Profile {
  [header: string]: string;
}

export interface AccountSnapshot {
  self: SelfInfo;
  contacts: Contact[];
  privacy: { blp: Blp; gtc: Gtc };
  listVersion: number;
  mail: MailState;
  alerts: Alert[];
  /** People on your reverse list who are on none of FL, AL, BL: they await your decision. */
  pendingAdds: { email: string; nickname: string }[];
  profile: Profile;
  protocol: string;
  warnings: ProtocolWarning[];
}
