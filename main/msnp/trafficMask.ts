// What of a traffic line may be shown or kept: the secrets a client writes (a CTP password, and for the
// inspector the MD5 answer too) and the Passport ticket a server sends are masked. Shared by the CLI's
// --verbose output and the protocol inspector, so both hide the same things.
import { MASK, maskSecrets as maskWireSecrets } from '../../app/wireText';

const CTP_PASSWORD = /^(USR \d+ CTP S )\S+/;
const MD5_ANSWER = /^(USR \d+ MD5 S )\S+/;

export interface TrafficMaskOptions {
  /**
   * Mask the MD5 answer too. It is a one-time hash of the server's challenge, not the password, so --verbose
   * shows it; the inspector keeps lines for export and masks it, since a weak password can be guessed from it.
   */
  hash?: boolean;
}

/** A traffic line as it may be shown: `out` lines lose their password, `in` lines their ticket. */
export function maskTraffic(direction: 'in' | 'out', line: string, options: TrafficMaskOptions = {}): string {
  if (direction !== 'out') return maskWireSecrets(line);
  const masked = line.replace(CTP_PASSWORD, `$1${MASK}`);
  return options.hash ? masked.replace(MD5_ANSWER, `$1${MASK}`) : masked;
}

/** A payload as it may be shown: the sign-in profile carries the Passport ticket. */
export function maskPayload(payload: string): string {
  return maskWireSecrets(payload);
}
