// The msnp command line, for people who test MSNP servers from a terminal.
// Exit status: 0 success, 2 usage error, 3 authentication refused (including a server that wants the
// password in plain text when --allow-plain-password was not given), 1 anything else.
import { parseCommandArgs, USAGE, UsageError } from './args';
import { runSend } from './send';
import { runLogin } from './login';
import { runReceive, runSendFile } from './files';
import { runService } from './services';
import { runConsole } from './console';
import { runConformanceCli } from './conformance';
import { runReplayCli } from './replay';
import { humanReporter, jsonReporter } from './output';
import { readPassword } from './session';
import { exitAfterOutput } from './exit';
import { MsnpError, PlainPasswordRefusedError, SignedOutError } from '../msnp/errors';

export async function main(
  argv: string[],
  io = { out: (s: string) => console.log(s), err: (s: string) => console.error(s) },
): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    (command === undefined ? io.err : io.out)(USAGE.trimEnd());
    return command === undefined ? 2 : 0;
  }
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once('SIGINT', onSignal);
  try {
    switch (command) {
      case 'login':
      case 'send':
      case 'sendfile':
      case 'receive':
      case 'find':
      case 'invite':
      case 'page':
      case 'phones':
      case 'console':
      case 'url': {
        const opts = parseCommandArgs(command, rest);
        await readPassword(opts);
        const out = opts.json ? jsonReporter(io.out) : humanReporter(io.out);
        const run = {
          login: runLogin,
          send: runSend,
          sendfile: runSendFile,
          receive: runReceive,
          find: runService,
          invite: runService,
          page: runService,
          phones: runService,
          url: runService,
          console: runConsole,
        }[command];
        await run(opts, out, controller.signal);
        return 0;
      }
      case 'conformance':
        return await runConformanceCli(rest, io, controller.signal);
      case 'replay':
        return await runReplayCli(rest, io, controller.signal);
      default:
        throw new UsageError(`unknown command "${command}" (try msnp --help)`);
    }
  } catch (err) {
    return failure(err, io.err);
  } finally {
    process.off('SIGINT', onSignal);
  }
}

/** One sentence on stderr, never a stack trace. */
export function failure(err: unknown, write: (s: string) => void): number {
  if (err instanceof UsageError) {
    write(`msnp: ${err.message}`);
    return 2;
  }
  const message = err instanceof Error ? err.message : String(err);
  write(`msnp: ${message}`);
  if (err instanceof MsnpError && err.isAuthError) return 3;
  if (err instanceof PlainPasswordRefusedError) return 3;
  if (err instanceof SignedOutError) return 1;
  return 1;
}

const isEntry = process.argv[1] !== undefined && /[\\/]cli[\\/]msnp\.ts$/.test(process.argv[1]);
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => exitAfterOutput(code),
    (err) => exitAfterOutput(failure(err, (s) => console.error(s))),
  );
}
