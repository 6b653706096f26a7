// The protocol inspector's file-transfer connections, through the account service against the test server:
// each transfer's MSNFTP control lines (never its data blocks) are kept in order as a connection of their own,
// without TrIDs, the AuthCookie masked, and the connection closes when the transfer ends.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { InspectorConnection } from '../../app/inspector';
import type { InvitationEvents } from '../../main/msnp/invitationEvents';
import type { TestService } from './serviceHelpers';
import { FRIEND, openInspector, PLAIN, useHarness, type Harness } from './serviceConversationHelpers';
import { nextOf } from './transferHelpers';

/** The inspector's closed ftp connection whose label names `fileName`, once it is listed. */
async function closedFtp(t: TestService, fileName: string, ms = 10_000): Promise<InspectorConnection> {
  const deadline = Date.now() + ms;
  for (;;) {
    const { connections } = await t.service.inspectorQuery({ offset: 0, limit: 0 });
    const found = connections.find((c) => c.kind === 'ftp' && !c.open && c.label.includes(fileName));
    if (found) return found;
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`no closed ftp connection for ${fileName} within ${ms} ms`);
    await t.next('inspector', () => true, left).catch(() => {});
  }
}

/** The connection's lines as "direction line". */
async function linesOf(t: TestService, connection: string): Promise<string[]> {
  const page = await t.service.inspectorQuery({ connection, offset: 0, limit: 1000 });
  for (const l of page.lines) assert.equal(l.trId, null, `MSNFTP has no TrID: ${l.line}`);
  return page.lines.map((l) => `${l.direction} ${l.line}`);
}

/** The AuthCookie as the other side's engine saw it in the USR line, unmasked. */
function cookieIn(raw: InvitationEvents['transferRaw'][]): string {
  const usr = raw.find((r) => r.raw.line.startsWith('USR '));
  assert.ok(usr, 'the other side saw the USR line');
  const cookie = usr.raw.line.split(' ')[2] ?? '';
  assert.match(cookie, /^\d+$/);
  return cookie;
}

describe('the protocol inspector: file transfers', () => {
  const { start, scratch } = useHarness();
  const done = (h: Harness, fileName: string) =>
    h.seen('invitation', (e) => e.invitation.fileName === fileName && e.invitation.state === 'done', 10_000);

  it("lists a sent file's MSNFTP control channel, its lines in order and the cookie masked", async () => {
    const h = await start();
    const friend = await h.peer(FRIEND);
    await openInspector(h.t);
    await h.signIn();
    const id = await h.t.service.openConversation([FRIEND.email]);
    await h.t.service.sendMessage(id, 'a file is coming', PLAIN);
    await h.line(id, (l) => l.kind === 'message' && l.delivery === 'delivered');
    const fc = await friend.rung();
    const theirRaw: InvitationEvents['transferRaw'][] = [];
    fc.invitations.on('transferRaw', (r) => theirRaw.push(r));

    const data = randomBytes(50 * 1024);
    const source = path.join(await scratch(), 'holiday.txt');
    await writeFile(source, data);
    const offer = nextOf(fc.invitations, 'fileOffer');
    await h.t.service.offerFile(id, { kind: 'path', path: source });
    await fc.invitations.acceptFile((await offer).cookie, await scratch());
    await done(h, 'holiday.txt');

    const ftp = await closedFtp(h.t, 'holiday.txt');
    assert.match(ftp.label, new RegExp(`^ftp \\d+ holiday\\.txt ↔ ${FRIEND.email}$`));
    assert.deepEqual(await linesOf(h.t, ftp.id), [
      'in VER MSNFTP',
      'out VER MSNFTP',
      `in USR ${FRIEND.email} ********`,
      `out FIL ${data.length}`,
      'in TFR',
      'in BYE 16777989',
    ]);
    const cookie = cookieIn(theirRaw);
    const exported = await h.t.service.inspectorExport('transcript', {});
    assert.equal(exported.kind, 'download');
    if (exported.kind !== 'download') return;
    // A transcript is for replaying to a server: the peer-to-peer MSNFTP channel stays out of it.
    assert.doesNotMatch(exported.text, /^--- connection .*ftp \d+/m);
    assert.ok(!exported.text.includes(cookie), 'the AuthCookie appears nowhere in the export');
    const lines = await h.t.service.inspectorExport('jsonl', {});
    assert.equal(lines.kind, 'download');
    if (lines.kind !== 'download') return;
    assert.match(lines.text, /"connection":"ftp\d+","line":"FIL \d+"/);
    assert.ok(!lines.text.includes(cookie), 'nor in the JSON lines');
  });

  it("lists a received file's MSNFTP control channel the other way round", async () => {
    const h = await start();
    const friend = await h.peer(FRIEND);
    await openInspector(h.t);
    await h.signIn();
    const data = randomBytes(20 * 1024);
    const talk = friend.talk();
    const theirRaw: InvitationEvents['transferRaw'][] = [];
    talk.invitations.on('transferRaw', (r) => theirRaw.push(r));
    void talk.sendFile({ name: 'report.pdf', data });
    const offered = await h.seen('invitation', (e) => e.invitation.state === 'offered', 10_000);
    await h.t.service.acceptInvitation(offered.invitation.id);
    await done(h, 'report.pdf');

    const ftp = await closedFtp(h.t, 'report.pdf');
    assert.match(ftp.label, new RegExp(`^ftp \\d+ report\\.pdf ↔ ${FRIEND.email}$`));
    const lines = await linesOf(h.t, ftp.id);
    assert.deepEqual(lines.slice(0, 2), ['out VER MSNFTP', 'in VER MSNFTP']);
    assert.match(lines[2]!, /^out USR \S+ \*{8}$/);
    assert.deepEqual(lines.slice(3), [`in FIL ${data.length}`, 'out TFR', 'out BYE 16777989']);
    const all = await h.t.service.inspectorExport('jsonl', {});
    assert.ok(all.kind === 'download' && !all.text.includes(cookieIn(theirRaw)), 'the AuthCookie is masked');
  });
});
