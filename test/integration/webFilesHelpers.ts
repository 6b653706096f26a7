// Shared by the browser-mode file tests: HTTP requests that stream a body, raw status lines, an upload
// store opened for a test, and just enough of XMLHttpRequest over node:http for the renderer's bridge.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { request, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { UploadStore, type UploadStoreOptions } from '../../main/web/uploadStore';

export async function openStore(options: UploadStoreOptions): Promise<UploadStore> {
  const store = new UploadStore(options);
  await store.open();
  return store;
}

export const ID = /^[\w.:-]{1,64}$/;
export const CAP = 1024 * 1024;

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  json(): Record<string, unknown>;
}

export interface Send {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  /** Written in pieces, so the body streams. */
  chunks?: Buffer[];
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function pieces(data: Buffer, size = 64 * 1024): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) out.push(data.subarray(i, i + size));
  return out;
}

/** One HTTP request; a refused body (EPIPE while still writing) does not hide the answer. */
export function send(port: number, options: Send): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            json: () => JSON.parse(body.toString('utf8')) as Record<string, unknown>,
          });
        });
      },
    );
    // A refused upload ends the connection while the body is still going out; the answer came first.
    let failure: Error | null = null;
    let answered = false;
    req.once('response', () => (answered = true));
    req.on('error', (err: NodeJS.ErrnoException) => {
      failure = err;
      if (err.code !== 'EPIPE' && err.code !== 'ECONNRESET') reject(err);
    });
    req.on('close', () => {
      if (failure && !answered) reject(failure);
    });
    const rest = [...(options.chunks ?? [])];
    const pump = (): void => {
      while (rest.length > 0) if (!req.write(rest.shift()!)) return void req.once('drain', pump);
      req.end();
    };
    pump();
  });
}

/** Exactly these bytes on a socket; resolves to the status line's code. */
export function rawStatus(port: number, text: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (c: string) => {
      answer += c;
      const match = /^HTTP\/1\.1 (\d{3})/.exec(answer);
      if (match) {
        socket.destroy();
        resolve(Number(match[1]));
      }
    });
    socket.on('error', reject);
  });
}

export function assertOneSentence(reply: Reply): void {
  assert.equal(reply.headers['content-type'], 'application/json; charset=utf-8');
  const { error } = reply.json();
  assert.equal(typeof error, 'string');
  assert.match(error as string, /^[A-Z].*\.$/);
}

/** Just enough of XMLHttpRequest over node:http for the bridge: POST a File, upload progress, load/error. */
export class NodeXhr {
  static base = '';
  status = 0;
  responseText = '';
  responseType = '';
  private method = 'GET';
  private url = '';
  private readonly listeners = new Map<string, ((event: unknown) => void)[]>();
  readonly upload = {
    listeners: [] as ((event: { loaded: number; total: number; lengthComputable: boolean }) => void)[],
    addEventListener(
      _type: 'progress',
      fn: (event: { loaded: number; total: number; lengthComputable: boolean }) => void,
    ) {
      this.listeners.push(fn);
    },
  };

  open(method: string, url: string): void {
    this.method = method;
    this.url = url;
  }

  addEventListener(type: string, fn: (event: unknown) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }

  private fire(type: string): void {
    for (const fn of this.listeners.get(type) ?? []) fn({});
  }

  send(body: Blob): void {
    void body.arrayBuffer().then((buffer) => {
      const bytes = Buffer.from(buffer);
      const url = new URL(this.url, NodeXhr.base);
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          method: this.method,
          path: url.pathname + url.search,
          // What a browser adds on its own to a same-origin POST.
          headers: { origin: NodeXhr.base, 'content-length': String(bytes.length) },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => {
            this.status = res.statusCode ?? 0;
            this.responseText = text;
            this.fire('load');
          });
        },
      );
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code !== 'EPIPE' && err.code !== 'ECONNRESET') this.fire('error');
      });
      const parts = pieces(bytes, 100_000);
      let loaded = 0;
      const pump = (): void => {
        while (parts.length > 0) {
          const part = parts.shift()!;
          loaded += part.length;
          for (const fn of this.upload.listeners) fn({ loaded, total: bytes.length, lengthComputable: true });
          if (!req.write(part)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
  }
}
