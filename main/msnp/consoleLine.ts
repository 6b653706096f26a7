// A command typed by hand, for the CLI console and the protocol inspector's console: the name and fields
// as typed (the TrID is filled in when it goes out), and the payload of MSG, PAG, SDC and QRY.
import { clientCarriesPayload } from './command';

export interface ConsoleLine {
  name: string;
  args: string[];
  payload?: string;
}

const PAYLOAD_MARK = ' <<< ';

/** The escapes a payload may use on one line. */
function unescape(text: string): string {
  return text.replace(/\\(r\\n|n|r|t|\\)/g, (_, e: string) =>
    e === 'r\\n' ? '\r\n' : e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : '\\',
  );
}

function head(text: string): { command: string; args: string[] } | { error: string } {
  const [name = '', ...args] = text.trim().split(/\s+/);
  const command = name.toUpperCase();
  if (!/^[A-Z0-9]{3}$/.test(command))
    return { error: `"${name.slice(0, 20)}" is not a command name (three letters, such as CHG)` };
  return { command, args };
}

/**
 * One line typed to the CLI console, or why it cannot be sent. A payload comes after " <<< " on the same
 * line, with \r\n, \n, \t and \\ escapes. Blank lines and # comments are null.
 */
export function parseConsoleLine(text: string): ConsoleLine | { error: string } | null {
  const line = text.trim();
  if (line === '' || line.startsWith('#')) return null;
  const mark = line.indexOf(PAYLOAD_MARK);
  const parsed = head(mark === -1 ? line : line.slice(0, mark));
  if ('error' in parsed) return parsed;
  const { command, args } = parsed;
  if (clientCarriesPayload(command)) {
    if (mark === -1)
      return { error: `${command} carries a payload: write it after " <<< " on the same line` };
    return { name: command, args, payload: unescape(line.slice(mark + PAYLOAD_MARK.length)) };
  }
  if (mark !== -1) return { error: `${command} carries no payload` };
  return { name: command, args };
}

/**
 * A command typed in the inspector's console, whose payload has a box of its own (sent as typed, line
 * breaks made CRLF as MSNP payloads have them). Without a TrID: it is filled in on the way out.
 */
export function parseInspectorCommand(
  text: string,
  payload: string | undefined,
): ConsoleLine | { error: string } {
  const line = text.trim();
  if (line === '') return { error: 'Type a command first, such as PNG or CHG NLN' };
  const parsed = head(line);
  if ('error' in parsed) return parsed;
  const { command, args } = parsed;
  if (!clientCarriesPayload(command)) {
    if (payload) return { error: `${command} carries no payload` };
    return { name: command, args };
  }
  if (payload === undefined || payload === '')
    return { error: `${command} carries a payload: write it in the payload box` };
  return { name: command, args, payload: payload.replace(/\r?\n/g, '\r\n') };
}
