// The font a person writes in, checked the same way whether it comes from a window (a message's style, the
// font dialog) or from settings.json: anything that is not exactly the shape is refused with one sentence.
import { FONT_SIZES, type FontSettings, type MessageStyle } from '../../app/conversation';

const COLOR = /^#[0-9a-fA-F]{6}$/;
// A face name as X-MMS-IM-Format carries it: printable, no ';' (which ends the field), at most 64 characters.
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const FACE = /^[^;\u0000-\u001f\u007f]{1,64}$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The style, or the sentence saying what is wrong with it. */
export function readStyle(v: unknown): MessageStyle | string {
  if (!isRecord(v)) return 'The message style is missing.';
  for (const k of Object.keys(v))
    if (!['font', 'bold', 'italic', 'underline', 'strikeout', 'color', 'size'].includes(k))
      return `The message style has an unexpected field "${k.slice(0, 40)}".`;
  const { font, bold, italic, underline, strikeout, color } = v;
  if (typeof font !== 'string' || !FACE.test(font.trim())) return 'That font name cannot be used.';
  if (![bold, italic, underline, strikeout].every((b) => typeof b === 'boolean'))
    return 'Bold, italic, underline and strikeout must each be true or false.';
  if (typeof color !== 'string' || !COLOR.test(color)) return 'The colour must look like #rrggbb.';
  return {
    font: font.trim(),
    bold: bold as boolean,
    italic: italic as boolean,
    underline: underline as boolean,
    strikeout: strikeout as boolean,
    color: color.toLowerCase(),
  };
}

/** The font (a style plus a size from FONT_SIZES), or the sentence saying what is wrong with it. */
export function readFont(v: unknown): FontSettings | string {
  const style = readStyle(v);
  if (typeof style === 'string') return style;
  const size = (v as Record<string, unknown>)['size'];
  if (typeof size !== 'number' || !FONT_SIZES.includes(size))
    return `The font size must be one of ${FONT_SIZES.join(', ')}.`;
  return { ...style, size };
}
