// What the sandbox reports, so tests await events instead of sleeping and the UI can show the traffic.
import { Emitter } from '../msnp/emitter';
import type { ListName, Status } from '../../app/types';

/** Which listener a connection came in on. */
export type ServerRole = 'dispatch' | 'ns';

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
}

export class SandboxEmitter extends Emitter<SandboxEvents> {
  fire<K extends keyof SandboxEvents>(event: K, payload: SandboxEvents[K]): void {
    this.emit(event, payload);
  }
}
