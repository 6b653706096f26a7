// What the sandbox accepts in a client's fields and how it writes its own: handles, friendly names, phones.
import { decodeName, encodeName, MAX_ENCODED_NAME } from '../msnp/names';

/** User handles are capped at 129 characters on the real service. */
export const MAX_HANDLE = 129;
/** A phone property value longer than this (encoded) gets the client disconnected. */
export const MAX_PHONE_FIELD = 95;

const HANDLE_RE = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/;

/** Whether a handle is an e-mail address the service would accept (`a@b` is not: it has no domain suffix). */
export function isValidHandle(handle: string): boolean {
  return handle.length <= MAX_HANDLE && HANDLE_RE.test(handle);
}

export function handleKey(handle: string): string {
  return handle.toLowerCase();
}

export type NameCheck = { ok: true; name: string } | { ok: false };

/**
 * Reads a friendly-name field the client sent. Strict, as the server may refuse a name for any reason:
 * a malformed escape, bytes that are not UTF-8, control characters, an empty name or one over the
 * classic length limit are all refused.
 */
export function readNameField(field: string): NameCheck {
  if (field.length > MAX_ENCODED_NAME) return { ok: false };
  const decoded = decodeName(field);
  if (decoded.warning === 'malformed-escape' || decoded.warning === 'invalid-utf8') return { ok: false };
  const name = decoded.value;
  // eslint-disable-next-line no-control-regex
  if (name.trim() === '' || /[\x00-\x1f\x7f]/.test(name)) return { ok: false };
  return { ok: true, name };
}

// A SYN writes each contact's name up to three times (FL, AL, RL) and phone numbers repeat, so the
// encoded forms are remembered. When the cache is full the oldest entries go, a few at a time: dropping it
// whole (as it once was, every 50,000) threw away a big sync's names between its FL and its AL.
const encoded = new Map<string, string>();
const MAX_CACHED = 250_000;

function encodeCached(text: string): string {
  let out = encoded.get(text);
  if (out === undefined) {
    if (encoded.size >= MAX_CACHED) {
      const keys = encoded.keys();
      for (let i = 0; i < 1024; i++) encoded.delete(keys.next().value!);
    }
    out = encodeName(text);
    encoded.set(text, out);
  }
  return out;
}

/** Writes a friendly name: URL-encoded, or (for the unencodedNames quirk) raw with only whitespace escaped. */
export function writeName(name: string, raw: boolean): string {
  if (!raw) return encodeCached(name);
  // A field cannot hold whitespace, so even a server that does not encode has to escape it.
  return name.replace(/[\s\0]/gu, (ch) => encodeURIComponent(ch));
}

export type PhoneCheck = { ok: true; value: string | undefined } | { ok: false; disconnect: boolean };

/** Reads a phone property value: absent clears it; MOB takes Y or N; an oversized value is a disconnect. */
export function readPhoneField(key: string, field: string | undefined): PhoneCheck {
  if (field === undefined) return { ok: true, value: undefined };
  if (field.length > MAX_PHONE_FIELD) return { ok: false, disconnect: true };
  const decoded = decodeName(field);
  if (decoded.warning === 'malformed-escape' || decoded.warning === 'invalid-utf8') return { ok: false, disconnect: false };
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(decoded.value)) return { ok: false, disconnect: false };
  if (key === 'MOB' && decoded.value !== 'Y' && decoded.value !== 'N') return { ok: false, disconnect: false };
  return { ok: true, value: decoded.value === '' ? undefined : decoded.value };
}

export function writePhone(value: string): string {
  return encodeCached(value);
}
