// Browser mode as one call: build the page if needed, run the account service in this Node process and
// serve both on 127.0.0.1. The CLI (main/web/cli.ts) and tests start it the same way.
import { mkdir } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SANDBOX_SERVER } from '../../app/contract';
import { AccountService } from '../service/accountService';
import { DEFAULT_WEB_PORT } from './args';
import { ensureRendererBuilt } from './buildRenderer';
import { openInSystemBrowser } from './systemBrowser';
import { startWebServer, type RunningWebServer } from './webServer';

export const PROJECT_ROOT = join(import.meta.dirname, '..', '..');

export interface BrowserModeOptions {
  /** null: DEFAULT_WEB_PORT, or a free port when that one is taken. */
  port: number | null;
  dataDir: string;
  sandbox: boolean;
  rebuild: boolean;
  /** Progress lines (building...); never stdout, whose first line is the address. */
  log?: (message: string) => void;
}

export interface BrowserMode {
  readonly server: RunningWebServer;
  readonly service: AccountService;
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

export async function startBrowserMode(options: BrowserModeOptions): Promise<BrowserMode> {
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const started = Date.now();
  const { dir, built } = await ensureRendererBuilt(PROJECT_ROOT, options.rebuild);
  if (built) log(`Built the page in ${((Date.now() - started) / 1000).toFixed(1)} s.`);

  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });

  const service = new AccountService({
    userDataDir: options.dataDir,
    environment: 'browser',
    version: packageVersion(),
    openExternal: openInSystemBrowser,
    // No openWindow: the page draws dialogs and toasts itself, and its bridge opens them without asking main.
    warn: (message) => log(`butterfly: ${message}`),
    ...(options.sandbox ? { initialServer: SANDBOX_SERVER } : {}),
  });

  let server: RunningWebServer;
  try {
    try {
      server = await startWebServer({
        api: service,
        staticDir: dir,
        port: options.port ?? DEFAULT_WEB_PORT,
        log,
      });
    } catch (err) {
      if (options.port !== null || !isAddressInUse(err)) throw err;
      log(`Port ${DEFAULT_WEB_PORT} is taken; using a free one.`);
      server = await startWebServer({ api: service, staticDir: dir, port: 0, log });
    }
  } catch (err) {
    await service.close();
    throw err;
  }

  return {
    server,
    service,
    rebuilt: built,
    close: async () => {
      await server.close();
      await service.close();
    },
  };
}
