// Reading a BPR line (one phone property of a contact) in each shape servers send it. One reader serves the
// list sync, where it runs for every phone of every contact, and the changes that arrive once online, so the
// two cannot drift apart on what a line means.
import type { PhoneKey } from '../../app/types';
import { isPhoneKey } from './phones';

export interface BprFields {
  /** The list version, when the line carries one; left for the caller to check. */
  version: string | undefined;
  /** Undefined when the line names no one: later servers mean the forward-list contact sent just before. */
  email: string | undefined;
  /** Undefined when missing or not a phone property this client knows. */
  key: PhoneKey | undefined;
  /** Still URL-encoded. Undefined when the property is cleared, which servers send as no value or an empty one. */
  value: string | undefined;
}

/**
 * MSNP5 sends `BPR version email KEY [value]`; some servers drop the version, later ones the version and the
 * email. The email is told apart by its `@`, the version by being all digits. Plain indexed reads and one
 * small object: the sync runs this thousands of times.
 */
export function parseBpr(args: readonly string[]): BprFields {
  let version: string | undefined;
  let email: string | undefined;
  let keyAt: number;
  if (args.length >= 3 && args[1]!.includes('@')) {
    version = args[0];
    email = args[1];
    keyAt = 2;
  } else if (args.length >= 2 && args[0]!.includes('@')) {
    email = args[0];
    keyAt = 1;
  } else if (args.length > 0 && /^\d+$/.test(args[0]!)) {
    version = args[0];
    keyAt = 1;
  } else {
    keyAt = 0;
  }
  const key = args[keyAt];
  const value = args[keyAt + 1];
  return {
    version,
    email,
    key: key !== undefined && isPhoneKey(key) ? key : undefined,
    value: value === '' ? undefined : value,
  };
}
