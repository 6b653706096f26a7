// What the MSNFTP sender streams: a file or a Buffer, read in big batches that are already framed as blocks.
// Each batch of the file is read with one read into the tail of its frame buffer; the blocks are then moved
// forward into place (each only 3 bytes per block already passed) and their headers written in between.
import type { Hash } from 'node:crypto';
import { type FileHandle, open } from 'node:fs/promises';
import { BLOCK_HEADER, MAX_BLOCK_DATA, blockCount, framedLength, writeBlockHeader } from './msnftpFraming';

export type MsnftpSource = { path: string } | { data: Buffer };

export interface FramedBatch {
  /** Headers and data of consecutive blocks, ready for one socket write. */
  frame: Buffer;
  dataBytes: number;
}

/** 512 blocks: about 1 MiB per socket write. */
export const BATCH_BLOCKS = 512;

/** How many recycled frames are kept: one being read, one being written, one spare. */
const SPARE_FRAMES = 3;

/** Fills target from the file, starting at position; short reads are continued. */
async function readFully(handle: FileHandle, target: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < target.length) {
    const { bytesRead } = await handle.read(target, done, target.length - done, position + done);
    if (bytesRead === 0) throw new Error('the file became shorter while it was being sent');
    done += bytesRead;
  }
}

/**
 * Frames in place: the data of `blocks` blocks lies contiguous at the end of frame (from 3 * blocks on).
 * Ascending, each block moves 3 bytes per block still ahead of it towards the front, which only ever
 * overwrites bytes already moved or headers' room, never data not yet moved; the last block stays put.
 */
function frameInPlace(frame: Buffer, blocks: number, dataBytes: number): void {
  let from = BLOCK_HEADER * blocks;
  let at = 0;
  for (let done = 0; done < dataBytes; done += MAX_BLOCK_DATA) {
    const length = Math.min(MAX_BLOCK_DATA, dataBytes - done);
    if (from !== at + BLOCK_HEADER) frame.copyWithin(at + BLOCK_HEADER, from, from + length);
    writeBlockHeader(frame, at, length);
    from += length;
    at += BLOCK_HEADER + length;
  }
}

export class FramedReader {
  private handle: FileHandle | null = null;
  private offset = 0;
  private closed = false;
  /** Frames of full batches the socket is done with, reused so fresh memory is not faulted in for every batch. */
  private readonly spare: Buffer[] = [];

  constructor(
    private readonly source: MsnftpSource,
    /** The size announced in the invitation: exactly this many bytes are sent. */
    private readonly size: number,
    private readonly hash: Hash | null = null,
    private readonly batchBlocks = BATCH_BLOCKS,
  ) {
    if ('data' in source && source.data.length < size) throw new RangeError('the buffer is shorter than the announced size');
  }

  async open(): Promise<void> {
    if ('path' in this.source) {
      this.handle = await open(this.source.path, 'r');
      // The file may have been closed by cancel() while open() was in flight.
      if (this.closed) await this.close();
    }
  }

  /** The next framed batch, or null when every announced byte has been read. */
  async next(): Promise<FramedBatch | null> {
    const dataBytes = Math.min(this.batchBlocks * MAX_BLOCK_DATA, this.size - this.offset);
    if (dataBytes <= 0 || this.closed) return null;
    const blocks = blockCount(dataBytes);
    const length = framedLength(dataBytes);
    const frame = (length === this.spare[0]?.length ? this.spare.pop() : undefined) ?? Buffer.allocUnsafe(length);
    const data = frame.subarray(BLOCK_HEADER * blocks);
    const start = this.offset;
    this.offset += dataBytes;
    if ('data' in this.source) {
      this.source.data.copy(data, 0, start, start + dataBytes);
    } else {
      if (!this.handle) throw new Error('the file is not open');
      await readFully(this.handle, data, start);
    }
    // The data is hashed while it is still one contiguous piece; the digest is the same as block by block.
    this.hash?.update(data);
    frameInPlace(frame, blocks, dataBytes);
    return { frame, dataBytes };
  }

  /**
   * Hands back a frame from next() once nothing uses it any more (the socket has taken it: its write
   * callback ran without an error), for a later batch to be read into. Optional.
   */
  recycle(frame: Buffer): void {
    if (this.closed || this.spare.length >= SPARE_FRAMES) return;
    if (frame.length !== framedLength(this.batchBlocks * MAX_BLOCK_DATA) || this.spare.includes(frame)) return;
    this.spare.push(frame);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.spare.length = 0;
    const handle = this.handle;
    this.handle = null;
    // FileHandle.close waits for a read still in flight, so the descriptor is never reused under it.
    await handle?.close().catch(() => {});
  }
}
