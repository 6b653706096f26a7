// Phone properties (PRP for yourself, BPR for contacts): checking what we send, decoding what we get.
import { PHONE_KEYS, type PhoneKey } from '../../app/types';
import { decodeName, encodeName, type DecodedName } from './names';

import { MAX_PHONE_BYTES } from '../../app/fieldEncoding';

export { MAX_PHONE_BYTES };

export function isPhoneKey(key: string): key is PhoneKey {
  return (PHONE_KEYS as readonly string[]).includes(key);
}

export type PhoneCheck = { ok: true; encoded: string } | { ok: false; error: string };

/**
 * Checks a value before it goes out in `PRP TrID key value` and gives the encoded field.
 * An empty phone number clears it (sent as PRP with no value); MOB must be Y or N.
 */
export function validatePhoneValue(key: PhoneKey, value: string): PhoneCheck {
  if (!isPhoneKey(key)) return { ok: false, error: `${String(key)} is not a phone setting.` };
  const trimmed = value.trim();
  if (key === 'MOB') {
    const flag = trimmed.toUpperCase();
    if (flag === 'Y' || flag === 'N') return { ok: true, encoded: flag };
    return { ok: false, error: 'The mobile setting must be Y (allow) or N (do not allow).' };
  }
  if (trimmed === '') return { ok: true, encoded: '' };
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(trimmed)) {
    return {
      ok: false,
      error: 'A phone number cannot contain control characters. Remove them and try again.',
    };
  }
  const encoded = encodeName(trimmed);
  // The encoded field is ASCII, so its length is its size in bytes.
  if (encoded.length > MAX_PHONE_BYTES) {
    return { ok: false, error: 'That phone number is too long for the server. Shorten it and try again.' };
  }
  return { ok: true, encoded };
}

export function encodePhoneValue(value: string): string {
  return encodeName(value);
}

export interface DecodedPhone {
  value: string;
  /** A problem a server developer would want to know about; the value is still usable. */
  warning?: DecodedName['warning'] | 'bad-mob-flag';
}

/**
 * Decodes the value of a PRP or BPR phone property. A missing value (`BPR 6 a@b.c PHW`) means
 * the number is not set. Never throws.
 */
export function decodePhoneValue(key: PhoneKey, field: string | undefined): DecodedPhone {
  if (field === undefined || field === '') return { value: '' };
  const decoded = decodeName(field);
  if (key === 'MOB' && decoded.value !== 'Y' && decoded.value !== 'N') {
    return { value: decoded.value, warning: decoded.warning ?? 'bad-mob-flag' };
  }
  return decoded.warning ? { value: decoded.value, warning: decoded.warning } : { value: decoded.value };
}
