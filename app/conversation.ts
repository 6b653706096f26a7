// The conversation side of the contract: what a conversation window shows (members, typing, lines,
// invitations and transfers) as plain data, and the few rules both sides apply the same way.
import type { TextFormat } from './messageFormat';

/** What an outgoing message has come to: on its way, acknowledged by the switchboard, or not delivered. */
export type DeliveryState = 'sending' | 'delivered' | 'failed';

export interface ConversationMember {
  email: string;
  nickname: string;
  /** In the switchboard session now; false for someone invited who has not joined, or who left. */
  present: boolean;
}

export interface ConversationInfo {
  /** Chosen by main ("c12"), never taken from the wire; stays the same when the switchboard is replaced. */
  id: string;
  /** Everyone in the conversation but you, in the order they came. */
  members: ConversationMember[];
  /** Addresses of the members whose typing notice is fresh. */
  typing: string[];
  /** Whether its window is open (or should be: a line arrived for it). Closing the window leaves. */
  windowOpen: boolean;
  /** Why a file cannot be offered now, as a sentence; '' when it can. */
  fileBlocked: string;
  /** When the last message from someone else arrived (ms since the epoch); null before the first. */
  lastReceivedAt: number | null;
  /** The oldest and newest line numbers main still holds (0 and 0 when there are none). */
  firstSeq: number;
  lastSeq: number;
}

interface LineBase {
  /** The line's number in its conversation, from 1 upwards; a later event for the same seq replaces it. */
  seq: number;
  at: number;
}

export interface MessageLine extends LineBase {
  kind: 'message';
  direction: 'in' | 'out';
  from: string;
  nickname: string;
  text: string;
  /** The sender's font, effects and colour (the size is the reader's own). */
  style: MessageStyle;
  /** Outgoing only; null for a received message. */
  delivery: DeliveryState | null;
  /** Why it was not delivered, as a sentence; '' otherwise. */
  error: string;
}

export interface SystemLine extends LineBase {
  kind: 'system';
  tone: 'info' | 'error';
  text: string;
}

/** Where a file invitation sits in the history; its state is its InvitationInfo. */
export interface InvitationLine extends LineBase {
  kind: 'invitation';
  invitationId: string;
}

export type ConversationLine = MessageLine | SystemLine | InvitationLine;

/**
 * The state of an invitation: `offered` waits for your answer, `waiting` for theirs; `connecting` and
 * `transferring` are the file connection; the rest are ends, each with its sentence in `message`.
 */
export type InvitationState =
  'offered' | 'waiting' | 'connecting' | 'transferring' | 'done' | 'failed' | 'cancelled' | 'declined';

export const INVITATION_ENDS: readonly InvitationState[] = ['done', 'failed', 'cancelled', 'declined'];

export function invitationEnded(state: InvitationState): boolean {
  return INVITATION_ENDS.includes(state);
}

export interface InvitationInfo {
  /** Chosen by main ("i7"); the wire's cookie never leaves main. */
  id: string;
  conversationId: string;
  direction: 'send' | 'receive';
  /** The other person (for your own offer, whoever accepted it; '' until then). */
  peer: string;
  peerName: string;
  /** The file's name as offered (made safe by main) or, once saved, as saved. */
  fileName: string;
  size: number;
  state: InvitationState;
  transferred: number;
  /** Bytes per second over the last few seconds; 0 before the first progress. */
  rate: number;
  /** Seconds until done at that rate; null when unknown. */
  secondsLeft: number | null;
  /** A program or script by its name (.exe, .bat …): the window warns before it is opened. */
  executable: boolean;
  /**
   * A received offer larger than the person's limit (Settings.maxFileSize) when it arrived: accepting it
   * takes a second yes (acceptInvitation's `{ large: true }`). Absent means no.
   */
  overLimit?: boolean;
  /** Where the received file was saved; '' until done. */
  savedPath: string;
  sha256: string;
  /** The sentence for an end other than done (declined, cancelled, failed); '' otherwise. */
  message: string;
}

/** The sender's look of a message: what X-MMS-IM-Format carries, without the Windows charset details. */
export type MessageStyle = Pick<TextFormat, 'font' | 'bold' | 'italic' | 'underline' | 'strikeout' | 'color'>;

/** The font you write in: the style plus the size the text shows at on your own screen. */
export interface FontSettings extends MessageStyle {
  /** Points, as the 3.0 font dialog offered them; never sent. */
  size: number;
}

export const FONT_SIZES: readonly number[] = [8, 9, 10, 11, 12, 14, 16, 18, 20];

export const DEFAULT_FONT: Readonly<FontSettings> = Object.freeze({
  font: 'Microsoft Sans Serif',
  bold: false,
  italic: false,
  underline: false,
  strikeout: false,
  color: '#000000',
  size: 10,
});

/** Faces a 2000-era Windows had; the page falls back to a similar installed one. */
export const FONT_FACES: readonly string[] = [
  'Microsoft Sans Serif',
  'Arial',
  'Arial Black',
  'Comic Sans MS',
  'Courier New',
  'Georgia',
  'Impact',
  'Lucida Console',
  'Tahoma',
  'Times New Roman',
  'Trebuchet MS',
  'Verdana',
];

/** The 16 colours of the Windows font dialog, as #rrggbb. */
export const FONT_COLORS: readonly string[] = [
  '#000000',
  '#800000',
  '#008000',
  '#808000',
  '#000080',
  '#800080',
  '#008080',
  '#808080',
  '#c0c0c0',
  '#ff0000',
  '#00ff00',
  '#ffff00',
  '#0000ff',
  '#ff00ff',
  '#00ffff',
  '#ffffff',
];

/** Where a file to send comes from. */
export type FileSource =
  /** Desktop: main asks with an open-file dialog. */
  | { kind: 'choose' }
  /** Browser mode: the page uploaded the file to the service first (POST /upload). */
  | { kind: 'upload'; uploadId: string }
  /** Desktop: a file dropped on the window; the preload turns it into `path` (pages cannot name paths). */
  | { kind: 'dropped'; file: File }
  /** Sent by the desktop preload only, for a dropped file; refused from a page and in browser mode. */
  | { kind: 'path'; path: string };

/** What Save As gave: the desktop wrote the file (or the person cancelled); browser mode gets the text to download. */
export type SavedConversation =
  | { kind: 'saved'; path: string }
  | { kind: 'cancelled' }
  | { kind: 'download'; fileName: string; text: string };

/** The most lines one getConversationLines call returns. */
export const MAX_LINES_PER_PAGE = 500;

/** The longest message a person may type (longer text is refused, not cut); the engine splits it over several MSGs. */
export const MAX_MESSAGE_CHARS = 8_000;

// What Windows runs, or hands to something that runs, when the file is opened.
const EXECUTABLE =
  /\.(exe|bat|cmd|com|scr|vbs|vbe|js|jse|wsf|wsh|msi|msp|msc|pif|lnk|scf|inf|ps1|hta|cpl|jar|reg|application|gadget)$/i;

/** Whether a file name names something Windows would run when opened. */
export function isExecutableName(name: string): boolean {
  return EXECUTABLE.test(name.trim().replace(/[.\s]+$/, ''));
}

/** "1.2 MB", "340 KB", "12 bytes": sizes as the transfer lines show them. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes < 1024) return `${bytes} byte${bytes === 1 ? '' : 's'}`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

/** Received files larger than this need a second yes before they are accepted, unless the person changes it. */
export const DEFAULT_MAX_FILE_SIZE = 4 * 1024 ** 3;

/** What the window asks before an offer over the limit is accepted. */
export function largeFileQuestion(size: number, limit: number): string {
  return `This file is ${formatBytes(size)}, larger than your limit of ${formatBytes(limit)}. Accept it anyway?`;
}

/** "about 12 seconds", "about 3 minutes" for the time a transfer has left. */
export function formatTimeLeft(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '';
  if (seconds < 1) return 'less than a second';
  if (seconds < 90) return `about ${Math.round(seconds)} second${Math.round(seconds) === 1 ? '' : 's'}`;
  if (seconds < 90 * 60) return `about ${Math.round(seconds / 60)} minutes`;
  return `about ${(seconds / 3600).toFixed(1)} hours`;
}
