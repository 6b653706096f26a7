// msnp console: signs in, then sends each line of stdin to the notification server as a command and prints
// all the traffic, for scripting a server by hand. TrIDs are filled in; a payload command takes its payload
// after " <<< " on the same line, with \r\n, \n, \t and \\ escapes, and its length is counted.
import { createInterface } from 'node:readline';
import { parseCommand } from '../msnp/command';
import { parseConsoleLine } from '../msnp/consoleLine';
import { seconds } from '../msnp/errors';
import type { NotificationSession } from '../msnp/notificationSession';
import type { CommandOptions } from './args';
import type { Reporter } from './output';
import { withSession } from './session';

export { parseConsoleLine, type ConsoleLine } from '../msnp/consoleLine';

/** Resolves when a line with this TrID comes from the server, or after the timeout (false). */
function replyTo(ns: NotificationSession, trId: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const finish = (answered: boolean): void => {
      clearTimeout(timer);
      offRaw();
      offClosed();
      resolve(answered);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    const offRaw = ns.on('raw', (r) => {
      if (r.direction === 'in' && parseCommand(r.line).trId === trId) finish(true);
    });
    const offClosed = ns.on('closed', () => finish(true));
  });
}

export async function runConsole(
  opts: CommandOptions,
  reporter: Reporter,
  signal: AbortSignal,
  input: NodeJS.ReadableStream = process.stdin,
): Promise<void> {
  // In a terminal the traffic is what was asked for; the whole account after it would bury it (--json keeps it).
  const out: Reporter = opts.json ? reporter : { event: reporter.event, state: () => {} };
  // The traffic is the output: every line both ways, with the password masked, as --verbose prints it.
  await withSession({ ...opts, verbose: true }, out, signal, async ({ ns }) => {
    const lines = createInterface({ input, crlfDelay: Infinity, terminal: false });
    signal.addEventListener('abort', () => lines.close());
    for await (const text of lines) {
      if (ns.status !== 'online') break;
      const parsed = parseConsoleLine(text);
      if (parsed === null) continue;
      if ('error' in parsed) {
        out.event('consoleError', { line: text, error: parsed.error }, `console: ${parsed.error}`);
        continue;
      }
      let trId: number | null;
      try {
        trId = ns.sendCommand(parsed.name, parsed.args, parsed.payload);
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        out.event('consoleError', { line: text, error }, `console: ${error}`);
        continue;
      }
      // One command at a time: the next goes once this one's reply (its TrID) came, or its time ran out.
      if (trId !== null && !(await replyTo(ns, trId, opts.timeoutSeconds * 1000)))
        out.event(
          'noReply',
          { trId, command: parsed.name },
          `console: no reply to ${parsed.name} ${trId} within ${seconds(opts.timeoutSeconds * 1000)}`,
        );
    }
    lines.close();
  });
}
