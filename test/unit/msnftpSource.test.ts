import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BATCH_BLOCKS, FramedReader, type MsnftpSource } from '../../main/msnp/msnftpSource';

const BLOCK = 2045;
const SIZES = [0, 1, 2044, 2045, 2046, 3 * 2045 + 7, 1024 * 1024 + 13];

/** The plain definition: a 3-byte header (0, length low, length high) before every 2045 bytes or fewer. */
function referenceFrames(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let from = 0; from < data.length; from += BLOCK) {
    const block = data.subarray(from, Math.min(from + BLOCK, data.length));
    parts.push(Buffer.from([0, block.length % 256, Math.floor(block.length / 256)]), block);
  }
  return Buffer.concat(parts);
}

async function readAll(source: MsnftpSource, size: number, batchBlocks?: number, recycle = false): Promise<{ wire: Buffer; sha256: string; batches: number[] }> {
  const hash = createHash('sha256');
  const reader = new FramedReader(source, size, hash, batchBlocks);
  const frames: Buffer[] = [];
  const batches: number[] = [];
  await reader.open();
  try {
    for (;;) {
      const batch = await reader.next();
      if (!batch) break;
      // A recycled frame is read into again, so what went out is kept as a copy.
      frames.push(recycle ? Buffer.from(batch.frame) : batch.frame);
      if (recycle) reader.recycle(batch.frame);
      batches.push(batch.dataBytes);
    }
  } finally {
    await reader.close();
  }
  return { wire: Buffer.concat(frames), sha256: hash.digest('hex'), batches };
}

function expectedBatches(size: number, batchBlocks = BATCH_BLOCKS): number[] {
  const out: number[] = [];
  for (let done = 0; done < size; done += batchBlocks * BLOCK) out.push(Math.min(batchBlocks * BLOCK, size - done));
  return out;
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

describe('FramedReader', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'butterfly-msnftp-source-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  for (const size of SIZES) {
    for (const batchBlocks of [undefined, 1, 3]) {
      const label = `${size} bytes, ${batchBlocks ?? BATCH_BLOCKS} blocks a batch`;
      it(`frames a file of ${label} like the reference`, async () => {
        const data = randomBytes(size);
        const file = path.join(dir, `f-${size}-${batchBlocks ?? 'd'}.bin`);
        await writeFile(file, data);
        const got = await readAll({ path: file }, size, batchBlocks);
        assert.ok(got.wire.equals(referenceFrames(data)));
        assert.equal(got.sha256, sha256(data));
        assert.deepEqual(got.batches, expectedBatches(size, batchBlocks));
      });
      it(`frames a file of ${label} like the reference when frames are recycled`, async () => {
        const data = randomBytes(size);
        const file = path.join(dir, `r-${size}-${batchBlocks ?? 'd'}.bin`);
        await writeFile(file, data);
        const got = await readAll({ path: file }, size, batchBlocks, true);
        assert.ok(got.wire.equals(referenceFrames(data)));
        assert.equal(got.sha256, sha256(data));
      });
      it(`frames a buffer of ${label} like the reference`, async () => {
        const data = randomBytes(size);
        const got = await readAll({ data }, size, batchBlocks);
        assert.ok(got.wire.equals(referenceFrames(data)));
        assert.equal(got.sha256, sha256(data));
        assert.deepEqual(got.batches, expectedBatches(size, batchBlocks));
      });
    }
  }

  it('reuses a recycled frame of a full batch, and only that', async () => {
    const data = randomBytes(5 * BLOCK + 9);
    const reader = new FramedReader({ data }, data.length, null, 2);
    await reader.open();
    const first = (await reader.next())!.frame;
    reader.recycle(first);
    reader.recycle(first);
    reader.recycle(Buffer.alloc(first.length - 1));
    const second = (await reader.next())!.frame;
    assert.equal(second, first);
    assert.ok(second.equals(referenceFrames(data.subarray(2 * BLOCK, 4 * BLOCK))));
    reader.recycle(second);
    const last = (await reader.next())!.frame;
    assert.notEqual(last, first);
    assert.ok(last.equals(referenceFrames(data.subarray(4 * BLOCK))));
    assert.equal(await reader.next(), null);
    await reader.close();
  });

  it('sends only the announced size of a longer file or buffer', async () => {
    const data = randomBytes(3 * BLOCK + 100);
    const size = 2 * BLOCK + 5;
    const file = path.join(dir, 'longer.bin');
    await writeFile(file, data);
    for (const source of [{ path: file }, { data }]) {
      const got = await readAll(source, size);
      assert.ok(got.wire.equals(referenceFrames(data.subarray(0, size))));
      assert.equal(got.sha256, sha256(data.subarray(0, size)));
    }
  });

  it('fails when the file is shorter than announced', async () => {
    const file = path.join(dir, 'short.bin');
    await writeFile(file, randomBytes(BLOCK));
    await assert.rejects(readAll({ path: file }, BLOCK + 1), /the file became shorter while it was being sent/);
  });

  it('fails when the file shrinks between batches', async () => {
    const file = path.join(dir, 'shrinks.bin');
    await writeFile(file, randomBytes(4 * BLOCK));
    const reader = new FramedReader({ path: file }, 4 * BLOCK, null, 2);
    await reader.open();
    try {
      assert.equal((await reader.next())?.dataBytes, 2 * BLOCK);
      await truncate(file, 3 * BLOCK);
      await assert.rejects(reader.next(), /the file became shorter while it was being sent/);
    } finally {
      await reader.close();
    }
  });

  it('rejects a buffer shorter than the announced size', () => {
    assert.throws(() => new FramedReader({ data: Buffer.alloc(10) }, 11), RangeError);
  });

  it('reads nothing more once closed', async () => {
    const file = path.join(dir, 'closed.bin');
    await writeFile(file, randomBytes(4 * BLOCK));
    const reader = new FramedReader({ path: file }, 4 * BLOCK, null, 1);
    await reader.open();
    assert.ok(await reader.next());
    await reader.close();
    assert.equal(await reader.next(), null);
  });
});
