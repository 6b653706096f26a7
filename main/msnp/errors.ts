// Typed errors. Every one carries a sentence fit for a person; codes and lines stay on the object.
import { AUTH_ERROR_CODES, describeErrorCode } from './errorCodes';
import { wireText } from '../../app/wireText';

/**
 * The one way wire text (a command name, a field, a reason a server gave) goes into a sentence: controls,
 * terminal escapes and bidi overrides escaped visibly (`\x1b`, `\u202e`), the length capped with an ellipsis.
 */
export { wireText };

/** A wait in words: "1 second", "1.5 seconds", "30 seconds" (tenths kept, as timeouts in tests are short). */
export function seconds(ms: number): string {
  const s = Math.round(ms / 100) / 10;
  return `${s} second${s === 1 ? '' : 's'}`;
}

/** Input the engine refused before sending anything; its message is the sentence to show. */
export class InvalidInputError extends Error {
  override name = 'InvalidInputError';
}

export class MsnpError extends Error {
  override name = 'MsnpError';
  readonly codeName: string;
  constructor(
    readonly code: number,
    readonly trId: number | null,
    readonly command?: string,
  ) {
    const info = describeErrorCode(code);
    super(`server answered ${code}: ${info.message}`);
    this.codeName = info.name;
  }
  get isAuthError(): boolean {
    return AUTH_ERROR_CODES.has(this.code);
  }
}

/** The peer broke the protocol in a way we could not tolerate (oversized payload, garbage framing). */
export class ProtocolError extends Error {
  override name = 'ProtocolError';
  constructor(
    message: string,
    readonly line?: string,
  ) {
    super(message);
  }
}

/** Strict mode ended the session at the first deviation from the protocol a warning reported. */
export class StrictModeError extends ProtocolError {
  override name = 'StrictModeError';
  constructor(
    readonly code: string,
    /** The warning's own words ("CHG was answered with extra fields"). */
    readonly deviation: string,
    line?: string,
  ) {
    super(`strict mode is on, and ${deviation}`, line);
  }
}

export class TimeoutError extends Error {
  override name = 'TimeoutError';
  constructor(
    readonly command: string,
    readonly ms: number,
  ) {
    super(`the server did not answer ${command} within ${seconds(ms)}`);
  }
}

/** The socket could not be opened or went away. */
export class ConnectionError extends Error {
  override name = 'ConnectionError';
  constructor(
    message: string,
    readonly reason: 'refused' | 'timeout' | 'closed' | 'dns' | 'reset' | 'other' = 'other',
  ) {
    super(message);
  }
}

/** What went wrong at the proxy server, each said in its own words (ProxyError). */
export type ProxyProblem =
  | 'unreachable'
  | 'refused'
  | 'credentialsNeeded'
  | 'credentialsRefused'
  | 'serverUnreachable'
  | 'notAProxy';

/**
 * The connection could not be opened through the proxy server. A ConnectionError, so whatever handles a
 * failure to connect handles this one too; `problem` says which sentence fits.
 */
export class ProxyError extends ConnectionError {
  override name = 'ProxyError';
  constructor(
    readonly problem: ProxyProblem,
    /** The proxy as "host:port". */
    readonly proxy: string,
    /** The server it was to reach, as "host:port". */
    readonly target: string,
    /** The proxy's kind in words ("a SOCKS 5"), for notAProxy. */
    kind = 'a',
  ) {
    super(proxyWords(problem, proxy, target, kind), problem === 'unreachable' ? 'refused' : 'other');
  }
}

function proxyWords(problem: ProxyProblem, proxy: string, target: string, kind: string): string {
  const at = `the proxy server at ${proxy}`;
  switch (problem) {
    case 'unreachable':
      return `could not connect to ${at}: it is not reachable`;
    case 'refused':
      return `${at} refused the connection to ${target}`;
    case 'credentialsNeeded':
      return `${at} needs a user name and password`;
    case 'credentialsRefused':
      return `${at} did not accept the user name and password`;
    case 'serverUnreachable':
      return `${at} could not reach ${target}`;
    case 'notAProxy':
      return `${at} did not answer as ${kind} proxy`;
  }
}

/**
 * The server offers only CTP, which sends the password as it is, and the server is not on this computer.
 * Nothing about the account has been sent yet when this is thrown.
 */
export class PlainPasswordRefusedError extends Error {
  override name = 'PlainPasswordRefusedError';
  constructor(readonly host: string) {
    super('the server asked for the password in plain text, which Butterfly does not send over the network');
  }
}

/** A new friendly name that is longer, once encoded, than the server takes (387 characters). */
export class NameTooLongError extends Error {
  override name = 'NameTooLongError';
  constructor() {
    super('that name is too long');
  }
}

/**
 * The server has no such service: its URL reply was a stand-in (blank, hostless, an example or unspecified
 * host) or it refused URL outright (`cause`). `line` is the reply, for the log.
 */
export class ServiceNotOfferedError extends Error {
  override name = 'ServiceNotOfferedError';
  constructor(
    readonly service: string,
    readonly line?: string,
    cause?: unknown,
  ) {
    super(`This server does not offer ${offering(service)}.`, cause === undefined ? undefined : { cause });
  }
}

/** What a URL service is part of, as people name it. */
function offering(service: string): string {
  if (service === 'INBOX' || service === 'FOLDERS' || service === 'COMPOSE' || service === 'MESSAGE') return 'Hotmail';
  if (service === 'MOBILE' || service === 'CHGMOB') return 'MSN Mobile';
  return 'that service';
}

/**
 * A conversation with, or a call to, your own address: refused before anything is sent (a server would
 * answer 215, or ring you on your own connection).
 */
export class OwnAddressError extends Error {
  override name = 'OwnAddressError';
  constructor() {
    super('You cannot send messages to yourself.');
  }
}

/** The server ended the session with OUT (OTH: signed in elsewhere, SSD: shutting down, ...). */
export class SignedOutError extends Error {
  override name = 'SignedOutError';
  constructor(readonly reason: string) {
    super(describeOutReason(reason));
  }
}

export function describeOutReason(reason: string): string {
  switch (reason) {
    case 'OTH':
      return 'you were signed out because you signed in at another location';
    case 'SSD':
      return 'the server is shutting down';
    case 'RCT':
      return 'the server asked you to reconnect later';
    case '':
      return 'the server signed you out';
    default:
      return `the server signed you out (${wireText(reason)})`;
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Why a message sent for acknowledgement (MSG A) ended without its ACK, in words for the sender. */
export function deliveryFailure(err: unknown): string {
  if (err instanceof TimeoutError) return `The server did not confirm the message within ${seconds(err.ms)}.`;
  if (err instanceof ConnectionError)
    return 'The connection to the conversation was lost before the message was confirmed.';
  if (err instanceof MsnpError) return `The server refused the message (error ${err.code}).`;
  return sentence(`the message was not delivered: ${errorMessage(err)}`);
}

/** The server's error code anywhere in an error's chain of causes (a refused call wraps it). */
export function serverCode(err: unknown): number | undefined {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth += 1)
    if (e instanceof MsnpError) return e.code;
  return undefined;
}

/** Why calling someone into a switchboard failed, said of the message that was to go (the call's own sentence). */
export function callFailure(name: string, err: unknown): string {
  const code = serverCode(err);
  if (code === 217 || code === 216) return `${name} is not online, so your message could not be delivered.`;
  // 205 is the documented "no such user"; some servers answer 207 for someone not signed in or unknown.
  if (code === 205) return `${name} is not a member of this service, so your message could not be delivered.`;
  if (code === 207)
    return `${name} is not signed in or is not a member of this service, so your message could not be delivered.`;
  if (code === 208) return `${name} is not a valid e-mail address, so your message could not be delivered.`;
  if (code === 913) return 'You cannot start a conversation while appearing offline.';
  return `${name} could not be invited: ${errorMessage(err)}.`;
}

/**
 * Why messages waiting for a switchboard were not sent when none could be opened (XFR refused or unanswered,
 * the switchboard unreachable, nobody reached), in words for the sender: no commands, codes or addresses,
 * except that a call's own sentence ("X is not online, so ...") is kept as it is.
 */
export function switchboardFailure(err: unknown): string {
  const code = serverCode(err);
  if (code === 913)
    return 'You cannot send messages while you appear offline. Change your status and try again.';
  if (err instanceof TimeoutError)
    return 'The server did not open the conversation in time, so the message was not sent.';
  if (err instanceof ProxyError) return sentence(`${err.message}, so the message was not sent`);
  if (err instanceof ConnectionError) {
    return err.reason === 'closed' || err.reason === 'reset'
      ? 'The connection to the server was lost, so the message was not sent.'
      : 'Butterfly could not connect to the conversation, so the message was not sent.';
  }
  if (err instanceof ProtocolError)
    return 'The answer from the server could not be understood, so the message was not sent.';
  if (err instanceof MsnpError)
    return `The server could not open the conversation (error ${err.code}), so the message was not sent.`;
  return sentence(errorMessage(err));
}

/** Text as one sentence for the user: trimmed, capitalized, ending in a full stop unless it has one. */
export function sentence(text: string): string {
  const t = text.trim();
  const capital = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
