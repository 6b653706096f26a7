// The far side of the round-trip benchmark, in a process of its own: the test server with Bob signed in and
// answering rings (a real client that parses every message it is sent), plus a bare echo server. Prints one
// JSON line with the ports, then runs until it is killed or its parent goes (stdin closes).
import net from 'node:net';
import { ConversationManager } from '../../main/msnp/conversations';
import { NotificationSession } from '../../main/msnp/notificationSession';
import { MsnpTestServer } from '../../main/sandbox/server';
import { ALICE, BOB } from '../integration/helpers';

async function main(): Promise<void> {
  const server = new MsnpTestServer({ accounts: [{ ...ALICE, forward: [BOB.email], allow: [BOB.email] }, BOB] });
  await server.start();
  const bob = new NotificationSession({ keepAliveMs: 0 });
  await bob.signIn({ host: '127.0.0.1', port: server.dispatchPort, email: BOB.email, password: BOB.password });
  // Answers Alice's ring; from then on every message is parsed and emitted like in the app.
  new ConversationManager(bob);
  // Echoes whatever arrives, as it arrives: the least any server can do with a line.
  const echo = net.createServer((socket) => {
    socket.setNoDelay(true);
    socket.on('data', (chunk) => socket.write(chunk));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  const echoPort = (echo.address() as net.AddressInfo).port;
  process.stdout.write(`${JSON.stringify({ dispatch: server.dispatchPort, echo: echoPort })}\n`);
  process.once('SIGTERM', () => process.exit(0));
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}

main().catch((err: unknown) => {
  process.stderr.write(`round-trip peer: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
