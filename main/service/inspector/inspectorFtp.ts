// The protocol inspector's view of file transfers: each transfer's MSNFTP control channel (VER, USR, FIL,
// TFR, BYE, CCL) becomes a connection of its own, opened at its first line and closed when the transfer
// ends. The data blocks never reach the inspector; the engine reports only the text lines.
import type { RawTraffic } from '../../msnp/connection';
import { wireText } from '../../msnp/errors';
import type { InvitationManager } from '../../msnp/invitations';
import type { ConnectionRecord } from './trafficRing';

export interface FtpTrafficSink {
  /** A new 'ftp' connection; the sink numbers it ("ftp 3 …"). */
  open(label: string): ConnectionRecord;
  /** Keeps one line, masked by the sink. */
  keep(record: ConnectionRecord, raw: RawTraffic): void;
  close(record: ConnectionRecord): void;
}

/** Records the transfers of one conversation from now on; returns the function that stops it. */
export function followTransfers(invitations: InvitationManager, sink: FtpTrafficSink): () => void {
  const open = new Map<string, ConnectionRecord>();
  // A cancel is settled before its CCL goes out: a line after the end belongs to the ended connection.
  const ended = new Map<string, ConnectionRecord>();
  const end = ({ cookie }: { cookie: string }): void => {
    const record = open.get(cookie);
    if (!record) return;
    open.delete(cookie);
    ended.set(cookie, record);
    sink.close(record);
  };
  const offs = [
    invitations.on('transferRaw', (e) => {
      let record = open.get(e.cookie) ?? ended.get(e.cookie);
      if (!record) {
        // The file name and handle come from the peer: quoted, so a label cannot carry control characters.
        record = sink.open(`${wireText(e.fileName)} ↔ ${wireText(e.peer) || 'unknown'}`);
        open.set(e.cookie, record);
      }
      sink.keep(record, e.raw);
    }),
    // Every invitation ends with exactly one of these (a cancel before its own CCL, which goes to `ended`).
    invitations.on('transferDone', end),
    invitations.on('transferFailed', end),
    invitations.on('cancelled', end),
  ];
  return () => {
    for (const off of offs) off();
    for (const record of open.values()) sink.close(record);
    open.clear();
    ended.clear();
  };
}
