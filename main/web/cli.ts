// `npm run web -- [--port N] [--data DIR] [--sandbox] [--rebuild] [--open]`: Butterfly in a web browser.
// The first line on stdout is the address to open, token included; progress and warnings go to stderr.
// Exit status: 0 after Ctrl+C, 2 for a usage error, 1 when it cannot start.
import { errorMessage } from '../msnp/errors';
import { parseWebArgs, WEB_USAGE, WebUsageError } from './args';
import { startBrowserMode, TEST_RECONNECT_ENV, testReconnectBackoff } from './browserMode';
import { openInSystemBrowser } from './systemBrowser';

function describeStartError(err: unknown, port: number | null): string {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  if (code === 'EADDRINUSE')
    return `Port ${port} is already in use. Choose another with --port, or --port 0 for any free one.`;
  if (code === 'EACCES') return `Butterfly may not listen on port ${port}. Choose another with --port.`;
  return `Butterfly could not start: ${errorMessage(err)}`;
}

async function main(): Promise<number> {
  let options;
  try {
    options = parseWebArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof WebUsageError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${WEB_USAGE}\n`);
    return 0;
  }

  let mode;
  try {
    // Tests only: the end-to-end test of reconnecting cannot wait real seconds of backoff (browserMode.ts).
    const reconnectBackoff = testReconnectBackoff(process.env[TEST_RECONNECT_ENV]);
    mode = await startBrowserMode({ ...options, ...(reconnectBackoff ? { reconnectBackoff } : {}) });
  } catch (err) {
    process.stderr.write(`${describeStartError(err, options.port)}\n`);
    return 1;
  }
  process.stdout.write(`Butterfly is running at ${mode.server.url}\n`);
  process.stderr.write(`Settings are kept in ${options.dataDir}. Press Ctrl+C to stop.\n`);
  if (options.open) {
    openInSystemBrowser(mode.server.url).catch((err: unknown) =>
      process.stderr.write(`${errorMessage(err)}\n`),
    );
  }

  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  // A second Ctrl+C while closing does not wait for the service to sign out.
  const force = (): void => process.exit(1);
  process.once('SIGINT', force);
  await mode.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(
      `Butterfly stopped unexpectedly: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
