// The protocol inspector's exports: a transcript in the docs' C:/S: form (replay's formatTranscript, one
// "--- connection" section per connection in the order each first appears), or one JSON object per line.
import { formatTranscript } from '../../replay/transcript';
import { toLine, type TrafficEntry } from './trafficRing';

interface Section {
  label: string;
  lines: { direction: 'C' | 'S'; line: string; payload?: string }[];
}

/**
 * The lines grouped by connection; notes (a warning with no line of its own) and file transfers (exported as
 * JSON lines) have no place in a transcript.
 */
export function transcriptSections(entries: Iterable<TrafficEntry>): Section[] {
  const sections = new Map<string, Section>();
  for (const e of entries) {
    // A file transfer's MSNFTP channel runs between the two people, not to the server: no replay could play it.
    if (e.direction === 'note' || e.connection.kind === 'ftp') continue;
    let section = sections.get(e.connection.id);
    if (!section) {
      section = { label: e.connection.label, lines: [] };
      sections.set(e.connection.id, section);
    }
    const line: Section['lines'][number] = { direction: e.direction === 'out' ? 'C' : 'S', line: e.line };
    if (e.payload !== undefined) line.payload = e.payload;
    section.lines.push(line);
  }
  return [...sections.values()];
}

export async function exportTranscript(entries: Iterable<TrafficEntry>, header: string[]): Promise<string> {
  return formatTranscript(transcriptSections(entries), header);
}

/** One JSON object per line, flags and an error's meaning included. */
export function exportJsonLines(entries: Iterable<TrafficEntry>): string {
  let out = '';
  for (const e of entries) out += `${JSON.stringify(toLine(e))}\n`;
  return out;
}
