// msnp login: sign in through the dispatch redirect, sync, set the status, stay --wait seconds, sign out.
import type { CommonOptions } from './args';
import { FileListCache } from '../msnp/listCache';
import { NotificationSession } from '../msnp/notificationSession';
import { report, type Reporter } from './output';

export async function runLogin(opts: CommonOptions, out: Reporter, signal: AbortSignal): Promise<void> {
  const session = new NotificationSession({
    protocols: opts.protocols,
    requestTimeoutMs: opts.timeoutSeconds * 1000,
    connectTimeoutMs: opts.timeoutSeconds * 1000,
    cache: opts.cacheDir ? new FileListCache(opts.cacheDir) : undefined,
  });
  report(session, out, opts.verbose);
  let ended: Error | undefined;
  const closed = new Promise<void>((resolve) =>
    session.on('closed', (e) => {
      ended = e.error;
      resolve();
    }),
  );
  await session.signIn({ host: opts.host, port: opts.port, email: opts.user, password: opts.password, status: opts.status });
  if (opts.waitSeconds > 0 && !signal.aborted) {
    await Promise.race([
      new Promise<void>((resolve) => {
        const t = setTimeout(resolve, opts.waitSeconds * 1000);
        signal.addEventListener('abort', () => {
          clearTimeout(t);
          resolve();
        });
      }),
      closed,
    ]);
  }
  // The state is taken while still signed in, so it shows who was online.
  const snapshot = session.snapshot();
  if (session.status === 'online') await session.signOut();
  out.state(snapshot);
  if (ended) throw ended;
}
