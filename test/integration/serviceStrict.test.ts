// The sign-in's Advanced settings through the account service: strict mode ends a sign-in at the first
// deviation with a sentence that names it (and is not retried), and the keep-alive interval is checked.
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MsnpTestServer } from '../../main/sandbox/server';
import { ALICE, BOB, CAROL } from './helpers';
import { makeService, request, type TestService } from './serviceHelpers';

describe('strict mode and keep-alive in the app', () => {
  let server: MsnpTestServer;
  let t: TestService;
  beforeEach(async () => {
    server = new MsnpTestServer({ accounts: [ALICE, BOB, CAROL], quirks: { chgTrailingField: true } });
    await server.start();
    t = await makeService();
  });
  afterEach(async () => {
    await t.close();
    await server.stop();
  });
  const signIn = () =>
    t.service.signIn(request(ALICE.email, ALICE.password, `127.0.0.1:${server.dispatchPort}`));

  it('tolerates the deviation by default and names it when strict mode is on', async () => {
    await signIn();
    assert.equal((await t.service.getSnapshot()).session.phase, 'online');
    await t.service.signOut();
    await t.service.updateSettings({ strictMode: true });
    assert.equal((await t.service.getSnapshot()).settings.strictMode, true);
    await assert.rejects(signIn(), {
      message: 'Strict mode stopped the sign-in: CHG was answered with extra fields.',
    });
    const session = (await t.service.getSnapshot()).session;
    assert.equal(session.phase, 'signedOut', 'no reconnecting after a strict stop');
  });

  it('keeps a keep-alive interval of 0 or 10 to 600 seconds (validate.test.ts checks the refusals)', async () => {
    await t.service.updateSettings({ keepAliveSeconds: 0 });
    assert.equal((await t.service.getSnapshot()).settings.keepAliveSeconds, 0);
    await t.service.updateSettings({ keepAliveSeconds: 120 });
    assert.equal((await t.service.getSnapshot()).settings.keepAliveSeconds, 120);
  });
});
