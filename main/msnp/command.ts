// The command codec: one line of MSNP to { name, trId, args } and back. Pure functions, no I/O.

export interface Command {
  name: string;
  /** null for commands that carry no transaction id (NLN, FLN, BPR, RNG, NOT, QNG, server MSG, JOI, BYE, OUT...). */
  trId: number | null;
  args: string[];
  /** MSG, NOT and the client's PAG/SDC carry a byte payload. */
  payload?: Buffer;
  /** The line as received, without CRLF (for the inspector and warnings). */
  raw: string;
}

export type Direction = 'server' | 'client';

/** Commands a server sends without a transaction id. */
const SERVER_NO_TRID = new Set(['NLN', 'FLN', 'BPR', 'RNG', 'NOT', 'QNG', 'MSG', 'JOI', 'BYE', 'OUT', 'IPG']);
/** Commands a client sends without a transaction id. */
const CLIENT_NO_TRID = new Set(['OUT', 'PNG', 'QRY']);

const TRID_RE = /^\d{1,10}$/;
const ERROR_RE = /^\d{3}$/;

export function isErrorReply(cmd: Command): boolean {
  return ERROR_RE.test(cmd.name);
}

/**
 * Parses a line (without its CRLF). Never throws: an empty or odd line yields an empty name.
 * Runs of spaces are tolerated (real servers sometimes double them); empty fields are dropped.
 */
export function parseCommand(line: string, from: Direction = 'server'): Command {
  const tokens = line.split(' ');
  let fields = tokens;
  if (tokens.includes('')) fields = tokens.filter((t) => t !== '');
  const name = fields[0] ?? '';
  let trId: number | null = null;
  let argStart = 1;
  const noTrId = from === 'server' ? SERVER_NO_TRID : CLIENT_NO_TRID;
  const second = fields[1];
  if (!noTrId.has(name) && second !== undefined && TRID_RE.test(second)) {
    trId = Number(second);
    argStart = 2;
  }
  return { name, trId, args: fields.slice(argStart), raw: line };
}

/** Whether a command sent by `from` carries a payload, and how long it is in bytes. NaN if the length is garbage. */
export function payloadLengthOf(cmd: Command, from: Direction): number | null {
  const { name, args } = cmd;
  let lengthField: string | undefined;
  if (from === 'server') {
    if (name === 'MSG' || name === 'NOT' || name === 'IPG') lengthField = args[args.length - 1];
    else return null;
  } else {
    if (name === 'MSG' || name === 'PAG' || name === 'SDC') lengthField = args[args.length - 1];
    else return null;
  }
  if (lengthField === undefined || !/^\d{1,10}$/.test(lengthField)) return Number.NaN;
  return Number(lengthField);
}

const FORBIDDEN_IN_TOKEN = /[\s\0]/;

/** Serializes a command for the wire. Strict: a field holding whitespace is a programming error. */
export function serializeCommand(name: string, trId: number | null, args: readonly string[] = []): string {
  const parts = trId === null ? [name] : [name, String(trId)];
  for (const arg of args) {
    if (arg === '' || FORBIDDEN_IN_TOKEN.test(arg)) {
      throw new TypeError(`field ${JSON.stringify(arg)} of ${name} cannot be sent on the wire`);
    }
    parts.push(arg);
  }
  for (const part of parts.slice(0, 1)) {
    if (!/^[A-Z0-9]{3}$/.test(part)) throw new TypeError(`${JSON.stringify(part)} is not a command name`);
  }
  return parts.join(' ') + '\r\n';
}

/** The bytes of a command: the line, and for payload commands the payload with its byte length appended. */
export function encodeCommand(name: string, trId: number | null, args: readonly string[], payload?: Buffer | string): Buffer {
  if (payload === undefined) return Buffer.from(serializeCommand(name, trId, args), 'utf8');
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const head = Buffer.from(serializeCommand(name, trId, [...args, String(body.length)]), 'utf8');
  return Buffer.concat([head, body]);
}
