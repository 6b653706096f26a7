// The PAG payload: an optional call-back number and the text, in the XML-like form MSNP5 pages use. Its text
// escapes exactly `&`, `;`, `<`, `>` and `^` as hexadecimal character references, one character at a time
// (so `&` becomes `&#x26;` and the `;` that reference ends with is not escaped again).
import type { PhoneKey } from '../../app/types';
import { InvalidInputError } from './errors';

export interface PageCallback {
  key: Exclude<PhoneKey, 'MOB'>;
  /** The number as the person wrote it; only its digits are sent. */
  number: string;
}

const LOCATIONS: Readonly<Record<PageCallback['key'], string>> = { PHH: 'HOME', PHW: 'WORK', PHM: 'MOBILE' };

const ESCAPED: ReadonlyMap<string, string> = new Map([
  ['&', '&#x26;'],
  [';', '&#x3B;'],
  ['<', '&#x3C;'],
  ['>', '&#x3E;'],
  ['^', '&#x5E;'],
]);

/** A page's text as PAG carries it. Line breaks become spaces: a page is one line on the device. */
export function encodePageText(text: string): string {
  let out = '';
  for (const ch of text.replace(/\r\n|[\r\n]/g, ' ')) out += ESCAPED.get(ch) ?? ch;
  return out;
}

/** The number's digits, as `<NUM>` takes them ("1 (555) 111-4444" → "15551114444"). */
export function pageDigits(number: string): string {
  return number.replace(/\D/g, '');
}

/** The whole PAG payload. */
export function encodePage(text: string, callback?: PageCallback): string {
  const body = `<TEXT xml:space="preserve">${encodePageText(text)}</TEXT>`;
  if (!callback) return body;
  const digits = pageDigits(callback.number);
  if (digits === '') throw new InvalidInputError('That call-back number has no digits.');
  return `<PHONE pri="1"><LOC>${LOCATIONS[callback.key]}</LOC><NUM>${digits}</NUM></PHONE>${body}`;
}
