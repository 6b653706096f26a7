// Bob's side of the round-trip benchmark, in a process of its own: Bob signed in to the test server and
// answering rings (a real client that parses every message it is sent), and the far end of the bare relay,
// which only reads. Prints one line once both are ready, then answers the bench's questions until it is killed or its parent goes.
// Usage: roundTripPeer.ts <dispatch port> <relay sink port>
import net from 'node:net';
import { ConversationManager } from '../../main/msnp/conversations';
import { NotificationSession } from '../../main/msnp/notificationSession';
import { BOB } from '../integration/helpers';
import { answerCpuQueries } from './roundTripChild';

async function main(): Promise<void> {
  const [dispatch, sinkPort] = process.argv.slice(2).map(Number);
  if (!dispatch || !sinkPort) throw new Error('usage: roundTripPeer.ts <dispatch port> <relay sink port>');
  const bob = new NotificationSession({ keepAliveMs: 0 });
  await bob.signIn({ host: '127.0.0.1', port: dispatch, email: BOB.email, password: BOB.password });
  // Answers Alice's ring; from then on every message is parsed and emitted like in the app.
  new ConversationManager(bob);
  const sink = net.createConnection({ host: '127.0.0.1', port: sinkPort });
  sink.setNoDelay(true);
  await new Promise<void>((resolve, reject) => {
    sink.once('connect', resolve);
    sink.once('error', reject);
  });
  // Reads what the relay hands over, as a socket that is being read must be; does nothing with it.
  sink.on('data', () => {});
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => process.exit(0));
  answerCpuQueries();
}

main().catch((err: unknown) => {
  process.stderr.write(`round-trip peer: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
