import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  BlockParser,
  END_MARKER,
  LineReader,
  MAX_BLOCK_DATA,
  blockCount,
  encodeBlocks,
  framedLength,
} from '../../main/msnp/msnftpFraming';

interface Parsed {
  data: Buffer;
  pieces: number;
  ended: boolean;
  errors: string[];
}

function parse(chunks: Buffer[]): Parsed {
  const pieces: Buffer[] = [];
  const out: Parsed = { data: Buffer.alloc(0), pieces: 0, ended: false, errors: [] };
  const parser = new BlockParser({
    data: (b) => pieces.push(b),
    end: () => (out.ended = true),
    error: (m) => out.errors.push(m),
  });
  for (const chunk of chunks) parser.push(chunk);
  out.data = Buffer.concat(pieces);
  out.pieces = pieces.length;
  return out;
}

function splitAt(bytes: Buffer, cuts: number[]): Buffer[] {
  const chunks: Buffer[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    chunks.push(bytes.subarray(from, cut));
    from = cut;
  }
  return chunks;
}

describe('encodeBlocks', () => {
  it('cuts data into 2045-byte blocks behind [0, low, high] headers', () => {
    const data = randomBytes(MAX_BLOCK_DATA * 2 + 10);
    const framed = encodeBlocks(data);
    assert.equal(framed.length, framedLength(data.length));
    assert.equal(blockCount(data.length), 3);
    assert.deepEqual([...framed.subarray(0, 3)], [0, MAX_BLOCK_DATA & 0xff, MAX_BLOCK_DATA >> 8]);
    assert.deepEqual([...framed.subarray(2048, 2051)], [0, 0xfd, 0x07]);
    assert.deepEqual([...framed.subarray(4096, 4099)], [0, 10, 0]);
    assert.equal(encodeBlocks(Buffer.alloc(0)).length, 0);
  });
});

describe('BlockParser', () => {
  // Three blocks (one full, one short, one of a single byte), then the end marker: every kind of boundary.
  const data = randomBytes(MAX_BLOCK_DATA + 300 + 1);
  const framed = Buffer.concat([
    encodeBlocks(data.subarray(0, MAX_BLOCK_DATA)),
    encodeBlocks(data.subarray(MAX_BLOCK_DATA, MAX_BLOCK_DATA + 300)),
    encodeBlocks(data.subarray(MAX_BLOCK_DATA + 300)),
    END_MARKER,
  ]);

  it('reads the whole stream in one chunk', () => {
    const r = parse([framed]);
    assert.ok(r.data.equals(data));
    assert.equal(r.pieces, 3);
    assert.ok(r.ended);
    assert.deepEqual(r.errors, []);
  });

  it('reads the same bytes whatever single split point the stream arrives with', () => {
    for (let cut = 0; cut <= framed.length; cut += 1) {
      const r = parse(splitAt(framed, [cut]));
      assert.ok(r.data.equals(data), `split at ${cut}`);
      assert.ok(r.ended, `end seen with split at ${cut}`);
      assert.deepEqual(r.errors, []);
    }
  });

  it('reads the same bytes with every pair of split points inside the headers and their neighbours', () => {
    const headerAt = [0, 3 + MAX_BLOCK_DATA, 6 + MAX_BLOCK_DATA + 300, 9 + MAX_BLOCK_DATA + 301];
    const near = [...new Set(headerAt.flatMap((h) => [h - 1, h, h + 1, h + 2, h + 3, h + 4]))].filter((n) => n >= 0 && n <= framed.length);
    for (const a of near) {
      for (const b of near) {
        if (b < a) continue;
        const r = parse(splitAt(framed, [a, b]));
        assert.ok(r.data.equals(data), `splits at ${a} and ${b}`);
        assert.ok(r.ended);
      }
    }
  });

  it('reads the stream one byte at a time', () => {
    const chunks = Array.from({ length: framed.length }, (_, i) => framed.subarray(i, i + 1));
    const r = parse(chunks);
    assert.ok(r.data.equals(data));
    assert.ok(r.ended);
  });

  it('hands data on as views of the chunk, never copies', () => {
    const views: Buffer[] = [];
    const parser = new BlockParser({ data: (b) => views.push(b), end: () => {}, error: () => {} });
    parser.push(framed);
    for (const view of views) assert.equal(view.buffer, framed.buffer);
  });

  it('accepts blocks longer than 2045 bytes (the header allows them) and empty blocks', () => {
    const big = randomBytes(4000);
    const stream = Buffer.concat([Buffer.from([0, 4000 & 0xff, 4000 >> 8]), big, Buffer.from([0, 0, 0]), END_MARKER]);
    const r = parse([stream]);
    assert.ok(r.data.equals(big));
    assert.ok(r.ended);
  });

  it('stops at the end marker and ignores whatever follows it', () => {
    const r = parse([Buffer.concat([encodeBlocks(Buffer.from('ab')), END_MARKER, encodeBlocks(Buffer.from('cd'))])]);
    assert.equal(r.data.toString(), 'ab');
    assert.ok(r.ended);
  });

  it('reports a flag byte that is neither 0 nor 1 and delivers nothing more', () => {
    const r = parse([Buffer.concat([encodeBlocks(Buffer.from('ok')), Buffer.from([7, 1, 0, 65]), encodeBlocks(Buffer.from('more'))])]);
    assert.equal(r.data.toString(), 'ok');
    assert.equal(r.errors.length, 1);
    assert.match(r.errors[0]!, /flag byte 7/);
  });

  it('knows whether it stopped between blocks', () => {
    const parser = new BlockParser({ data: () => {}, end: () => {}, error: () => {} });
    parser.push(framed.subarray(0, 10));
    assert.equal(parser.atBoundary, false);
    parser.push(framed.subarray(10, 3 + MAX_BLOCK_DATA));
    assert.equal(parser.atBoundary, true);
  });
});

describe('LineReader', () => {
  it('cuts CRLF and bare LF lines split anywhere and keeps the rest for the block parser', () => {
    const stream = Buffer.concat([Buffer.from('VER MSNFTP\r\nFIL 4090\nTFR'), Buffer.from([0, 1, 0, 42])]);
    for (let cut = 0; cut <= stream.length; cut += 1) {
      const reader = new LineReader();
      const lines: string[] = [];
      for (const chunk of splitAt(stream, [cut])) {
        reader.push(chunk);
        for (let line = reader.next(); line !== null; line = reader.next()) lines.push(line);
      }
      assert.deepEqual(lines, ['VER MSNFTP', 'FIL 4090'], `split at ${cut}`);
      assert.deepEqual([...reader.drain()], [...Buffer.from('TFR'), 0, 1, 0, 42]);
    }
  });

  it('throws on a line longer than the cap instead of buffering without end', () => {
    const reader = new LineReader(16);
    reader.push(Buffer.alloc(17, 65));
    assert.throws(() => reader.next(), /longer than 16 bytes/);
  });
});
