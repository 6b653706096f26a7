// The invitation manager's contract: the transport it sends through, its options and its typed events.
import type { RawTraffic } from './connection';
import type { MsnftpCommonOptions, MsnftpFailReason } from './msnftp';

export interface InvitationTransport {
  readonly selfEmail: string;
  /** Sends a text/x-msmsgsinvite payload (the full MIME message) into the conversation. */
  send(payload: string): Promise<void>;
  /** The IP address to put in IP-Address when we are the one listening: IPv4 dotted (no ::ffff:), '' when unknown. */
  localAddress(): string;
  /**
   * The switchboard server we reach the peer through, as the address or host we connected to; '' or absent
   * when unknown. It decides whether an address on a private network may be fetched from (addressPolicy.ts).
   */
  remoteAddress?(): string;
}

export type TransferDirection = 'send' | 'receive';

export interface InvitationEvents {
  /** Someone offers a file; nothing happens until acceptFile or declineFile. */
  fileOffer: { cookie: string; from: string; fileName: string; size: number };
  /** Voice or an application we do not run; answer with declineOther. */
  otherInvitation: { cookie: string; from: string; applicationName: string; guid: string; kind: 'voice' | 'unknown' };
  /** The direct connection is up and bytes are about to flow. */
  transferStarted: { cookie: string; direction: TransferDirection; peer: string; fileName: string; size: number };
  progress: { cookie: string; direction: TransferDirection; transferred: number; total: number };
  transferDone: { cookie: string; direction: TransferDirection; path?: string; bytes: number; sha256?: string };
  transferFailed: { cookie: string; direction: TransferDirection; reason: MsnftpFailReason; message: string };
  /** `code` is the Cancel-Code, or CCL when the cancel came over the file connection itself. */
  cancelled: { cookie: string; by: 'peer' | 'self'; code: string; message: string };
  /** A control line of a transfer's MSNFTP connection (the AuthCookie unmasked), before its terminal event. */
  transferRaw: { cookie: string; direction: TransferDirection; peer: string; fileName: string; raw: RawTraffic };
  warning: { code: string; message: string };
}

export interface InvitationManagerOptions {
  /** How long an INVITE waits for the peer's ACCEPT, and our ACCEPT for the sender's address. */
  inviteTimeoutMs?: number;
  /** Offers larger than this are declined with REJECT and a warning. */
  maxIncomingBytes?: number;
  /** Unanswered incoming invitations beyond this are declined, so a peer cannot pile them up. */
  maxPendingOffers?: number;
  /** Where the sending side listens; the classic client used 6891 and walked up when it was taken. */
  listenHost?: string;
  listenPort?: number;
  listenPortAttempts?: number;
  msnftp?: MsnftpCommonOptions & { connectTimeoutMs?: number; acceptTimeoutMs?: number };
}

export type FileToSend = { path: string } | { name: string; data: Buffer };

export interface OutgoingTransfer {
  readonly cookie: string;
  readonly fileName: string;
  readonly size: number;
  cancel(): Promise<void>;
}
