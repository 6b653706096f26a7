// Tiny proxy servers for tests, on 127.0.0.1:0: a SOCKS server (version 5 per RFC 1928, with RFC 1929's
// user name and password when asked for, and version 4/4a) and an HTTP CONNECT proxy. Each counts the
// connections it relayed and where to, so a test can tell that a connection really went through it.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TestProxy {
  port: number;
  /** "host:port" of every connection relayed, in order. */
  readonly relayed: string[];
  /** Resolves once the next connection has been relayed (its tunnel is open). */
  nextRelay(): Promise<string>;
  close(): Promise<void>;
}

export interface ProxyOptions {
  /** Require this user name and password (SOCKS 5: method 2; HTTP: Basic). */
  credentials?: { user: string; password: string };
  /** Answer every request with this refusal instead of relaying (SOCKS 5 reply code, or HTTP status). */
  refuseWith?: number;
}

/** Pipes the client to host:port; `ready(ok)` answers the client once the server's side is open or failed. */
function relay(
  client: net.Socket,
  host: string,
  port: number,
  ready: (ok: boolean) => void,
  done: () => void,
): void {
  const server = net.createConnection({ host, port });
  server.once('connect', () => {
    ready(true);
    done();
    client.pipe(server).pipe(client);
    server.on('close', () => client.destroy());
  });
  server.once('error', () => {
    ready(false);
    client.end();
  });
  client.on('error', () => server.destroy());
  client.on('close', () => server.destroy());
}

function tracker(server: net.Server) {
  const relayed: string[] = [];
  let waiters: ((target: string) => void)[] = [];
  const sockets = new Set<net.Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return {
    relayed,
    done(target: string) {
      relayed.push(target);
      const w = waiters;
      waiters = [];
      for (const resolve of w) resolve(target);
    },
    nextRelay: () => new Promise<string>((resolve) => waiters.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Reads exactly n bytes (what arrives beyond them is put back). */
function read(socket: net.Socket, n: number): Promise<Buffer> {
  if (n === 0) return Promise.resolve(Buffer.alloc(0));
  return new Promise((resolve, reject) => {
    let got = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      got = Buffer.concat([got, chunk]);
      if (got.length < n) return;
      socket.off('data', onData);
      socket.off('close', onClose);
      socket.pause();
      if (got.length > n) socket.unshift(got.subarray(n));
      resolve(got.subarray(0, n));
    };
    const onClose = () => reject(new Error('closed'));
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.resume();
  });
}

async function readUntilZero(socket: net.Socket): Promise<string> {
  const bytes: number[] = [];
  for (let b = (await read(socket, 1))[0]!; b !== 0; b = (await read(socket, 1))[0]!) bytes.push(b);
  return Buffer.from(bytes).toString('utf8');
}

async function socks5(client: net.Socket, options: ProxyOptions, done: (t: string) => void): Promise<void> {
  const [count] = await read(client, 1);
  const methods = [...(await read(client, count!))];
  const wanted = options.credentials ? 2 : 0;
  if (!methods.includes(wanted)) return void client.end(Buffer.from([5, 0xff]));
  client.write(Buffer.from([5, wanted]));
  if (options.credentials) {
    const [, userLength] = await read(client, 2);
    const user = (await read(client, userLength!)).toString('utf8');
    const [passwordLength] = await read(client, 1);
    const password = (await read(client, passwordLength!)).toString('utf8');
    const ok = user === options.credentials.user && password === options.credentials.password;
    client.write(Buffer.from([1, ok ? 0 : 1]));
    if (!ok) return void client.end();
  }
  const [, , , type] = await read(client, 4);
  let host: string;
  if (type === 1) host = [...(await read(client, 4))].join('.');
  else if (type === 3) host = (await read(client, (await read(client, 1))[0]!)).toString('utf8');
  else return void client.destroy();
  const port = (await read(client, 2)).readUInt16BE(0);
  const reply = (code: number) => Buffer.from([5, code, 0, 1, 0, 0, 0, 0, 0, 0]);
  if (options.refuseWith !== undefined) return void client.end(reply(options.refuseWith));
  relay(
    client,
    host,
    port,
    (ok) => client.write(reply(ok ? 0 : 5)),
    () => done(`${host}:${port}`),
  );
  client.resume();
}

async function socks4(client: net.Socket, done: (t: string) => void): Promise<void> {
  const head = await read(client, 7);
  const port = head.readUInt16BE(1);
  const ip = [...head.subarray(3, 7)];
  await readUntilZero(client);
  // SOCKS 4a: 0.0.0.x means the host name follows the user id.
  const host = ip[0] === 0 && ip[1] === 0 && ip[2] === 0 ? await readUntilZero(client) : ip.join('.');
  const reply = (ok: boolean) => Buffer.from([0, ok ? 90 : 91, 0, 0, 0, 0, 0, 0]);
  relay(
    client,
    host,
    port,
    (ok) => client.write(reply(ok)),
    () => done(`${host}:${port}`),
  );
  client.resume();
}

/** A SOCKS 4/4a and 5 proxy: the first byte of each connection says which. */
export async function startSocksProxy(options: ProxyOptions = {}): Promise<TestProxy> {
  const server = net.createServer((client) => {
    client.on('error', () => {});
    read(client, 1)
      .then(([version]) => {
        if (version === 5) return socks5(client, options, track.done);
        if (version === 4) return socks4(client, track.done);
        client.destroy();
      })
      .catch(() => client.destroy());
  });
  const track = tracker(server);
  return {
    port: await listen(server),
    relayed: track.relayed,
    nextRelay: track.nextRelay,
    close: track.close,
  };
}

/** An HTTP proxy that only tunnels (CONNECT host:port). */
export async function startHttpProxy(options: ProxyOptions = {}): Promise<TestProxy> {
  const server = http.createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    client.on('error', () => {});
    const answer = (status: number, words: string, extra = '') =>
      client.write(`HTTP/1.1 ${status} ${words}\r\n${extra}\r\n`);
    if (options.credentials) {
      const expected = `Basic ${Buffer.from(`${options.credentials.user}:${options.credentials.password}`).toString('base64')}`;
      if (req.headers['proxy-authorization'] !== expected) {
        answer(407, 'Proxy Authentication Required', 'Proxy-Authenticate: Basic realm="test"\r\n');
        return void client.end();
      }
    }
    if (options.refuseWith !== undefined) {
      answer(options.refuseWith, 'Refused');
      return void client.end();
    }
    const m = /^(.+):(\d+)$/.exec(req.url ?? '');
    if (!m) {
      answer(400, 'Bad Request');
      return void client.end();
    }
    const [, host, port] = m;
    if (head.length > 0) client.unshift(head);
    relay(
      client,
      host!.replace(/^\[|\]$/g, ''),
      Number(port),
      (ok) => answer(ok ? 200 : 502, ok ? 'Connection Established' : 'Bad Gateway'),
      () => track.done(`${host}:${port}`),
    );
  });
  const track = tracker(server);
  return {
    port: await listen(server),
    relayed: track.relayed,
    nextRelay: track.nextRelay,
    close: track.close,
  };
}
