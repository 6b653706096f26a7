// What of a traffic line may be shown or kept: the secrets a client writes (a CTP password, and for the
// inspector the MD5 answer too), the Passport ticket a server sends, and the switchboard cookies either side
// names (whoever holds one can join the conversation) are masked. Shared by the CLI's --verbose output and
// the protocol inspector, so both hide the same things.
import { MASK, maskSecrets as maskWireSecrets } from '../../app/wireText';

const CTP_PASSWORD = /^(USR \d+ CTP S )\S+/;
const MD5_ANSWER = /^(USR \d+ MD5 S )\S+/;
// The switchboard sign-in `USR tr email cookie` (the notification server's USR always has more arguments)
// and the answer to a ring, `ANS tr email cookie sessionid`.
const SB_USR_COOKIE = /^(USR \d+ \S+ )\S+$/;
const ANS_COOKIE = /^(ANS \d+ \S+ )\S+/;
// The cookie a server hands out: `XFR tr SB host:port CKI cookie` and `RNG sessionid host:port CKI cookie ...`.
const CKI_COOKIE = /^((?:XFR \d+ SB|RNG \S+) \S+ CKI )\S+/;

export interface TrafficMaskOptions {
  /**
   * Mask the MD5 answer too. It is a one-time hash of the server's challenge, not the password, so --verbose
   * shows it; the inspector keeps lines for export and masks it, since a weak password can be guessed from it.
   */
  hash?: boolean;
}

/**
 * A traffic line as it may be shown: `out` lines lose their password and switchboard cookie, `in` lines
 * their ticket and the switchboard cookie they hand out.
 */
export function maskTraffic(direction: 'in' | 'out', line: string, options: TrafficMaskOptions = {}): string {
  if (direction !== 'out') return maskWireSecrets(line).replace(CKI_COOKIE, `$1${MASK}`);
  const masked = line
    .replace(CTP_PASSWORD, `$1${MASK}`)
    .replace(SB_USR_COOKIE, `$1${MASK}`)
    .replace(ANS_COOKIE, `$1${MASK}`);
  return options.hash ? masked.replace(MD5_ANSWER, `$1${MASK}`) : masked;
}

/** A payload as it may be shown: the sign-in profile carries the Passport ticket. */
export function maskPayload(payload: string): string {
  return maskWireSecrets(payload);
}

// MSNFTP's `USR email cookie` has no TrID; the AuthCookie lets whoever holds it take the file. The sender
// reads it as an `in` line, so it is masked either way.
const MSNFTP_USR_COOKIE = /^(USR \S+ )\S+/;

/** A line of a file transfer's MSNFTP control channel as it may be shown. */
export function maskFtpTraffic(line: string): string {
  return maskWireSecrets(line).replace(MSNFTP_USR_COOKIE, `$1${MASK}`);
}
