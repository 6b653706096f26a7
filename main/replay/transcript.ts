// The C:/S: transcript format of test/fixtures/transcripts, read and written. Pure, so the protocol
// inspector can export its traffic in the format the replay tools play.
//
//   # a comment                 (anywhere; not kept by parseTranscript)
//   --- connection [label]      starts a connection; the label is free text, e.g. "ns 127.0.0.1:1863"
//   C: VER 1 MSNP5 CVR0         a line the client sent, without its CRLF
//   S: MSG Hotmail Hotmail      a command with a payload: written without its length field,
//     | MIME-Version: 1.0       which is the payload's UTF-8 byte length when played
//     |                         an empty line of the payload
//
// Each payload line is marked by how it ends, so any payload comes back byte for byte:
//   "|" CRLF (what real payloads use, and all the fixture has), "/" a bare LF, "<" a bare CR,
//   "\" nothing: the payload's last line when the payload does not end with a line break.

export interface TranscriptLine {
  direction: 'C' | 'S';
  /** The command line without CRLF; when there is a payload, without the trailing length field. */
  line: string;
  payload?: string;
}

export interface TranscriptConnection {
  label?: string;
  lines: TranscriptLine[];
}

const CONNECTION = '--- connection';
const endings: Record<string, string> = { '|': '\r\n', '/': '\n', '<': '\r', '\\': '' };
const markOf = new Map(Object.entries(endings).map(([mark, end]) => [end, mark]));

/** The UTF-8 byte length of a payload: the length field the wire line carries. */
export function payloadLength(payload: string): number {
  return new TextEncoder().encode(payload).length;
}

/** The command line as it goes on the wire (without CRLF): with the payload's length appended. */
export function wireLine(entry: TranscriptLine): string {
  return entry.payload === undefined ? entry.line : `${entry.line} ${payloadLength(entry.payload)}`;
}

/** A recorded line may still carry its length field (raw traffic does): the transcript leaves it off. */
function withoutLength(line: string, payload: string): string {
  const suffix = ` ${payloadLength(payload)}`;
  return line.endsWith(suffix) ? line.slice(0, -suffix.length) : line;
}

function payloadLines(payload: string): string[] {
  const out: string[] = [];
  const re = /\r\n|\n|\r/g;
  let start = 0;
  for (let m = re.exec(payload); m; m = re.exec(payload)) {
    out.push(mark(markOf.get(m[0])!, payload.slice(start, m.index)));
    start = m.index + m[0].length;
  }
  // An empty payload still needs one line, or it would read back as no payload at all.
  if (start < payload.length || payload === '') out.push(mark('\\', payload.slice(start)));
  return out;
}

const mark = (m: string, text: string): string => (text === '' ? `  ${m}` : `  ${m} ${text}`);

export function formatTranscript(connections: TranscriptConnection[], header: string[] = []): string {
  const out = header.map((h) => (h === '' ? '#' : `# ${h}`));
  for (const conn of connections) {
    if (conn.label !== undefined && /[\r\n]/.test(conn.label))
      throw new Error('A connection label cannot hold a line break.');
    out.push(conn.label ? `${CONNECTION} ${conn.label}` : CONNECTION);
    for (const entry of conn.lines) {
      if (/[\r\n]/.test(entry.line))
        throw new Error(`A command line cannot hold a line break: ${JSON.stringify(entry.line)}.`);
      if (entry.payload === undefined) {
        out.push(`${entry.direction}: ${entry.line}`);
        continue;
      }
      out.push(
        `${entry.direction}: ${withoutLength(entry.line, entry.payload)}`,
        ...payloadLines(entry.payload),
      );
    }
  }
  return out.map((l) => l + '\n').join('');
}

export function parseTranscript(text: string): TranscriptConnection[] {
  return parseNumberedTranscript(text).connections;
}

/** parseTranscript, and the file line of each command line (numbers[c][i] for connections[c].lines[i]), for reports. */
export function parseNumberedTranscript(text: string): {
  connections: TranscriptConnection[];
  numbers: number[][];
} {
  const connections: TranscriptConnection[] = [];
  const numbers: number[][] = [];
  let current: TranscriptConnection | null = null;
  // The entry payload lines may attach to: only while nothing else has come between.
  let open: TranscriptLine | null = null;
  let closed = false;
  const rows = text.split('\n');
  if (rows[rows.length - 1] === '') rows.pop();
  rows.forEach((raw, i) => {
    const n = i + 1;
    const row = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const payload = /^[ \t]+([|/<\\])(?: ?(.*))?$/.exec(row);
    if (payload) {
      if (!open) throw new Error(`Line ${n} is a payload line with no command line before it.`);
      if (closed)
        throw new Error(`Line ${n} follows a payload line marked "\\", which must be the payload's last.`);
      open.payload = (open.payload ?? '') + (payload[2] ?? '') + endings[payload[1]!];
      closed = payload[1] === '\\';
      return;
    }
    open = null;
    closed = false;
    if (row.startsWith('#') || row.trim() === '') return;
    if (row === CONNECTION || row.startsWith(`${CONNECTION} `)) {
      const label = row.slice(CONNECTION.length + 1);
      current = label ? { label, lines: [] } : { lines: [] };
      connections.push(current);
      numbers.push([]);
      return;
    }
    const m = /^([CS]): ?(.*)$/.exec(row);
    if (!m)
      throw new Error(
        `Line ${n} is not a comment, "--- connection", a "C:" or "S:" line, or an indented payload line.`,
      );
    if (!current) throw new Error(`Line ${n} comes before the first "--- connection" line.`);
    open = { direction: m[1] as 'C' | 'S', line: m[2]! };
    current.lines.push(open);
    numbers[numbers.length - 1]!.push(n);
  });
  return { connections, numbers };
}
