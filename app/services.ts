// MSNP5's member services as both sides see them: Find a Member, invitations by e-mail, pages, your phone
// numbers and the server's web services (URL).

export interface MemberQuery {
  firstName: string;
  lastName: string;
  /** Only for the United States. */
  city?: string;
  /** Two letters; only for the United States. */
  state?: string;
  /** Two letters (ISO 3166); empty for any country. */
  country?: string;
}

export interface MemberResult {
  /** What an invitation names to reach this person: their place in the last search (1-based). */
  index: number;
  firstName: string;
  lastName: string;
  city: string;
  state: string;
  country: string;
}

export interface MemberSearch {
  results: MemberResult[];
  total: number;
}

/** An invitation to join Messenger, e-mailed by the server: to an address, or to a result of the last search. */
export interface InvitationRequest {
  /** An e-mail address, or a search result's index. */
  to: string | number;
  /** What the person sees above the invitation; MSNP2-4 carry none. */
  message: string;
  /** The language of the invitation's own text, as an LCID such as 0x0409. */
  lcid: string;
}

/** The languages an invitation may be written in, as LCIDs (the 3.0 client's own list was longer). */
export const INVITATION_LANGUAGES: readonly { lcid: string; label: string }[] = [
  { lcid: '0x0409', label: 'English' },
  { lcid: '0x0407', label: 'German' },
  { lcid: '0x040c', label: 'French' },
  { lcid: '0x0410', label: 'Italian' },
  { lcid: '0x0c0a', label: 'Spanish' },
  { lcid: '0x0416', label: 'Portuguese (Brazil)' },
  { lcid: '0x0411', label: 'Japanese' },
];

/** An invitation's personal note, in UTF-8 bytes. */
export const INVITATION_MAX_BYTES = 1024;

/** What a page holds: short, as a pager's screen was. */
export const PAGE_MAX_CHARS = 110;

/** Which of your own numbers a page offers for calling back. */
export type CallbackPhone = 'PHH' | 'PHW' | 'PHM';

export interface PageRequest {
  email: string;
  text: string;
  callback: CallbackPhone | null;
}

/** A page that arrived (IPG), or word that one of yours did not. */
export interface PageNotice {
  id: string;
  from: string;
  text: string;
  failed: boolean;
  receivedAt: number;
}

/** Your numbers as Options > Phone edits them: each given one is set ('' clears it). */
export interface PhonesPatch {
  PHH?: string;
  PHW?: string;
  PHM?: string;
  /** Whether people may page your mobile device. */
  MOB?: boolean;
}

/** The server's web pages a window may ask for (URL); `needsEmail` ones take an address. */
export const WEB_SERVICES = [
  { name: 'INBOX', label: 'Hotmail Inbox', needsEmail: false },
  { name: 'FOLDERS', label: 'Hotmail Folders', needsEmail: false },
  { name: 'COMPOSE', label: 'Write an E-mail', needsEmail: true },
  { name: 'PASSWORD', label: 'Change Password', needsEmail: false },
  { name: 'PERSON', label: 'Account Details', needsEmail: false },
  { name: 'PROFILE', label: 'Member Directory Profile', needsEmail: false },
  { name: 'MOBILE', label: 'Set Up MSN Mobile', needsEmail: false },
  { name: 'CHGMOB', label: 'MSN Mobile Settings', needsEmail: false },
] as const;

export type WebService = (typeof WEB_SERVICES)[number]['name'];

export function isWebService(value: unknown): value is WebService {
  return WEB_SERVICES.some((s) => s.name === value);
}
