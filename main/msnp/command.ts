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
/** Commands a client sends without a transaction id. (QRY, MSNP6+, has one, and a payload like MSG.) */
const CLIENT_NO_TRID = new Set(['OUT', 'PNG']);

/** Whether a command the client sends carries a TrID (all but OUT and PNG). */
export function clientTakesTrId(name: string): boolean {
  return !CLIENT_NO_TRID.has(name);
}

/** The commands a client sends with a payload (its byte length is their last field). */
export function clientCarriesPayload(name: string): boolean {
  return name === 'MSG' || name === 'PAG' || name === 'SDC' || name === 'QRY';
}

const ERROR_RE = /^\d{3}$/;

export function isErrorReply(cmd: Command): boolean {
  return ERROR_RE.test(cmd.name);
}

/**
 * A parsed line. The name and TrID are read at once; the remaining fields are split on first use,
 * because framing only needs the name (and, for payload commands, the last field).
 */
class ParsedCommand implements Command {
  payload?: Buffer;
  private fields: string[] | undefined;
  constructor(
    readonly name: string,
    readonly trId: number | null,
    readonly raw: string,
    private readonly argsAt: number,
  ) {}
  get args(): string[] {
    return (this.fields ??= splitFields(this.raw, this.argsAt));
  }
  set args(value: string[]) {
    this.fields = value;
  }
}

/** Splits on single spaces, dropping empty fields (real servers sometimes double the spaces). */
function splitFields(line: string, from: number): string[] {
  const out: string[] = [];
  let start = from;
  for (;;) {
    const space = line.indexOf(' ', start);
    const end = space === -1 ? line.length : space;
    if (end > start) out.push(line.slice(start, end));
    if (space === -1) return out;
    start = space + 1;
  }
}

/** Parses a line (without its CRLF). Never throws: an empty or odd line yields an empty name. */
export function parseCommand(line: string, from: Direction = 'server'): Command {
  let start = 0;
  while (line.charCodeAt(start) === 32) start++;
  let space = line.indexOf(' ', start);
  const name = space === -1 ? line.slice(start) : line.slice(start, space);
  if (space === -1) return new ParsedCommand(name, null, line, line.length);
  start = space + 1;
  while (line.charCodeAt(start) === 32) start++;
  const noTrId = from === 'server' ? SERVER_NO_TRID : CLIENT_NO_TRID;
  if (noTrId.has(name)) return new ParsedCommand(name, null, line, start);
  space = line.indexOf(' ', start);
  const end = space === -1 ? line.length : space;
  if (!isTrId(line, start, end)) return new ParsedCommand(name, null, line, start);
  return new ParsedCommand(name, Number(line.slice(start, end)), line, end);
}

function isTrId(line: string, start: number, end: number): boolean {
  if (end <= start || end - start > 10) return false;
  for (let i = start; i < end; i++) {
    const c = line.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Whether a command sent by `from` carries a payload, and how long it is in bytes. NaN if the length is garbage. */
export function payloadLengthOf(cmd: Command, from: Direction): number | null {
  const { name } = cmd;
  const carries = from === 'server' ? name === 'MSG' || name === 'NOT' || name === 'IPG' : clientCarriesPayload(name);
  if (!carries) return null;
  const args = cmd.args;
  const lengthField = args[args.length - 1];
  if (lengthField === undefined || !/^\d{1,10}$/.test(lengthField)) return Number.NaN;
  return Number(lengthField);
}

const FORBIDDEN_IN_TOKEN = /[\s\0]/;

/** Serializes a command for the wire. Strict: a field holding whitespace is a programming error. */
export function serializeCommand(name: string, trId: number | null, args: readonly string[] = []): string {
  // A NaN, negative or fractional TrID would go out as text the server cannot match a reply to.
  if (trId !== null && !(Number.isInteger(trId) && trId >= 0 && trId <= 0xffffffff)) {
    throw new TypeError(`${String(trId)} is not a transaction id`);
  }
  // Built by concatenation: this runs for every command sent, so no intermediate arrays.
  let line = trId === null ? name : `${name} ${trId}`;
  for (const arg of args) {
    if (arg === '' || FORBIDDEN_IN_TOKEN.test(arg)) {
      throw new TypeError(`field ${JSON.stringify(arg)} of ${name} cannot be sent on the wire`);
    }
    line += ' ' + arg;
  }
  if (!COMMAND_NAME.test(name)) throw new TypeError(`${JSON.stringify(name)} is not a command name`);
  return line + '\r\n';
}

const COMMAND_NAME = /^[A-Z0-9]{3}$/;

/** The bytes of a command: the line, and for payload commands the payload with its byte length appended. */
export function encodeCommand(name: string, trId: number | null, args: readonly string[], payload?: Buffer | string): Buffer {
  if (payload === undefined) return Buffer.from(serializeCommand(name, trId, args), 'utf8');
  // One conversion into one (pooled, for small commands) buffer: the line and its payload go out in a single write.
  if (typeof payload === 'string') {
    return Buffer.from(serializeCommand(name, trId, [...args, String(Buffer.byteLength(payload, 'utf8'))]) + payload, 'utf8');
  }
  const head = serializeCommand(name, trId, [...args, String(payload.length)]);
  const headBytes = Buffer.byteLength(head, 'utf8');
  const out = Buffer.allocUnsafe(headBytes + payload.length);
  out.write(head, 0, 'utf8');
  payload.copy(out, headBytes);
  return out;
}
