// The engine's switchboard against a hand-written server that names participants with things that are
// not addresses: each is turned away with a warning, and only real addresses join.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { Switchboard } from '../../main/msnp/switchboard';

describe('switchboard participants from the wire', () => {
  it('refuses JOI and IRO names that are not addresses (Object member names among them) with a warning', async () => {
    const server = net.createServer((socket) => {
      socket.setEncoding('latin1');
      socket.once('data', (line: string) => {
        const trId = /^USR (\d+) /.exec(line)?.[1] ?? '1';
        socket.write(
          `USR ${trId} OK me@example.com Me\r\n` +
            'JOI __proto__ Evil\r\n' +
            'JOI constructor Evil\r\n' +
            'JOI toString%20me Evil\r\n' +
            'JOI ben@example.com Ben\r\n',
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const sb = new Switchboard({ email: 'me@example.com', requestTimeoutMs: 5_000 });
    const joined: string[] = [];
    const warnings: string[] = [];
    sb.on('warning', (w) => warnings.push(w.code));
    const ben = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('ben never joined')), 5_000);
      sb.on('joined', (e) => {
        joined.push(e.email);
        if (e.email === 'ben@example.com') {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    try {
      const port = (server.address() as net.AddressInfo).port;
      await sb.start({ mode: 'call', host: '127.0.0.1', port, cookie: '1.2.3' });
      await ben;
      assert.deepEqual(joined, ['ben@example.com']);
      assert.deepEqual(warnings, ['bad-handle', 'bad-handle', 'bad-handle']);
      assert.deepEqual([...sb.participants.keys()], ['ben@example.com']);
    } finally {
      sb.leave();
      server.close();
    }
  });
});
