// Text chosen by someone else (a friendly name above all) as it may be shown: without the invisible
// characters that reorder or hide what is around them. Pure string code, shared by main and the renderer.

/**
 * Bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), the directional marks
 * (U+200E, U+200F, U+061C), and other characters that show nothing yet change what a reader sees: soft
 * hyphen, zero-width space, word joiner and invisible operators, the deprecated format controls, the byte
 * order mark, the interlinear annotation marks. "Bob\u202Eevil" would show as "Boblive". Zero-width joiner
 * and non-joiner stay: emoji sequences and several scripts need them.
 */
const FORMAT_CLASS =
  '\\u00ad\\u061c\\u180e\\u200b\\u200e\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u206f\\ufeff\\ufff9-\\ufffb';
/** C0 and C1 controls, DEL, and the line and paragraph separators. */
const CONTROL_CLASS = '\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029';

/** One invisible format character (see FORMAT_CLASS). */
export const INVISIBLE_FORMAT = new RegExp(`[${FORMAT_CLASS}]`);
/** One character that must not reach a reader as it is: a control or an invisible format character. */
export const UNSHOWABLE = new RegExp(`[${CONTROL_CLASS}${FORMAT_CLASS}]`);

const UNSHOWABLE_ALL = new RegExp(UNSHOWABLE.source, 'g');
// Line breaks and tabs read as a space in a one-line name.
const BREAKS = /[\t\n\v\f\r\u2028\u2029]/g;

/**
 * A name (or any short text from the wire) fit to be shown: invisible format characters and control
 * characters are removed, and tabs and line breaks become spaces. Everything visible is kept as it is.
 */
export function displayText(text: string): string {
  // Most names hold none of these: no copies then.
  if (!UNSHOWABLE.test(text)) return text;
  return text.replace(BREAKS, ' ').replace(UNSHOWABLE_ALL, '');
}
