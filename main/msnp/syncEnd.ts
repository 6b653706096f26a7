// The end of the contact-list sync: every list arrived, a PNG/QNG round closing a batch that left out
// GTC/BLP, or a server that stopped sending. Used by NotificationSession.synchronize.
import type { Connection } from './connection';
import { seconds } from './errors';
import type { ListSync } from './listSync';

export interface SyncEndHost {
  warn(code: string, message: string, line?: string): void;
  /** Sends PNG and calls back on QNG; the returned function stops waiting for it. */
  ping(onQng: () => void): () => void;
  /** What the session calls when the sync takes lines, or null once it has ended. */
  setProgress(check: (() => void) | null): void;
}

/**
 * Resolves once every list has arrived (true); if the server leaves out GTC/BLP, a PNG/QNG round closes
 * the batch. A server that stops sending ends it short (false) syncTimeoutMs after the last line, with a
 * warning naming what is missing; the lines that did arrive are kept.
 */
export function awaitSyncEnd(
  sync: ListSync,
  conn: Connection,
  stallMs: number,
  host: SyncEndHost,
): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    let barrierSent = false;
    let lastLine = performance.now();
    let seen = sync.taken;
    let cancelTimer = (): void => {};
    let cancelPing = (): void => {};
    // One timer, re-armed lazily for the time left, rather than cleared and set again for each of 15,000 lines.
    // Nor is the clock read per line: when lines came since the last look, the last read of the socket dates them.
    const arm = (ms: number): void => {
      cancelTimer = conn.timers.timeout(() => {
        if (sync.taken !== seen) {
          seen = sync.taken;
          lastLine = conn.lastReadAt;
        }
        const left = lastLine + stallMs - performance.now();
        if (left > 0) return arm(Math.ceil(left));
        host.setProgress(null);
        host.warn(
          'sync-stopped',
          `the server stopped sending the contact list (nothing for ${seconds(stallMs)}); missing ${sync.missing().join(', ')}; the lines that arrived are kept`,
        );
        // A PNG sent to close the batch is no longer awaited: keep-alive must not wait on it for ever.
        cancelPing();
        resolve(false);
      }, ms);
    };
    arm(stallMs);
    const check = (): void => {
      if (sync.complete) return done();
      if (sync.listsComplete && !barrierSent) {
        barrierSent = true;
        cancelPing = host.ping(() => {
          if (!sync.complete)
            host.warn('sync-incomplete', `the sync ended without ${sync.missing().join(', ')}`);
          done();
        });
      }
    };
    const done = (): void => {
      cancelTimer();
      host.setProgress(null);
      resolve(true);
    };
    host.setProgress(check);
    check();
  });
}
