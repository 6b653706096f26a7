// A transcript as the replay tools play it: each line with its place in the file, and the placeholders
// the fixtures use filled in for the session at hand.
import { md5Response } from '../msnp/nsLogin';
import { parseNumberedTranscript, wireLine, type TranscriptLine } from './transcript';

export interface ScriptLine extends TranscriptLine {
  /** The line of the transcript file it came from, for reports. */
  at: number;
}

export interface Script {
  label?: string;
  lines: ScriptLine[];
}

export function readScripts(text: string): Script[] {
  const { connections, numbers } = parseNumberedTranscript(text);
  return connections.map((c, ci) => ({
    ...(c.label === undefined ? {} : { label: c.label }),
    lines: c.lines.map((l, li) => ({ ...l, at: numbers[ci]![li]! })),
  }));
}

const MD5 = /\{md5:([^:}]*):([^}]*)\}/g;

/** Whether a line holds an MD5 response the transcript computes itself, from a password it knows. */
export function hasMd5Placeholder(text: string): boolean {
  return text.includes('{md5:');
}

/**
 * {port} becomes `port`; {md5:SALT:PASSWORD} the MD5 response, with SALT first passed through `salt`
 * (the live salt the server handed out, when it is not the recorded one).
 */
export function fillPlaceholders(
  text: string,
  port: number,
  salt: (recorded: string) => string = (s) => s,
): string {
  return text
    .replace(/\{port\}/g, String(port))
    .replace(MD5, (_m, s: string, pw: string) => md5Response(salt(s), pw));
}

/** A script line with its placeholders filled, as it goes on the wire: its length field counts the filled payload. */
export function filledLine(l: TranscriptLine, port: number): { line: string; payload?: string } {
  const line = fillPlaceholders(l.line, port);
  if (l.payload === undefined) return { line };
  const payload = fillPlaceholders(l.payload, port);
  return { line: wireLine({ direction: l.direction, line, payload }), payload };
}

/** The XFR or RNG address a line hands out (a host:port field), if any. */
export function handedOutAddress(line: string): string | null {
  const f = line.split(' ');
  if (f[0] === 'XFR' && f.length >= 4) return f[3]!;
  if (f[0] === 'RNG' && f.length >= 5) return f[2]!;
  return null;
}

/** The line with the address it hands out replaced (the replay server sends clients back to itself). */
export function withAddress(line: string, address: string): string {
  const f = line.split(' ');
  if (f[0] === 'XFR' && f.length >= 4) f[3] = address;
  else if (f[0] === 'RNG' && f.length >= 5) f[2] = address;
  return f.join(' ');
}

export function splitAddress(address: string): { host: string; port: number } | null {
  const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(address);
  if (!m) return null;
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port: Number(m[2]) };
}
