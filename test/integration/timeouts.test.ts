// --timeout reaches every wait of the engine: a server that stops mid-sync, or a call nobody answers,
// ends the command in about that long with a sentence and exit status 1.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ALICE, BOB, Sessions, startServer } from './helpers';
import { ScriptServer, SCRIPT_EMAIL } from './faultsScript';
import type { MsnpTestServer } from '../../main/sandbox/server';
import { runMsnp } from './cliRun';


const msnp = (args: string[], limitMs?: number) => runMsnp(args, { limitMs });

describe('msnp --timeout', () => {
  it('ends a sign-in whose server stops mid-sync, with its sentence and exit status 1', async () => {
    // The lists stop after the first line, and nothing is answered after that.
    let stopped = false;
    const server = await ScriptServer.start((c, cmd) => {
      if (stopped) return true;
      if (cmd.name !== 'SYN') return false;
      stopped = true;
      c.write(
        `SYN ${cmd.trId} 3\r\nGTC ${cmd.trId} 3 A\r\nBLP ${cmd.trId} 3 AL\r\nLST ${cmd.trId} FL 3 1 2 bob@example.com Bob\r\n`,
      );
      return true;
    });
    try {
      const r = await msnp([
        'login',
        '--server',
        `127.0.0.1:${server.port}`,
        '--user',
        SCRIPT_EMAIL,
        '--password',
        'x',
        '--timeout',
        '1',
      ]);
      assert.equal(r.killed, false, `msnp did not end by itself: ${r.stdout}${r.stderr}`);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout, /warning: .*FL \(1 of 2 lines\)/);
      assert.equal(r.stderr.trim(), 'msnp: the server did not answer CHG within 1 second');
    } finally {
      await server.stop();
    }
  });

  describe('in a conversation', () => {
    let server: MsnpTestServer;
    const sessions = new Sessions();
    before(async () => {
      server = await startServer();
      // Bob is online but nothing answers his rings.
      await sessions.signIn(server, BOB);
    });
    after(async () => {
      await sessions.closeAll();
      await server.stop();
    });

    it('gives up on a call nobody answers after --timeout, not 30 seconds', async () => {
      const r = await msnp([
        'send',
        '--server',
        `127.0.0.1:${server.dispatchPort}`,
        '--user',
        ALICE.email,
        '--password',
        ALICE.password,
        '--to',
        BOB.email,
        '--message',
        'hi',
        '--timeout',
        '1',
      ]);
      assert.equal(r.killed, false, `msnp did not end by itself: ${r.stdout}${r.stderr}`);
      assert.equal(r.code, 1, r.stderr);
      assert.equal(r.stderr.trim(), 'msnp: Bob Ünïcode ☃ did not answer.');
    });
  });
});
