// What the sandbox reports, so tests await events instead of sleeping and the UI can show the traffic.
import { Emitter } from '../msnp/emitter';
import type { ListName, Status } from '../../app/types';
import type { DirectorySearch } from './directory';

/** Which listener a connection came in on. */
export type ServerRole = 'dispatch' | 'ns' | 'sb';

/** MSG acknowledgement modes a client may ask for. */
export type AckMode = 'U' | 'N' | 'A' | 'D';

/**
 * Why someone left a switchboard session: OUT; closed (the client's socket went away); dropped (the
 * server closed it: a protocol error or a quirk); idle (sbIdleTimeoutMs); removed (a bot taken away).
 */
export type SbLeaveReason = 'OUT' | 'closed' | 'dropped' | 'idle' | 'removed';

export type SignOutReason = 'OUT' | 'closed' | 'OTH' | 'stopped' | 'error';

export interface SandboxEvents {
  connection: { connectionId: number; server: ServerRole; remote: string };
  disconnect: { connectionId: number; server: ServerRole; email: string | null };
  /** Every command a client sent, as framed (payload commands with their payload). */
  clientCommand: { connectionId: number; server: ServerRole; email: string | null; line: string; payload?: Buffer };
  signedIn: { connectionId: number; email: string; protocol: string };
  signedOut: { connectionId: number; email: string; reason: SignOutReason };
  status: { email: string; status: Status };
  listChanged: { email: string; list: ListName; change: 'add' | 'remove'; contact: string; version: number };
  /** The client broke the framing (bad payload length, overlong line) and was disconnected. */
  protocolError: { connectionId: number; server: ServerRole; email: string | null; message: string };
  /** A handler threw: a sandbox bug, answered with 500. */
  internalError: { connectionId: number; line: string; error: Error };
  /** A switchboard session began: its caller's USR was accepted. */
  sbSession: { sessionId: string; participants: string[] };
  /** A participant rang someone: the RNG went to their notification connection (or their bot). */
  sbCall: { sessionId: string; from: string; to: string };
  /** Someone answered a ring and is now in the session; participants includes them. */
  sbJoin: { sessionId: string; email: string; participants: string[] };
  /** Someone left; participants is who remains (empty: the session is gone, and sbEnd follows). */
  sbLeave: { sessionId: string; email: string; reason: SbLeaveReason; participants: string[] };
  /** A MSG was accepted for relaying. trId is null for a bot's message (bots send as U). */
  sbMessage: { sessionId: string; from: string; trId: number | null; ackMode: AckMode; payload: Buffer };
  /** FND: what was asked and how many matched (answered 301 when more than the server's limit). */
  find: { email: string; query: DirectorySearch; results: number };
  /** SDC or SND was accepted: `to` is the address, or the name of the search result at `index`. */
  invitation: {
    command: 'SDC' | 'SND';
    from: string;
    to: string;
    index: number | null;
    lcid: string | null;
    /** SDC's friendly-name field as sent (URL-encoded). */
    nickname: string | null;
    message: string;
  };
  /** PAG was accepted (no reply is sent): its payload as sent. */
  page: { from: string; to: string; payload: string };
  /** The last person left; the session id is no longer valid. */
  sbEnd: { sessionId: string };
}

export class SandboxEmitter extends Emitter<SandboxEvents> {
  fire<K extends keyof SandboxEvents>(event: K, payload: SandboxEvents[K]): void {
    this.emit(event, payload);
  }
}
