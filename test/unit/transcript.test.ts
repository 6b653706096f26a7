import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  formatTranscript,
  parseTranscript,
  wireLine,
  type TranscriptConnection,
} from '../../main/replay/transcript';

const fixture = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'fixtures',
  'transcripts',
  'msnp5-signin.txt',
);

describe('transcripts', () => {
  it('reads the fixture: connections, lines, and payloads whose lines each end in CRLF', () => {
    const conns = parseTranscript(readFileSync(fixture, 'utf8'));
    assert.equal(conns.length, 2);
    assert.deepEqual(conns[0]!.lines[0], { direction: 'C', line: 'VER 1 MSNP5 MSNP4 CVR0' });
    assert.deepEqual(conns[0]!.lines.at(-1), { direction: 'S', line: 'XFR 3 NS 127.0.0.1:{port} 0' });
    const profile = conns[1]!.lines.find((l) => l.line === 'MSG Hotmail Hotmail')!;
    assert.ok(profile.payload!.startsWith('MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsprofile'));
    // The blank "|" line closing the headers is the payload's last CRLF.
    assert.ok(profile.payload!.endsWith('MSPAuth: 7Y8Z$$\r\n\r\n'));
    const not = conns[1]!.lines.find((l) => l.line === 'NOT')!;
    assert.ok(not.payload!.endsWith('</NOTIFICATION>\r\n'));
    assert.equal(wireLine(not), `NOT ${Buffer.byteLength(not.payload!)}`);
    assert.deepEqual(conns[1]!.lines.at(-1), { direction: 'C', line: 'OUT' });
  });

  it('writes the fixture back byte for byte, but for the comments inside it', () => {
    const text = readFileSync(fixture, 'utf8');
    const rows = text.split('\n');
    const headerEnd = rows.findIndex((r) => !r.startsWith('#'));
    const header = rows.slice(0, headerEnd).map((r) => r.replace(/^# ?/, ''));
    const expected = [
      ...rows.slice(0, headerEnd),
      ...rows.slice(headerEnd).filter((r) => !r.startsWith('#')),
    ].join('\n');
    assert.equal(formatTranscript(parseTranscript(text), header), expected);
  });

  it('round-trips any payload: ending with or without a line break, bare LF and CR, empty, non-ASCII', () => {
    const payloads = [
      'a\r\nb\r\n',
      'a\r\nb',
      'MIME-Version: 1.0\r\n\r\nHello',
      'x\ny\rz\r\r\n',
      '',
      '\r\n',
      '  indented ',
      '🎩 tea',
    ];
    const conns: TranscriptConnection[] = [
      {
        label: 'sb 127.0.0.1:1864',
        lines: payloads.map((payload, i) => ({ direction: i % 2 ? 'S' : 'C', line: `MSG ${i} N`, payload })),
      },
      { lines: [{ direction: 'S', line: 'OUT' }] },
    ];
    const text = formatTranscript(conns);
    assert.deepEqual(parseTranscript(text), conns);
    assert.equal(formatTranscript(parseTranscript(text)), text);
  });

  it('leaves off a length field the recorded line still carries', () => {
    const text = formatTranscript([
      { lines: [{ direction: 'S', line: 'MSG Hotmail Hotmail 10', payload: '🎩 tea\r\n' }] },
    ]);
    assert.equal(text, '--- connection\nS: MSG Hotmail Hotmail\n  | 🎩 tea\n');
  });

  it('writes the header as comments and keeps labels', () => {
    const text = formatTranscript(
      [{ label: 'ns 127.0.0.1:1863', lines: [{ direction: 'C', line: 'VER 1 MSNP5' }] }],
      ['Recorded', ''],
    );
    assert.equal(text, '# Recorded\n#\n--- connection ns 127.0.0.1:1863\nC: VER 1 MSNP5\n');
    assert.deepEqual(parseTranscript(text), [
      { label: 'ns 127.0.0.1:1863', lines: [{ direction: 'C', line: 'VER 1 MSNP5' }] },
    ]);
  });

  it('reads CRLF transcript files the same', () => {
    const text = formatTranscript([{ lines: [{ direction: 'S', line: 'NOT', payload: '<a/>\r\n' }] }]);
    assert.deepEqual(parseTranscript(text.replace(/\n/g, '\r\n')), parseTranscript(text));
  });

  it('names the line of bad input in one sentence', () => {
    const cases: [string, RegExp][] = [
      ['C: VER 1\n', /^Line 1 comes before the first "--- connection" line\.$/],
      ['--- connection\nX: VER 1\n', /^Line 2 is not a comment/],
      ['--- connection\n  | orphan\n', /^Line 2 is a payload line with no command line before it\.$/],
      ['--- connection\nS: NOT\n# note\n  | late\n', /^Line 4 is a payload line/],
      ['--- connection\nS: NOT\n  \\ end\n  | more\n', /^Line 4 follows a payload line marked "\\"/],
    ];
    for (const [text, message] of cases) assert.throws(() => parseTranscript(text), { message });
  });

  it('refuses to write a command line that holds a line break', () => {
    assert.throws(() => formatTranscript([{ lines: [{ direction: 'C', line: 'A\r\nB' }] }]), /line break/);
  });
});
