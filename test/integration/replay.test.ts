import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startReplay, type ReplayServer } from './replay';
import { NotificationSession } from '../../main/msnp/notificationSession';
import { nextEvent } from './helpers';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'transcripts');

describe('recorded transcripts', () => {
  let replay: ReplayServer | undefined;
  after(() => replay?.close());

  it('plays a whole MSNP5 session byte for byte and ends with the expected state', async () => {
    replay = await startReplay(path.join(fixtures, 'msnp5-signin.txt'));
    const s = new NotificationSession({ keepAliveMs: 0, requestTimeoutMs: 3_000 });
    const alert = nextEvent(s, 'alert');
    await s.signIn({ host: '127.0.0.1', port: replay.port, email: 'mad.hatter@example.com', password: 'teatime' });
    assert.equal((await alert).text, "Tea is served at six o'clock");

    const dormouse = nextEvent(s, 'presence', (e) => e.contact.email === 'dormouse@example.com');
    const hare = nextEvent(s, 'presence', (e) => e.contact.email === 'march.hare@example.com' && e.contact.status === 'FLN');
    await s.setPhone('PHM', '07700 900123');
    await dormouse;
    await hare;
    const snap = s.snapshot();
    await s.signOut();
    await replay.finished;
    assert.deepEqual(replay.mismatches, []);

    assert.equal(snap.self.nickname, 'The Hatter 🎩');
    assert.deepEqual(snap.self.phones, { PHH: '020 7946 0001', PHM: '07700 900123', MOB: 'N' });
    assert.equal(snap.listVersion, 14);
    assert.deepEqual(
      snap.contacts.map((c) => [c.email, c.nickname, c.lists.join(','), c.status, c.phones]),
      [
        ['march.hare@example.com', 'March Hare', 'FL,AL,RL', 'FLN', { PHW: '020 7946 0002', PHM: '07700 900456', MOB: 'N' }],
        ['dormouse@example.com', 'Dormouse (asleep)', 'FL,AL', 'BSY', { MOB: 'Y' }],
        ['alice@example.com', 'Alice', 'RL', 'FLN', {}],
      ],
    );
    assert.deepEqual(snap.pendingAdds, [{ email: 'alice@example.com', nickname: 'Alice' }]);
    assert.equal(snap.mail.inboxUnread, 2);
    assert.equal(snap.profile['MemberIdLow'], '9');
    assert.deepEqual(snap.warnings, []);
  });
});
