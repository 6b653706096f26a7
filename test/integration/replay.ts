// A replay server for C:/S: transcripts: it checks every line the client sends against the transcript
// and plays back the server's side, so a whole recorded session becomes a byte-exact conformance test.
import net from 'node:net';
import { readFile } from 'node:fs/promises';
import { md5Response } from '../../main/msnp/nsLogin';

type Step = { from: 'C'; line: string } | { from: 'S'; bytes: Buffer };

export async function loadTranscript(file: string, port: number): Promise<Step[][]> {
  const text = await readFile(file, 'utf8');
  const connections: Step[][] = [];
  let current: Step[] | null = null;
  let pendingPayload: { head: string; lines: string[] } | null = null;
  const fill = (s: string): string =>
    s.replace(/\{port\}/g, String(port)).replace(/\{md5:([^:}]*):([^}]*)\}/g, (_m, salt: string, pw: string) => md5Response(salt, pw));
  const flush = (): void => {
    if (!pendingPayload || !current) return;
    const body = Buffer.from(pendingPayload.lines.map((l) => l + '\r\n').join(''), 'utf8');
    // The last "|" line ends the payload without its own CRLF when it is empty: a blank "|" closes headers.
    current.push({ from: 'S', bytes: Buffer.concat([Buffer.from(`${pendingPayload.head} ${body.length}\r\n`), body]) });
    pendingPayload = null;
  };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const payload = /^\s+\|\s?(.*)$/.exec(line);
    if (payload && pendingPayload) {
      pendingPayload.lines.push(fill(payload[1]!));
      continue;
    }
    flush();
    if (line.startsWith('#') || line.trim() === '') continue;
    if (line === '--- connection') {
      current = [];
      connections.push(current);
      continue;
    }
    if (!current) throw new Error('a transcript must start with "--- connection"');
    const m = /^([CS]): (.*)$/.exec(line);
    if (!m) throw new Error(`unreadable transcript line: ${line}`);
    const body = fill(m[2]!);
    if (m[1] === 'C') current.push({ from: 'C', line: body });
    else if (/^(MSG|NOT)\b/.test(body) && !/ \d+$/.test(body)) pendingPayload = { head: body, lines: [] };
    else current.push({ from: 'S', bytes: Buffer.from(body + '\r\n') });
  }
  flush();
  return connections;
}

export interface ReplayServer {
  port: number;
  /** Lines the client sent that did not match, with what was expected. */
  mismatches: string[];
  /** Resolves when every connection's script has been played to its end. */
  finished: Promise<void>;
  close(): Promise<void>;
}

export async function startReplay(file: string): Promise<ReplayServer> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  const scripts = await loadTranscript(file, port);
  const mismatches: string[] = [];
  const total = scripts.length;
  let done = 0;
  let resolveFinished!: () => void;
  const finished = new Promise<void>((r) => (resolveFinished = r));
  const sockets = new Set<net.Socket>();
  server.on('connection', (sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    const script = scripts.shift();
    if (!script) {
      mismatches.push('the client opened more connections than the transcript has');
      sock.destroy();
      return;
    }
    let buffered = '';
    const advance = (): void => {
      while (script.length > 0 && script[0]!.from === 'S') sock.write((script.shift() as { bytes: Buffer }).bytes);
      if (script.length === 0) {
        sock.end();
        if (++done === total) resolveFinished();
      }
    };
    sock.on('data', (d) => {
      buffered += d.toString('utf8');
      let nl: number;
      while ((nl = buffered.indexOf('\r\n')) !== -1) {
        const got = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 2);
        const next = script.shift();
        if (!next || next.from !== 'C') mismatches.push(`unexpected client line: ${got}`);
        else if (next.line !== got) mismatches.push(`expected "${next.line}", got "${got}"`);
        advance();
      }
    });
    advance();
  });
  return {
    port,
    mismatches,
    finished,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
