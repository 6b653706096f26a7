// An offer over the person's limit through the whole service, over the sandbox and a real MSNFTP
// connection: the limit is a setting, the invitation says it is over, a plain accept is refused with a
// sentence (the offer stays open) and the second yes receives the file.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { InvitationInfo } from '../../app/conversation';
import { FRIEND, useHarness, type Harness } from './serviceConversationHelpers';
import { sha256 } from './transferHelpers';

describe('service conversations: offers over the limit', () => {
  const { start } = useHarness();
  const invitation = (h: Harness, match: (i: InvitationInfo) => boolean, ms = 10_000) =>
    h.seen('invitation', (e) => match(e.invitation), ms).then((e) => e.invitation);

  it('keeps the limit as a setting, 4 GiB until changed', async () => {
    const h = await start();
    assert.equal((await h.t.service.getSnapshot()).settings.maxFileSize, 4 * 1024 ** 3);
    await h.t.service.updateSettings({ maxFileSize: 1000 });
    assert.equal((await h.t.service.getSnapshot()).settings.maxFileSize, 1000);
    assert.ok(h.t.events.some((e) => e.type === 'settings' && e.settings.maxFileSize === 1000));
  });

  it('flags an offer over the limit, refuses a plain accept with a sentence, and takes the second yes', async () => {
    const h = await start();
    const friend = await h.peer(FRIEND);
    await h.signIn();
    await h.t.service.updateSettings({ maxFileSize: 1000 });
    const data = randomBytes(2048);
    void friend.talk().sendFile({ name: 'big.bin', data });
    const offered = await invitation(h, (i) => i.state === 'offered');
    assert.equal(offered.overLimit, true);
    assert.equal(offered.size, 2048);

    await assert.rejects(h.t.service.acceptInvitation(offered.id), {
      message:
        'This file is 2.0 KB, larger than your limit of 1000 bytes; click Accept, then Accept anyway, to receive it.',
    });
    assert.equal((await h.t.service.getSnapshot()).invitations[0]?.state, 'offered');

    await h.t.service.acceptInvitation(offered.id, { large: true });
    const done = await invitation(h, (i) => i.id === offered.id && i.state === 'done');
    assert.equal(done.sha256, sha256(data));
    assert.ok((await readFile(done.savedPath)).equals(data));
  });

  it('leaves an offer under the limit to one accept', async () => {
    const h = await start();
    const friend = await h.peer(FRIEND);
    await h.signIn();
    const data = randomBytes(2048);
    void friend.talk().sendFile({ name: 'small.bin', data });
    const offered = await invitation(h, (i) => i.state === 'offered');
    assert.equal(offered.overLimit, false);
    await h.t.service.acceptInvitation(offered.id);
    await invitation(h, (i) => i.id === offered.id && i.state === 'done');
  });
});
