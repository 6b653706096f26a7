// Browser mode as one call: build the page if needed, run the account service in this Node process and
// serve both on 127.0.0.1. The CLI (main/web/cli.ts) and tests start it the same way.
import { mkdir } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SANDBOX_SERVER } from '../../app/contract';
import { AccountService } from '../service/accountService';
import type { Backoff } from '../service/reconnectPolicy';
import { DEFAULT_WEB_PORT } from './args';
import { ensureRendererBuilt } from './buildRenderer';
import { openInSystemBrowser } from './systemBrowser';
import { UnattendedSignOut, type Timers } from './unattendedSignOut';
import { UploadStore } from './uploadStore';
import { startWebServer, type RunningWebServer } from './webServer';

export const PROJECT_ROOT = join(import.meta.dirname, '..', '..');

export interface BrowserModeOptions {
  /** null: DEFAULT_WEB_PORT, or a free port when that one is taken. */
  port: number | null;
  dataDir: string;
  sandbox: boolean;
  rebuild: boolean;
  /** How long a server may take to answer a command or acknowledge a message; absent keeps the defaults. */
  timeoutMs?: number | null;
  /** The largest file a page may upload to send (DEFAULT_MAX_UPLOAD_BYTES). */
  maxUploadBytes?: number;
  /** Progress lines (building...); never stdout, whose first line is the address. */
  log?: (message: string) => void;
  /** How long the account stays signed in with no page connected (ms); 0 never signs out; absent, never. */
  signOutAfterMs?: number;
  /**
   * What would open an address on this machine (its system browser). Links never use it in browser mode, as
   * the page opens them in a tab of the browser the person is in; tests pass a spy to show nothing starts here.
   */
  systemOpener?: (url: string) => Promise<void>;
  /** Tests only: the clock that times signOutAfterMs. */
  timers?: Timers;
  /** A failed call's log line carries a fault's stack (--verbose); refusals stay one line. */
  verbose?: boolean;
  /** How long a toast stays (ms); absent or null keeps the service's default. */
  toastLifetimeMs?: number | null;
  /** Tests only: shorter waits between tries to reconnect (see main/web/cli.ts). */
  reconnectBackoff?: Partial<Backoff>;
}

export interface BrowserMode {
  readonly server: RunningWebServer;
  readonly service: AccountService;
  readonly uploads: UploadStore;
  readonly rebuilt: boolean;
  close(): Promise<void>;
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}

function isAddressInUse(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'EADDRINUSE';
}

/**
 * Tests only: BUTTERFLY_TEST_RECONNECT_MS=BASE[,MAX] shortens the waits between tries to reconnect, so the
 * end-to-end test sees the page come back online in a moment instead of after real seconds of backoff.
 * The CLI reads it from the environment rather than from an option, so it is never offered to people in
 * --help. Anything but one or two whole numbers of milliseconds (MAX at least BASE) is ignored.
 */
export const TEST_RECONNECT_ENV = 'BUTTERFLY_TEST_RECONNECT_MS';

export function testReconnectBackoff(
  value: string | undefined,
): { baseMs: number; maxMs: number } | undefined {
  const match = /^(\d{1,6})(?:,(\d{1,6}))?$/.exec(value?.trim() ?? '');
  if (!match) return undefined;
  const baseMs = Number(match[1]);
  const maxMs = match[2] === undefined ? baseMs * 4 : Number(match[2]);
  return baseMs > 0 && maxMs >= baseMs ? { baseMs, maxMs } : undefined;
}

function defaultLog(message: string): void {
  process.stderr.write(`${message}\n`);
}

export async function startBrowserMode(options: BrowserModeOptions): Promise<BrowserMode> {
  const log = options.log ?? defaultLog;
  const started = Date.now();
  const { dir, built } = await ensureRendererBuilt(PROJECT_ROOT, options.rebuild);
  if (built) log(`Built the page in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return { ...(await serveBrowserMode(dir, options)), rebuilt: built };
}

/** Browser mode over a renderer already built in staticDir: the service, the uploads and the server. */
export async function serveBrowserMode(
  staticDir: string,
  options: Omit<BrowserModeOptions, 'rebuild'>,
): Promise<Omit<BrowserMode, 'rebuilt'>> {
  const log = options.log ?? defaultLog;
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  // Files the pages send wait here until their invitations end.
  const uploads = new UploadStore({
    dir: join(options.dataDir, 'uploads'),
    ...(options.maxUploadBytes !== undefined ? { maxBytes: options.maxUploadBytes } : {}),
  });

  const service: AccountService = new AccountService({
    userDataDir: options.dataDir,
    environment: 'browser',
    signOutAfterMinutes: (options.signOutAfterMs ?? 0) / 60_000,
    version: packageVersion(),
    // Unused while environment is 'browser': links open in a new tab of the page the person is in, as the
    // service may run on another (headless) machine.
    openExternal: options.systemOpener ?? openInSystemBrowser,
    // No openWindow: the page draws dialogs and toasts itself, and its bridge opens them without asking main.
    warn: (message) => log(`butterfly: ${message}`),
    // Received files land on this machine; the page downloads them from GET /received/<id>.
    files: {
      defaultDownloadsFolder: join(options.dataDir, 'downloads'),
      resolveUpload: uploads.resolveUpload,
      releaseUpload: uploads.releaseUpload,
    },
    ...(options.sandbox ? { initialServer: SANDBOX_SERVER } : {}),
    ...(options.toastLifetimeMs ? { toastLifetimeMs: options.toastLifetimeMs } : {}),
    ...(options.reconnectBackoff ? { reconnect: { backoff: options.reconnectBackoff } } : {}),
    ...(options.timeoutMs
      ? {
          session: { requestTimeoutMs: options.timeoutMs },
          conversations: { requestTimeoutMs: options.timeoutMs, callTimeoutMs: options.timeoutMs },
        }
      : {}),
  });

  const unattended = new UnattendedSignOut({
    afterMs: options.signOutAfterMs ?? 0,
    signedIn: async () => (await service.getSnapshot()).session.phase !== 'signedOut',
    signOut: () => service.signOut(),
    log,
    ...(options.timers ? { timers: options.timers } : {}),
  });
  const serve = (port: number): Promise<RunningWebServer> =>
    startWebServer({
      api: service,
      received: service,
      uploads,
      staticDir,
      port,
      log,
      verbose: options.verbose,
      onPages: (count) => unattended.pages(count),
    });
  let server: RunningWebServer | undefined;
  try {
    try {
      server = await serve(options.port ?? DEFAULT_WEB_PORT);
    } catch (err) {
      if (options.port !== null || !isAddressInUse(err)) throw err;
      log(`Port ${DEFAULT_WEB_PORT} is taken; using a free one.`);
      server = await serve(0);
    }
    // Only now that the port is ours: a second copy on the same data folder that cannot start leaves the
    // running one's uploads alone. Nobody has the token yet, so no upload can come in before this.
    await uploads.open();
  } catch (err) {
    unattended.close();
    await server?.close();
    await service.close();
    await uploads.close();
    throw err;
  }

  return {
    server,
    service,
    uploads,
    close: async () => {
      unattended.close();
      await server.close();
      // The service releases the uploads of its open invitations; whatever is left goes with the store.
      await service.close();
      await uploads.close();
    },
  };
}
