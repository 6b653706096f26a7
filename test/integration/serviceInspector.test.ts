// The protocol inspector through the account service, against the test server: the traffic of the
// notification server and a switchboard is kept masked, a tolerated deviation is flagged on its line, and
// commands typed in the console go out with a TrID and their replies come back in the traffic.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { InspectorLine, InspectorQuery } from '../../app/inspector';
import type { TestService } from './serviceHelpers';
import { FRIEND, ME, openInspector, PLAIN, useHarness } from './serviceConversationHelpers';
import { NotificationSession } from '../../main/msnp/notificationSession';
import { parseTranscript } from '../../main/replay/transcript';
import { startReplayServer } from '../../main/replay/serve';

/** Asks again at each inspector event until `probe` finds something; fails after `ms`. */
async function until<T>(
  t: TestService,
  probe: () => Promise<T | undefined>,
  what: string,
  ms = 5_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`no ${what} within ${ms} ms`);
    await t.next('inspector', () => true, left).catch(() => {});
  }
}

function lineWhere(
  t: TestService,
  query: Omit<InspectorQuery, 'offset' | 'limit'>,
  match: (l: InspectorLine) => boolean,
  what: string,
) {
  return until(
    t,
    async () => (await t.service.inspectorQuery({ ...query, offset: 0, limit: 1000 })).lines.find(match),
    what,
  );
}

describe('the protocol inspector in the app', () => {
  const { start } = useHarness();

  it('flags the deviation beside its line and masks the MD5 answer', async () => {
    const h = await start({ quirks: { chgTrailingField: true } });
    await openInspector(h.t);
    await h.signIn();
    const flagged = await lineWhere(h.t, { deviationsOnly: true }, (l) => l.command === 'CHG', 'flagged CHG');
    assert.equal(flagged.direction, 'in');
    assert.match(flagged.line, /^CHG \d+ NLN 0$/);
    assert.equal(flagged.flags[0]?.code, 'chg-trailing-field');
    const usr = await h.t.service.inspectorQuery({ command: 'USR', offset: 0, limit: 10 });
    const answer = usr.lines.find((l) => l.direction === 'out' && / MD5 S /.test(l.line));
    assert.match(answer!.line, /^USR \d+ MD5 S \*{8}$/);
    const exported = await h.t.service.inspectorExport('jsonl', { deviationsOnly: true });
    assert.equal(exported.kind, 'download');
    if (exported.kind === 'download') {
      assert.match(exported.fileName, /^butterfly-traffic-.*\.jsonl$/);
      assert.ok(exported.text.includes('"chg-trailing-field"'));
    }
  });

  it('sends console commands on the notification server and a switchboard and shows their replies', async () => {
    const h = await start();
    const friend = await h.peer(FRIEND);
    await openInspector(h.t);
    await h.signIn();
    const page = await h.t.service.inspectorQuery({ offset: 0, limit: 0 });
    const ns = page.connections.find((c) => c.kind === 'ns' && c.open)!;
    assert.ok(ns, 'the notification server is listed');

    assert.deepEqual(await h.t.service.inspectorSend({ connection: ns.id, line: 'PNG' }), { trId: null });
    await lineWhere(h.t, { connection: ns.id }, (l) => l.direction === 'in' && l.command === 'QNG', 'QNG');

    const { trId } = await h.t.service.inspectorSend({ connection: ns.id, line: 'CHG BSY' });
    assert.ok(typeof trId === 'number' && trId > 0);
    const reply = await lineWhere(
      h.t,
      { connection: ns.id },
      (l) => l.direction === 'in' && l.trId === trId,
      'the CHG reply',
    );
    assert.equal(reply.line, `CHG ${trId} BSY`);

    await assert.rejects(h.t.service.inspectorSend({ connection: ns.id, line: 'MSG N' }), /payload box/);
    await assert.rejects(h.t.service.inspectorSend({ connection: 'sb999', line: 'PNG' }), /closed/);

    const id = await h.t.service.openConversation([FRIEND.email]);
    await h.t.service.sendMessage(id, 'hello', PLAIN);
    await friend.message((m) => m.text === 'hello');
    const sb = await until(
      h.t,
      async () =>
        (await h.t.service.inspectorQuery({ offset: 0, limit: 0 })).connections.find(
          (c) => c.kind === 'sb' && c.open,
        ),
      'a switchboard',
    );
    const payload = 'MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n\nfrom the console';
    const sent = await h.t.service.inspectorSend({ connection: sb.id, line: 'MSG A', payload });
    const ack = await lineWhere(
      h.t,
      { connection: sb.id },
      (l) => l.direction === 'in' && l.trId === sent.trId,
      'the ACK',
    );
    assert.equal(ack.command, 'ACK');
    const out = await lineWhere(
      h.t,
      { connection: sb.id, command: 'MSG' },
      (l) => l.trId === sent.trId,
      'the MSG sent',
    );
    assert.equal(out.line, `MSG ${sent.trId} A ${Buffer.byteLength(payload.replace(/\n/g, '\r\n'))}`);
    await friend.message((m) => m.text === 'from the console');
  });

  it('exports a transcript that replays: the engine signs in to it and gets the same contacts', async () => {
    const h = await start();
    await openInspector(h.t);
    await h.signIn();
    const snapshot = await h.t.service.getSnapshot();
    const expected = snapshot.account!.contacts.map((c) => [c.email, c.nickname, c.lists]);
    assert.ok(expected.length > 0, 'the account has contacts');
    await h.t.service.signOut();
    const exported = await h.t.service.inspectorExport('transcript', {});
    assert.equal(exported.kind, 'download');
    if (exported.kind !== 'download') return;
    assert.match(exported.text, /^--- connection /m);
    // The MD5 answer is masked in the export; replay compares that field loosely, as a salt differs anyway.
    assert.match(exported.text, /^C: USR \d+ MD5 S \*{8}$/m);
    assert.ok(parseTranscript(exported.text).length >= 2, 'dispatch and notification server');
    const replay = await startReplayServer(exported.text);
    try {
      const engine = new NotificationSession({ keepAliveMs: 0, requestTimeoutMs: 5_000 });
      await engine.signIn({ host: '127.0.0.1', port: replay.port, email: ME.email, password: ME.password });
      const got = engine.snapshot().contacts.map((c) => [c.email, c.nickname, c.lists]);
      await engine.signOut();
      // Bounded: a replay the engine left halfway must fail the test, not hang it.
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('the replay did not finish within 10 s')), 10_000);
      });
      await Promise.race([replay.finished, deadline]).finally(() => clearTimeout(timer));
      assert.deepEqual(replay.mismatches, []);
      assert.deepEqual(got, expected);
    } finally {
      await replay.close();
    }
  });

  it('keeps nothing until the inspector is first opened, then records the session already under way', async () => {
    const h = await start();
    await h.signIn();
    assert.equal(
      h.t.service.inspector.ring.size,
      0,
      'a sign-in with the inspector never opened is not recorded',
    );
    const first = await h.t.service.inspectorQuery({ offset: 0, limit: 0 });
    assert.deepEqual(first.connections, [], 'nothing from before the inspector opened');
    await h.t.service.setStatus('BSY');
    const chg = await lineWhere(h.t, {}, (l) => l.direction === 'in' && l.command === 'CHG', 'the CHG reply');
    assert.match(chg.line, /^CHG \d+ BSY$/);
  });

  it('marks every connection closed at sign-out, and the console refuses them', async () => {
    const h = await start();
    const friend = await h.peer(FRIEND);
    await openInspector(h.t);
    await h.signIn();
    const id = await h.t.service.openConversation([FRIEND.email]);
    await h.t.service.sendMessage(id, 'hello', PLAIN);
    await friend.message((m) => m.text === 'hello');
    await until(
      h.t,
      async () =>
        (await h.t.service.inspectorQuery({ offset: 0, limit: 0 })).connections.find(
          (c) => c.kind === 'sb' && c.open,
        ),
      'a switchboard',
    );
    await h.t.service.signOut();
    const { connections } = await h.t.service.inspectorQuery({ offset: 0, limit: 0 });
    assert.ok(connections.length >= 2);
    assert.deepEqual(
      connections.filter((c) => c.open),
      [],
    );
    await assert.rejects(
      h.t.service.inspectorSend({ connection: connections[0]!.id, line: 'PNG' }),
      /closed/,
    );
  });
});
