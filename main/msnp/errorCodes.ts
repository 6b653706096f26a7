// Numeric replies that MSNP2-MSNP5 era servers send, in our own words.
// Each entry: the DRAFT/HRESULT-style constant a server developer recognises, and a sentence for people.

export interface ErrorCodeInfo {
  name: string;
  message: string;
}

const ERROR_TABLE: Readonly<Record<number, ErrorCodeInfo>> = {
  200: { name: 'ERR_SYNTAX_ERROR', message: 'The server did not understand a command' },
  201: { name: 'ERR_INVALID_PARAMETER', message: 'A command had an invalid parameter' },
  205: { name: 'ERR_INVALID_USER', message: 'That account does not exist' },
  206: { name: 'ERR_FQDN_MISSING', message: 'The address is missing its domain name' },
  207: { name: 'ERR_ALREADY_LOGIN', message: 'You are already signed in' },
  208: { name: 'ERR_INVALID_USERNAME', message: 'That e-mail address is not valid' },
  209: { name: 'ERR_INVALID_FRIENDLY_NAME', message: 'The server does not allow that name' },
  210: { name: 'ERR_LIST_FULL', message: 'The list is full' },
  215: { name: 'ERR_ALREADY_THERE', message: 'That person is already on the list' },
  216: { name: 'ERR_NOT_ON_LIST', message: 'That person is not on the list' },
  217: { name: 'ERR_NOT_ONLINE', message: 'That person is not online or is not accepting messages' },
  218: { name: 'ERR_ALREADY_IN_THE_MODE', message: 'That setting is already in effect' },
  219: { name: 'ERR_ALREADY_IN_OPPOSITE_LIST', message: 'That person cannot be on both the allow and block lists' },
  220: { name: 'ERR_NOT_ACCEPTING_PAGES', message: 'That person is not accepting pages' },
  280: { name: 'ERR_SWITCHBOARD_FAILED', message: 'The server could not start a conversation' },
  281: { name: 'ERR_NOTIFY_XFR_FAILED', message: 'The server could not transfer the session' },
  282: { name: 'ERR_BAD_MESSAGE_FORMAT', message: 'The message was not formatted correctly' },
  300: { name: 'ERR_REQUIRED_FIELDS_MISSING', message: 'A command was missing a required field' },
  // Not in the error tables; FND answers it when the results would not fit in one reply.
  301: { name: 'ERR_TOO_MANY_FOUND', message: 'Your search returned too many results; please narrow it' },
  302: { name: 'ERR_NOT_LOGGED_IN', message: 'You need to be signed in to do that' },
  500: { name: 'ERR_INTERNAL_SERVER', message: 'The server had an internal error' },
  501: { name: 'ERR_DB_SERVER', message: 'The server had a database error' },
  502: { name: 'ERR_COMMAND_DISABLED', message: 'The server has turned that feature off' },
  510: { name: 'ERR_FILE_OPERATION', message: 'The server had a file error' },
  520: { name: 'ERR_MEMORY_ALLOC', message: 'The server ran out of memory' },
  540: { name: 'ERR_CHALLENGE_FAILED', message: 'The server rejected the challenge response' },
  600: { name: 'ERR_SERVER_BUSY', message: 'The server is too busy' },
  601: { name: 'ERR_SERVER_UNAVAILABLE', message: 'The server is unavailable' },
  602: { name: 'ERR_PEER_NS_DOWN', message: 'A peer notification server is down' },
  603: { name: 'ERR_DB_CONNECT', message: 'The server could not reach its database' },
  604: { name: 'ERR_SERVER_GOING_DOWN', message: 'The server is shutting down' },
  606: { name: 'ERR_PAGING_UNAVAILABLE', message: 'Paging is not available' },
  707: { name: 'ERR_CREATE_CONNECTION', message: 'The server could not create a connection' },
  710: { name: 'ERR_PAGING_UNAVAILABLE', message: 'Paging is not available' },
  711: { name: 'ERR_BLOCKING_WRITE', message: 'The server is busy writing and could not answer' },
  712: { name: 'ERR_SESSION_OVERLOAD', message: 'The server has too many sessions' },
  713: { name: 'ERR_USER_TOO_ACTIVE', message: 'You are doing that too often; wait a moment' },
  714: { name: 'ERR_TOO_MANY_SESSIONS', message: 'You have too many open sessions' },
  715: { name: 'ERR_NOT_EXPECTED', message: 'The server did not expect that command now' },
  717: { name: 'ERR_BAD_FRIEND_FILE', message: 'Your contact list on the server is damaged' },
  800: { name: 'ERR_RATE_LIMIT', message: 'You are changing things too quickly; wait a moment' },
  910: { name: 'ERR_SERVER_TOO_BUSY', message: 'The server is too busy to sign you in' },
  911: { name: 'ERR_AUTHENTICATION_FAILED', message: 'authentication failed' },
  912: { name: 'ERR_SERVER_TOO_BUSY', message: 'The server is too busy to sign you in' },
  913: { name: 'ERR_NOT_ALLOWED_WHEN_OFFLINE', message: 'You cannot do that while appearing offline' },
  914: { name: 'ERR_SERVER_UNAVAILABLE', message: 'The server is unavailable' },
  915: { name: 'ERR_SERVER_UNAVAILABLE', message: 'The server is unavailable' },
  916: { name: 'ERR_SERVER_UNAVAILABLE', message: 'The server is unavailable' },
  917: { name: 'ERR_INVALID_DOMAIN', message: 'The domain of that account is not valid' },
  918: { name: 'ERR_SERVER_TOO_BUSY', message: 'The server is too busy to sign you in' },
  919: { name: 'ERR_SERVER_TOO_BUSY', message: 'The server is too busy to sign you in' },
  920: { name: 'ERR_NOT_ACCEPTING_NEW_USERS', message: 'The server is not accepting new sign-ins' },
  921: { name: 'ERR_SERVER_TOO_BUSY', message: 'The server is too busy to sign you in' },
  922: { name: 'ERR_SERVER_TOO_BUSY', message: 'The server is too busy to sign you in' },
  923: { name: 'ERR_CHILD_WITHOUT_CONSENT', message: 'This child account does not have consent to use Messenger' },
  924: { name: 'ERR_EMAIL_NOT_VERIFIED', message: 'The account must be verified before it can sign in' },
  928: { name: 'ERR_INVALID_PASSWORD', message: 'The password is not valid' },
};

/** By number, in a Map: the code comes from the wire, and a lookup must find only what is listed here. */
export const ERROR_CODES: ReadonlyMap<number, ErrorCodeInfo> = new Map(
  Object.entries(ERROR_TABLE).map(([code, info]) => [Number(code), info]),
);

/** Errors that mean "the server refused who you are", as opposed to a network or server fault. */
export const AUTH_ERROR_CODES: ReadonlySet<number> = new Set([205, 208, 911, 917, 923, 924, 928]);

export function describeErrorCode(code: number): ErrorCodeInfo {
  return ERROR_CODES.get(code) ?? { name: 'ERR_UNKNOWN', message: `an error the client does not know (${code})` };
}
