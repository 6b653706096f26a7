// What the MSNFTP sender streams: a file or a Buffer, read in big batches that are already framed as blocks.
// The file is read with readv straight into the data slots between the block headers, so the bytes are
// never copied in JavaScript on their way from the disk to the socket.
import type { Hash } from 'node:crypto';
import { type FileHandle, open } from 'node:fs/promises';
import { BLOCK_HEADER, MAX_BLOCK_DATA, framedLength, writeBlockHeader } from './msnftpFraming';

export type MsnftpSource = { path: string } | { data: Buffer };

export interface FramedBatch {
  /** Headers and data of consecutive blocks, ready for one socket write. */
  frame: Buffer;
  dataBytes: number;
}

/** 512 blocks: about 1 MiB per socket write, well under IOV_MAX (1024) views per readv. */
export const BATCH_BLOCKS = 512;

/** Reads into every view in turn, starting at position, until all are full; short reads are continued. */
async function readFully(handle: FileHandle, views: Buffer[], position: number): Promise<void> {
  let pending = views;
  let at = position;
  while (pending.length > 0) {
    const { bytesRead } = await handle.readv(pending, at);
    if (bytesRead === 0) throw new Error('the file became shorter while it was being sent');
    at += bytesRead;
    let left = bytesRead;
    let i = 0;
    while (i < pending.length && left >= pending[i]!.length) {
      left -= pending[i]!.length;
      i += 1;
    }
    pending = pending.slice(i);
    if (left > 0 && pending.length > 0) pending[0] = pending[0]!.subarray(left);
  }
}

export class FramedReader {
  private handle: FileHandle | null = null;
  private offset = 0;
  private closed = false;

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
    const frame = Buffer.allocUnsafe(framedLength(dataBytes));
    const views: Buffer[] = [];
    let at = 0;
    for (let done = 0; done < dataBytes; done += MAX_BLOCK_DATA) {
      const length = Math.min(MAX_BLOCK_DATA, dataBytes - done);
      writeBlockHeader(frame, at, length);
      views.push(frame.subarray(at + BLOCK_HEADER, at + BLOCK_HEADER + length));
      at += BLOCK_HEADER + length;
    }
    const start = this.offset;
    this.offset += dataBytes;
    if ('data' in this.source) {
      let from = start;
      for (const view of views) {
        this.source.data.copy(view, 0, from, from + view.length);
        from += view.length;
      }
    } else {
      if (!this.handle) throw new Error('the file is not open');
      await readFully(this.handle, views, start);
    }
    if (this.hash) for (const view of views) this.hash.update(view);
    return { frame, dataBytes };
  }

  async close(): Promise<void> {
    this.closed = true;
    const handle = this.handle;
    this.handle = null;
    // FileHandle.close waits for a read still in flight, so the descriptor is never reused under it.
    await handle?.close().catch(() => {});
  }
}
