// Options of `npm run web`. Pure, so every case is unit-tested; a usage error is one sentence.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

export const DEFAULT_WEB_PORT = 4863;
/** Closing the last tab leaves the account signed in this long, as if the desktop app were still running. */
export const DEFAULT_SIGN_OUT_AFTER_MINUTES = 10;

export const WEB_USAGE = `usage: npm run web -- [--port N] [--data DIR] [--sandbox] [--rebuild] [--open] [--timeout S]
                          [--signout-after MINUTES] [--toast-seconds S] [--verbose]
  --port N     listen on 127.0.0.1:N; 0 picks a free port (default ${DEFAULT_WEB_PORT}, or a free one if it is taken)
  --data DIR   where settings are kept (default ~/.butterfly-web)
  --sandbox    select the built-in sandbox as the server to sign in to
  --rebuild    build the page even if out/renderer is up to date
  --open       open the page in the system's web browser
  --timeout S  how long to wait for a server's answer, a message's acknowledgement included (default 30 s)
  --signout-after MINUTES
               sign out when no page has been open for this long (default ${DEFAULT_SIGN_OUT_AFTER_MINUTES}; 0 never)
  --toast-seconds S
               how long a toast stays before it slides away (default 5; up to 3600, for demos and tests)
  --verbose    log where an unexpected failure happened (its stack); a refusal is always one line`;

export class WebUsageError extends Error {
  override name = 'WebUsageError';
}

export interface WebOptions {
  /** The port asked for; null means the default with a fallback to a free port. */
  port: number | null;
  dataDir: string;
  sandbox: boolean;
  rebuild: boolean;
  open: boolean;
  help: boolean;
  /** Unexpected failures are logged with their stacks. */
  verbose: boolean;
  /** How long the account stays signed in with no page open (ms); 0 never signs out. */
  signOutAfterMs: number;
  /** How long a server may take to answer (ms); null keeps the engine's defaults. */
  timeoutMs: number | null;
  /** How long a toast stays (ms); null keeps the service's default. */
  toastLifetimeMs: number | null;
}

export function parseWebArgs(argv: readonly string[], home: string = homedir()): WebOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        data: { type: 'string' },
        sandbox: { type: 'boolean', default: false },
        rebuild: { type: 'boolean', default: false },
        open: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        'signout-after': { type: 'string' },
        timeout: { type: 'string' },
        'toast-seconds': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    // parseArgs says "Unknown option '--x'. To specify a positional argument, ..." : keep its first sentence.
    const first = err instanceof Error ? (err.message.split(/\.\s/)[0] ?? err.message) : String(err);
    throw new WebUsageError(`${first.replace(/\.$/, '')}. Run npm run web -- --help for the options.`);
  }
  let port: number | null = null;
  if (values.port !== undefined) {
    const n = Number(values.port);
    if (values.port.trim() === '' || !Number.isInteger(n) || n < 0 || n > 65535) {
      throw new WebUsageError('--port must be a port number from 0 to 65535.');
    }
    port = n;
  }
  let timeoutMs: number | null = null;
  if (values.timeout !== undefined) {
    const s = Number(values.timeout);
    if (values.timeout.trim() === '' || !Number.isFinite(s) || s < 0.1 || s > 600)
      throw new WebUsageError('--timeout must be a number of seconds from 0.1 to 600.');
    timeoutMs = Math.round(s * 1000);
  }
  let signOutAfterMs = DEFAULT_SIGN_OUT_AFTER_MINUTES * 60_000;
  const after = values['signout-after'];
  if (after !== undefined) {
    const minutes = Number(after);
    if (after.trim() === '' || !Number.isFinite(minutes) || minutes < 0 || minutes > 10_080)
      throw new WebUsageError(
        '--signout-after must be a number of minutes from 0 (never) to 10080 (a week).',
      );
    signOutAfterMs = Math.round(minutes * 60_000);
  }
  let toastLifetimeMs: number | null = null;
  const toast = values['toast-seconds'];
  if (toast !== undefined) {
    const s = Number(toast);
    if (toast.trim() === '' || !Number.isFinite(s) || s < 1 || s > 3600)
      throw new WebUsageError('--toast-seconds must be a number of seconds from 1 to 3600.');
    toastLifetimeMs = Math.round(s * 1000);
  }
  if (values.data !== undefined && values.data.trim() === '')
    throw new WebUsageError('--data must name a directory.');
  return {
    port,
    dataDir: values.data !== undefined ? resolve(values.data) : join(home, '.butterfly-web'),
    sandbox: values.sandbox,
    rebuild: values.rebuild,
    open: values.open,
    help: values.help,
    verbose: values.verbose,
    signOutAfterMs,
    timeoutMs,
    toastLifetimeMs,
  };
}
