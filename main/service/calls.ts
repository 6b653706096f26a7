// Runs one call from a window against the service: checked against the contract, then the reply as plain
// data. Pure (no electron), so the call rules are unit-tested; main/shell/ipc.ts only adds the sender check,
// and browser mode (main/web/socketGateway.ts) uses it for WebSocket calls.
import type { MessengerApi } from '../../app/contract';
import { InvalidCallError, validateCall } from './validate';

/**
 * What a call resolves to (over IPC or the WebSocket). Errors travel as data: an exception thrown in an ipcMain
 * handler reaches the page as "Error invoking remote method ...: Error: ...", not the one sentence a person should read.
 */
export type CallReply = { ok: true; value: unknown } | { ok: false; error: string };

export type CallableApi = Omit<MessengerApi, 'subscribe'>;

/** Errors that only a mistake in Butterfly's own code throws. */
const BUG_TYPES = [TypeError, RangeError, ReferenceError, SyntaxError, EvalError, URIError];

const FALLBACK = 'Butterfly could not do that. Try again.';
const MAX_MESSAGE = 300;

/** The one sentence a window shows for a failure: the error's own message if it is one, never a stack. */
export function oneSentence(err: unknown): string {
  // A programming error's words ("Cannot read properties of undefined") mean nothing to a person.
  if (!(err instanceof Error) || BUG_TYPES.some((type) => err instanceof type)) return FALLBACK;
  const message = err.message.trim();
  if (message === '' || message.length > MAX_MESSAGE || /[\r\n]/.test(message)) return FALLBACK;
  return message;
}

/**
 * Whether a failed call is a fault of Butterfly rather than a refusal (the server said no, the input or the
 * moment was wrong, the network failed): a refusal is an Error the service threw as its sentence, whatever
 * engine error it wraps; a fault is anything else thrown as is, or a sentence wrapping a programming error.
 */
export function isFault(err: unknown): boolean {
  // A system error (ENOENT...) that reached the call as is was never turned into a sentence.
  if (err instanceof Error && 'syscall' in err) return true;
  for (let e: unknown = err, depth = 0; e !== undefined && depth < 8; e = (e as Error).cause, depth += 1)
    if (!(e instanceof Error) || BUG_TYPES.some((type) => e instanceof type)) return true;
  return false;
}

/** The innermost cause's own words, where they differ from the sentence: the server's code goes to the log. */
function causeDetail(err: unknown, sentence: string): string {
  let root = err;
  for (let depth = 0; root instanceof Error && root.cause !== undefined && depth < 8; depth += 1)
    root = root.cause;
  const words = root instanceof Error ? root.message : String(root);
  return words === sentence || words === '' ? '' : ` (${words.split(/\r?\n/)[0]})`;
}

/**
 * The log line for a failed call: one line for a refusal (the method and the sentence the person read, with
 * the server's own words); a fault says so too, and only `verbose` adds its stack.
 */
export function failureLine(method: unknown, err: unknown, verbose = false): string {
  const sentence = oneSentence(err);
  const detail = causeDetail(err, sentence);
  if (!isFault(err)) return `${String(method)} refused: ${sentence}${detail}`;
  const stack = verbose && err instanceof Error && err.stack ? `\n${causeStacks(err)}` : '';
  return `${String(method)} failed unexpectedly: ${sentence}${detail}${stack}`;
}

function causeStacks(err: Error): string {
  const stacks: string[] = [];
  for (let e: unknown = err, depth = 0; e !== undefined && depth < 8; e = (e as Error).cause, depth += 1)
    stacks.push(e instanceof Error ? (e.stack ?? e.message) : String(e));
  return stacks.join('\nCaused by: ');
}

export async function dispatchCall(
  api: CallableApi,
  method: unknown,
  args: unknown,
  log: (message: string, err: unknown) => void = (message, err) => console.error(message, err),
): Promise<CallReply> {
  let checked: unknown[];
  try {
    checked = validateCall(method, args);
  } catch (err) {
    return { ok: false, error: oneSentence(err) };
  }
  try {
    const fn = api[method as keyof CallableApi] as (...a: unknown[]) => Promise<unknown>;
    const value: unknown = await Reflect.apply(fn, api, checked);
    return { ok: true, value };
  } catch (err) {
    if (!(err instanceof InvalidCallError)) log(`${String(method)} failed:`, err);
    return { ok: false, error: oneSentence(err) };
  }
}
