// Strict mode, for testing servers: the first deviation a warning reports ends the session with that
// warning's words, during the sign-in or once online; without it the same deviation is only a warning.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StrictModeError } from '../../main/msnp/errors';
import { ALICE, nextEvent, Sessions, startServer } from './helpers';

const sessions = new Sessions();
after(() => sessions.closeAll());

describe('strict mode', () => {
  it('fails the sign-in at a deviation the tolerant client only warns about', async () => {
    const server = await startServer(undefined, { chgTrailingField: true });
    try {
      const tolerant = await sessions.signIn(server, ALICE);
      assert.ok(tolerant.state.warnings.some((w) => w.code === 'chg-trailing-field'));
      await tolerant.signOut();
      const err = await sessions.signIn(server, ALICE, { strict: true }).catch((e: unknown) => e);
      assert.ok(err instanceof StrictModeError, String(err));
      assert.equal(err.code, 'chg-trailing-field');
      assert.equal(err.message, 'strict mode is on, and CHG was answered with extra fields');
    } finally {
      await server.stop();
    }
  });

  it('ends an online session at the first deviation, with that error', async () => {
    const server = await startServer();
    try {
      const s = await sessions.signIn(server, ALICE, { strict: true });
      const closed = nextEvent(s, 'closed').then((e) => e.error);
      server.inject(ALICE.email, 'ZZZ 0 hello\r\n');
      const err = await closed;
      assert.ok(err instanceof StrictModeError, String(err));
      assert.equal(err.code, 'unknown-command');
      assert.equal(s.status, 'closed');
    } finally {
      await server.stop();
    }
  });
});
