// Opening a connection through a proxy server, as 3.0's Connection options did for the notification
// server and the switchboards: SOCKS 4 or 5 (the socks package does the handshake) or an HTTP CONNECT
// tunnel. Direct MSNFTP transfers are peer to peer and never come here. The caller's connect timeout
// covers the whole handshake: it aborts `signal`, which destroys the socket.
import http from 'node:http';
import net from 'node:net';
import { SocksClient, type SocksProxy } from 'socks';
import { ProxyError, type ProxyProblem } from './errors';

export type ProxyType = 'socks4' | 'socks5' | 'http';

export interface ProxyConfig {
  type: ProxyType;
  host: string;
  port: number;
  /** SOCKS 4 sends it as its user id; SOCKS 5 and HTTP send it with the password. */
  user?: string;
  password?: string;
}

const KIND_WORDS: Record<ProxyType, string> = { socks4: 'a SOCKS 4', socks5: 'a SOCKS 5', http: 'an HTTP' };

/** "host:port", with brackets around an IPv6 address. */
export function endpoint(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** A socket to host:port through the proxy, ready for MSNP; a ProxyError says what failed. */
export async function connectThroughProxy(
  proxy: ProxyConfig,
  host: string,
  port: number,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<net.Socket> {
  const fail = (problem: ProxyProblem) =>
    new ProxyError(problem, endpoint(proxy.host, proxy.port), endpoint(host, port), KIND_WORDS[proxy.type]);
  // Our own socket to the proxy, so "not reachable" is told apart from what the proxy says afterwards.
  const socket = await openSocket(proxy.host, proxy.port, signal, () => fail('unreachable'));
  const abort = () => socket.destroy();
  signal.addEventListener('abort', abort);
  try {
    if (proxy.type === 'http') await httpConnect(socket, proxy, endpoint(host, port), fail);
    else await socksConnect(socket, proxy, host, port, timeoutMs, fail);
    return socket;
  } catch (err) {
    socket.destroy();
    throw err;
  } finally {
    signal.removeEventListener('abort', abort);
  }
}

function openSocket(
  host: string,
  port: number,
  signal: AbortSignal,
  unreachable: () => Error,
): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ host, port });
    const abort = () => {
      socket.destroy();
      reject(unreachable());
    };
    signal.addEventListener('abort', abort, { once: true });
    socket.once('connect', () => {
      signal.removeEventListener('abort', abort);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', () => {
      signal.removeEventListener('abort', abort);
      reject(unreachable());
    });
  });
}

async function socksConnect(
  socket: net.Socket,
  proxy: ProxyConfig,
  host: string,
  port: number,
  timeoutMs: number,
  fail: (problem: ProxyProblem) => ProxyError,
): Promise<void> {
  const user = proxy.user || undefined;
  const settings: SocksProxy =
    proxy.type === 'socks4'
      ? { host: proxy.host, port: proxy.port, type: 4, userId: user }
      : {
          host: proxy.host,
          port: proxy.port,
          type: 5,
          userId: user,
          password: user ? (proxy.password ?? '') : undefined,
        };
  try {
    // The library's own timer only backs up ours, which aborts first.
    await SocksClient.createConnection({
      proxy: settings,
      command: 'connect',
      destination: { host, port },
      existing_socket: socket,
      timeout: timeoutMs + 1_000,
    });
  } catch (err) {
    throw fail(socksProblem(err instanceof Error ? err.message : '', Boolean(user && proxy.password)));
  }
}

/** The socks package says what failed only in words; these are its messages (constants.ts, ERRORS). */
function socksProblem(message: string, gaveCredentials: boolean): ProxyProblem {
  // A user name without a password is sent as it is, but what the proxy wants is still both.
  if (/no accepted authentication type|Authentication failed/i.test(message))
    return gaveCredentials ? 'credentialsRefused' : 'credentialsNeeded';
  // SOCKS 5's replies 3-6: the proxy tried, and the network or the server said no.
  if (/rejected connection - (NetworkUnreachable|HostUnreachable|ConnectionRefused|TTLExpired)/.test(message))
    return 'serverUnreachable';
  if (/rejected connection/i.test(message)) return 'refused';
  return 'notAProxy';
}

function httpConnect(
  socket: net.Socket,
  proxy: ProxyConfig,
  target: string,
  fail: (problem: ProxyProblem) => ProxyError,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host: target };
    if (proxy.user) {
      const token = Buffer.from(`${proxy.user}:${proxy.password ?? ''}`, 'utf8').toString('base64');
      headers['proxy-authorization'] = `Basic ${token}`;
    }
    const request = http.request({
      method: 'CONNECT',
      path: target,
      headers,
      createConnection: () => socket,
    });
    request.once('connect', (response, tunnel, head) => {
      const status = response.statusCode ?? 0;
      if (status >= 200 && status < 300) {
        // Bytes the server sent right after the proxy's answer are MSNP's: put them back in front.
        if (head.length > 0) tunnel.unshift(head);
        return resolve();
      }
      if (status === 407)
        return reject(fail(proxy.user && proxy.password ? 'credentialsRefused' : 'credentialsNeeded'));
      // 502 Bad Gateway, 503, 504 Gateway Timeout: the proxy could not get through to the server.
      if (status === 502 || status === 503 || status === 504) return reject(fail('serverUnreachable'));
      reject(fail('refused'));
    });
    request.once('response', () => reject(fail('notAProxy')));
    request.once('error', () => reject(fail('notAProxy')));
    request.end();
  });
}
