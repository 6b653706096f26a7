import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MsnpTestServer } from '../../main/sandbox/server';
import { largeAccount } from '../../main/sandbox/demoData';
import { signIn } from './rawClient';

describe('the sandbox streaming a big SYN reply', () => {
  const contacts = 20000;
  let server: MsnpTestServer;
  before(async () => {
    server = new MsnpTestServer({ accounts: largeAccount('big@example.com', 'bigpass', contacts).accounts });
    await server.start();
  });
  after(() => server.stop());

  it('answers what is sent while the reply goes out only after the reply, which arrives whole', async () => {
    const c = await signIn(server, { email: 'big@example.com', password: 'bigpass' });
    try {
      c.send('SYN', '0');
      c.raw('PNG\r\n');
      // Whichever comes first in the stream: the reply's last line must.
      const first = await c.take(
        (m) => m.name === 'QNG' || (m.name === 'LST' && m.args[0] === 'RL' && m.args[2] === String(contacts)),
        20_000,
      );
      assert.equal(first.name, 'LST', 'the QNG came after the whole reply');
      await c.take((m) => m.name === 'QNG');
      const held = c.held();
      assert.equal(held.filter((l) => l.startsWith('LST 5 FL ')).length, contacts);
      assert.equal(held.filter((l) => l.startsWith('BPR ')).length, contacts * 4);
    } finally {
      c.close();
    }
  });
});
