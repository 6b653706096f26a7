// The server side of the round-trip benchmark, in a process of its own: the test server (whose switchboard
// relays Alice's messages to Bob and ACKs them), a bare echo server, and a bare relay that does for a line
// what the switchboard does for a MSG, nothing more. Bob and the relay's far end run in another process
// (roundTripPeer.ts), so the server never shares an event loop with a client. Prints one JSON line with
// the ports, then answers the bench's questions until it is killed or its parent goes (stdin closes).
import net from 'node:net';
import { MsnpTestServer } from '../../main/sandbox/server';
import { ALICE, BOB } from '../integration/helpers';
import { answerCpuQueries } from './roundTripChild';

/** Bytes of each line the relay is sent (Alice's MSG command), and of the ACK it answers with. */
const lineBytes = Number(process.argv[2]);
const ackBytes = Number(process.argv[3]);

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)),
  );
}

async function main(): Promise<void> {
  if (!(lineBytes > 0 && ackBytes > 0)) throw new Error('usage: roundTripServer.ts <line bytes> <ack bytes>');
  const server = new MsnpTestServer({
    accounts: [{ ...ALICE, forward: [BOB.email], allow: [BOB.email] }, BOB],
  });
  await server.start();

  // Echoes whatever arrives, as it arrives: the least any server can do with a line.
  const echo = net.createServer((socket) => {
    socket.setNoDelay(true);
    socket.on('data', (chunk) => socket.write(chunk));
    socket.on('error', () => {});
  });

  // The relay's far end (Bob's process) connects here and only reads, as Bob's switchboard socket does.
  let sink: net.Socket | null = null;
  const sinkPort = net.createServer((socket) => {
    socket.setNoDelay(true);
    socket.on('error', () => {});
    sink = socket;
  });
  // The switchboard's hops for a line, in its order: once all of it is in, an ACK-sized line goes back,
  // then the line goes on to the far end.
  const ack = Buffer.alloc(ackBytes, 'k');
  const relay = net.createServer((socket) => {
    socket.setNoDelay(true);
    socket.on('error', () => {});
    let got = 0;
    let held: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => {
      got += chunk.length;
      held.push(chunk);
      if (got < lineBytes) return;
      got -= lineBytes;
      const line = held.length === 1 ? held[0]! : Buffer.concat(held);
      held = [];
      socket.write(ack);
      sink?.write(line);
    });
  });

  const ports = {
    dispatch: server.dispatchPort,
    echo: await listen(echo),
    relay: await listen(relay),
    sink: await listen(sinkPort),
  };
  process.stdout.write(`${JSON.stringify(ports)}\n`);
  process.once('SIGTERM', () => process.exit(0));
  answerCpuQueries();
}

main().catch((err: unknown) => {
  process.stderr.write(`round-trip server: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
