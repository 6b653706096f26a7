// The text/x-msmsgsinvite body: invitations (file transfer, voice, other applications) negotiated in a conversation.
// Pure string code shared with the renderer: no Node modules and no Buffer here.
import { parseHeaderBlock, parseMime, serializeMime } from './mime';
import { wireText } from './wireText';

export const FILE_TRANSFER_GUID = '{5D3E02AB-6190-11d3-BBBB-00C04F795683}';
export const VOICE_GUID = '{02D3C01F-BF30-4825-A83A-DE7AF41648AA}';
export const INVITE_CONTENT_TYPE = 'text/x-msmsgsinvite; charset=UTF-8';

export type InvitationCommand = 'INVITE' | 'ACCEPT' | 'CANCEL';

export interface Invitation {
  command: InvitationCommand;
  cookie: string;
  /**
   * Every field of the body, keyed by lower-cased name (the first of a repeated name wins). An object
   * without a prototype, so a field the peer did not send is undefined whatever its name, and a field
   * named `constructor` or `__proto__` is only ever a field.
   */
  fields: Record<string, string>;
}

export type CancelCode =
  'REJECT' | 'REJECT_NOT_INSTALLED' | 'TIMEOUT' | 'FTTIMEOUT' | 'OUTBANDCANCEL' | 'FAIL';

/** What a Cancel-Code means when the other person sends it, in words fit for them. */
export const CANCEL_CODES: Readonly<Record<CancelCode, string>> = {
  REJECT: 'The other person declined the invitation.',
  REJECT_NOT_INSTALLED: "The other person's program does not support this kind of invitation.",
  TIMEOUT: 'The invitation was withdrawn or expired before it was accepted.',
  FTTIMEOUT:
    'The file could not be transferred because the direct connection failed; a firewall or router may be blocking it.',
  OUTBANDCANCEL: 'The invitation was cancelled because the conversation window was closed.',
  FAIL: "The invitation failed on the other person's side; try again later.",
};

export function isCancelCode(value: string): value is CancelCode {
  return Object.prototype.hasOwnProperty.call(CANCEL_CODES, value);
}

export function describeCancelCode(code: string): string {
  if (isCancelCode(code)) return CANCEL_CODES[code];
  return code === ''
    ? 'The other person cancelled the invitation.'
    : `The other person cancelled the invitation (code ${wireText(code, 40)}).`;
}

// A cookie is a token the inviter chose; anything longer or with spaces is not one any client wrote.
const COOKIE = /^[\x21-\x7e]{1,64}$/;
const COMMANDS: readonly InvitationCommand[] = ['INVITE', 'ACCEPT', 'CANCEL'];

/** Reads an invitation body (the part after the MIME headers). Never throws. */
export function parseInvitation(body: string): Invitation | { error: string } {
  const block = parseHeaderBlock(body);
  const fields = Object.create(null) as Record<string, string>;
  for (const [key, value] of block.headers) fields[key] = value;
  const rawCommand = fields['invitation-command'];
  if (rawCommand === undefined) return { error: 'the invitation has no Invitation-Command field' };
  const command = rawCommand.toUpperCase() as InvitationCommand;
  if (!COMMANDS.includes(command))
    return {
      error: `the invitation command "${wireText(rawCommand, 40)}" is not INVITE, ACCEPT or CANCEL`,
    };
  const cookie = fields['invitation-cookie'];
  if (cookie === undefined) return { error: 'the invitation has no Invitation-Cookie field' };
  if (!COOKIE.test(cookie)) return { error: 'the invitation cookie is empty, too long or holds spaces' };
  return { command, cookie, fields };
}

/** The invitation body of a whole MSG payload, or the text itself when the MIME headers were already taken off. */
export function invitationBody(payload: string): string {
  const mime = parseMime(payload);
  return mime.headers.has('content-type') ? mime.body : payload;
}

/** Reads an invitation from a whole MSG payload, or from just its body when the MIME headers were already taken off. */
export function parseInvitationPayload(payload: string): Invitation | { error: string } {
  return parseInvitation(invitationBody(payload));
}

// The classic client named the application before the command; the order is kept so captures compare byte for byte.
const LEADING_FIELDS = new Set(['application-name', 'application-guid']);

/**
 * Writes a whole invitation MSG payload: the MIME headers, a blank line, then the fields
 * (Application-Name and Application-GUID first, then the command and cookie, then the rest),
 * ending with a blank line as the classic client did.
 */
export function serializeInvitation(
  command: InvitationCommand,
  cookie: string,
  fields: readonly (readonly [string, string])[],
): string {
  if (!COOKIE.test(cookie)) throw new TypeError(`${JSON.stringify(cookie)} cannot be an invitation cookie`);
  const leading = fields.filter(([name]) => LEADING_FIELDS.has(name.toLowerCase()));
  const rest = fields.filter(([name]) => !LEADING_FIELDS.has(name.toLowerCase()));
  const body = serializeMime(
    [...leading, ['Invitation-Command', command], ['Invitation-Cookie', cookie], ...rest],
    '',
  );
  const head = serializeMime(
    [
      ['MIME-Version', '1.0'],
      ['Content-Type', INVITE_CONTENT_TYPE],
    ],
    '',
  );
  return head + body;
}

/** Reads a non-negative whole number of bytes as sent in Application-FileSize; null when it is not one. */
export function parseFileSize(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,16}$/.test(value.trim())) return null;
  const n = Number(value.trim());
  return Number.isSafeInteger(n) ? n : null;
}

/** The name to announce for a file of ours: no folder, nothing a header line cannot hold. Peers sanitize it again. */
export function announcedFileName(name: string): string {
  const last = name.split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const clean = last.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return clean === '' ? 'file' : clean;
}
