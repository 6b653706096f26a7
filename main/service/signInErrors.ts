// What a person reads about signing in: the progress in words, and every way a sign-in can fail or a
// session can end as one sentence that says what happened and what to do. Codes stay in the log.
import {
  ConnectionError,
  MsnpError,
  PlainPasswordRefusedError,
  ProtocolError,
  ProxyError,
  sentence,
  SignedOutError,
  StrictModeError,
  TimeoutError,
} from '../msnp/errors';
import { HANDLER_FAILED } from '../msnp/connection';
import type { SessionStatus } from '../msnp/nsEvents';
import {
  NoCommonVersionError,
  SignInClosedError,
  SIGN_IN_PHASE_WORDS,
  SUPPORTED_PROTOCOLS,
  versionRange,
} from '../msnp/nsLogin';

export const PROGRESS = {
  connecting: 'Connecting to the server…',
  checkingPassword: 'Checking your password…',
  gettingList: 'Getting your contact list…',
  startingSandbox: 'Starting the built-in sandbox…',
  signingOut: 'Signing out…',
} as const;

/** The progress line for an engine status during sign-in, or null when it does not change the line. */
export function progressFor(status: SessionStatus): string | null {
  switch (status) {
    case 'connecting':
      return PROGRESS.connecting;
    case 'authenticating':
      return PROGRESS.checkingPassword;
    default:
      return null;
  }
}

export interface SignInFailure {
  message: string;
  /** 924: the account exists but must be verified first. */
  needsVerification: boolean;
}

const BUSY_CODES = new Set([
  600, 601, 602, 603, 604, 707, 711, 712, 714, 910, 912, 914, 915, 916, 918, 919, 920, 921, 922,
]);

/** One sentence for a failed sign-in. `where` names the server mid-sentence ("the built-in sandbox", "the server at example.com:1863"). */
export function describeSignInError(err: unknown, where: string): SignInFailure {
  const plain = (message: string): SignInFailure => ({ message, needsVerification: false });
  if (err instanceof MsnpError) {
    switch (err.code) {
      case 911:
      case 928:
        return plain(
          'The server did not accept your e-mail address or password. Check them and sign in again.',
        );
      case 924:
        return {
          message:
            'This account has not been verified yet. Follow the link in the verification e-mail, then sign in again.',
          needsVerification: true,
        };
      case 205:
      case 208:
      case 917:
        return plain('The server does not know that e-mail address. Check it and sign in again.');
      case 923:
        return plain('This child account needs a parent’s consent before it can use Messenger.');
      default:
        if (BUSY_CODES.has(err.code))
          return plain(
            `Signing in is not possible now because ${where} is too busy or unavailable. Try again in a few minutes.`,
          );
        return plain(`The server refused the sign-in (error ${err.code}). Try again later.`);
    }
  }
  if (err instanceof SignInClosedError && (err.reason === 'closed' || err.reason === 'reset')) {
    const Where = `${where.charAt(0).toUpperCase()}${where.slice(1)}`;
    const what =
      err.reason === 'closed' ? `${Where} closed the connection` : `The connection to ${where} was lost`;
    return plain(
      `${what} while ${SIGN_IN_PHASE_WORDS[err.phase]}. Try again later, or check that it is an MSN server.`,
    );
  }
  if (err instanceof NoCommonVersionError) {
    const all = versionRange(SUPPORTED_PROTOCOLS);
    const said = `The server does not speak ${versionRange(err.offered)} (it answered no version we offered).`;
    // Butterfly speaks more than was offered: the choice in the options may be what stands in the way.
    return plain(
      versionRange(err.offered) === all
        ? said
        : `${said} Choose other versions in the options, or use another server.`,
    );
  }
  if (err instanceof ProxyError) return plain(describeProxyError(err));
  if (err instanceof ConnectionError) {
    switch (err.reason) {
      case 'refused':
        return plain(`Butterfly could not reach ${where}. Check the address and that the server is running.`);
      case 'dns':
        return plain(
          `Butterfly could not find ${where}; the name is unknown. Check the address and your internet connection.`,
        );
      case 'timeout':
        return plain(
          `There was no answer from ${where} in time. Check the address and your internet connection, then try again.`,
        );
      case 'closed':
      case 'reset':
        return plain(
          `The connection to ${where} was closed during sign-in. Try again later, or check that it is an MSN server.`,
        );
      default:
        // A failure after the connection was up is a broken sign-in, not a failure to connect.
        if (!/^could not connect/.test(err.message))
          return plain(
            `The connection to ${where} was closed during sign-in. Try again later, or check that it is an MSN server.`,
          );
        return plain(
          `Butterfly could not connect to ${where}. Check the address and your internet connection.`,
        );
    }
  }
  if (err instanceof PlainPasswordRefusedError) {
    return plain(
      `${where.charAt(0).toUpperCase()}${where.slice(1)} asked for your password in plain text, which Butterfly does not send over the network.`,
    );
  }
  if (err instanceof TimeoutError) {
    return plain(`There was no answer from ${where} during sign-in. Try again later.`);
  }
  if (err instanceof StrictModeError) return plain(`Strict mode stopped the sign-in: ${sentenceOf(err.deviation)}`);
  if (err instanceof ProtocolError) {
    if (/closed the connection/.test(err.message)) {
      return plain(
        `The connection to ${where} was closed during sign-in. Try again later, or check that it is an MSN server.`,
      );
    }
    return plain(`The answer from ${where} could not be understood, so the sign-in stopped.`);
  }
  if (err instanceof SignedOutError) return plain(describeSignOut(err.reason));
  return plain('The sign-in failed for an unexpected reason. Try again.');
}

/** The proxy's failure as a sentence, with where to change what it needs. */
export function describeProxyError(err: ProxyError): string {
  switch (err.problem) {
    case 'unreachable':
      return `Butterfly could not reach the proxy server at ${err.proxy}. Check its address in Options ▸ Connection.`;
    case 'credentialsNeeded':
      return `${sentence(err.message)} Enter them in Options ▸ Connection.`;
    case 'credentialsRefused':
      return `${sentence(err.message)} Check them in Options ▸ Connection.`;
    case 'notAProxy':
      return `${sentence(err.message)} Check its address and type in Options ▸ Connection.`;
    default:
      return sentence(err.message);
  }
}

/** Why the server ended the session with OUT. */
export function describeSignOut(reason: string): string {
  switch (reason) {
    case 'OTH':
      return 'You signed in somewhere else, so you were signed out here.';
    case 'SSD':
      return 'The server is shutting down, so you were signed out. Try again later.';
    case 'RCT':
      return 'The server asked you to reconnect later, so you were signed out.';
    default:
      return 'The server signed you out. Sign in again to continue.';
  }
}

/** A deviation's words as the end of a sentence. */
function sentenceOf(deviation: string): string {
  return `${deviation}${/[.!?]$/.test(deviation) ? '' : '.'}`;
}

/** One sentence for a session that ended without you signing out. */
export function describeSessionEnd(error: Error | undefined, signedOutReason: string | undefined): string {
  if (signedOutReason !== undefined) return describeSignOut(signedOutReason);
  if (error instanceof SignedOutError) return describeSignOut(error.reason);
  if (error instanceof ConnectionError && error.reason === 'timeout') {
    return 'The server stopped answering, so you were signed out. Sign in again when it is back.';
  }
  if (error instanceof StrictModeError) return `Strict mode ended the session: ${sentenceOf(error.deviation)}`;
  if (error instanceof ProtocolError && error.message === HANDLER_FAILED)
    return 'The server sent something Butterfly could not handle, so the connection was closed. Sign in again to continue.';
  if (error instanceof ProtocolError)
    return 'The server sent something Butterfly could not understand, so you were signed out.';
  return 'The connection to the server was lost. Sign in again when you are back online.';
}

/**
 * While Butterfly reconnects by itself: why the connection dropped, as one sentence without advice (the
 * window shows the next try and Cancel beside it).
 */
export function describeDrop(error: Error | undefined, signedOutReason: string | undefined): string {
  if (signedOutReason === 'RCT' || (error instanceof SignedOutError && error.reason === 'RCT'))
    return 'The server asked Butterfly to reconnect.';
  if (error instanceof ConnectionError && error.reason === 'timeout') return 'The server stopped answering.';
  if (error instanceof ProtocolError) return 'The server sent something Butterfly could not understand.';
  return 'The connection to the server was lost.';
}

/**
 * The line each open conversation gets when the connection dropped and Butterfly reconnects: the
 * conversation itself does not come back, so the person knows to start a new one.
 */
export function reconnectConversationEnd(drop: string): string {
  return `${drop} This conversation has ended; Butterfly is reconnecting, and once you are back online you can start a new one from your contact list.`;
}
