// What a conversation leaves behind: the optional message log (off unless chosen) and File ▸ Save As,
// as a download in browser mode and as a file through the save dialog on the desktop.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { access, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { MessageLine } from '../../app/conversation';
import { messageLogFile, type LoggedMessage } from '../../main/service/messageLog';
import { FRIEND, ME, PLAIN, useHarness, type Harness } from './serviceConversationHelpers';

/** Reads the log until it holds `count` records; the log writes in the background, so this polls, with a deadline. */
async function logged(file: string, count: number, ms = 5_000): Promise<LoggedMessage[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const text = await readFile(file, 'utf8').catch(() => '');
    const records = text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as LoggedMessage);
    if (records.length >= count) return records;
    if (Date.now() > deadline)
      throw new Error(`the log holds ${records.length} records, not ${count}, after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('service conversations: the message log and Save As', () => {
  const { start, scratch } = useHarness();

  /** One message each way, then one refused by the switchboard; returns the conversation id. */
  async function talk(h: Harness): Promise<string> {
    const friend = await h.peer(FRIEND);
    await h.signIn();
    const id = await h.t.service.openConversation([FRIEND.email]);
    await h.t.service.sendMessage(id, 'Hello Friend', PLAIN);
    await h.line(id, (l) => l.kind === 'message' && l.text === 'Hello Friend' && l.delivery === 'delivered');
    (await friend.rung()).sendText('Hello Me\r\nsecond line');
    await h.received('Hello Me\nsecond line');
    h.server.quirks.nakEverything = true;
    await h.t.service.sendMessage(id, 'refused', PLAIN);
    await h.line(id, (l) => l.kind === 'message' && l.text === 'refused' && l.delivery === 'failed');
    h.server.quirks.nakEverything = false;
    return id;
  }

  it('keeps no log unless asked', async () => {
    const h = await start();
    const id = await talk(h);
    const file = messageLogFile(h.t.dir, ME.email);
    await assert.rejects(access(file), 'no log file while the log is off');
    // A log turned on later still writes; the earlier messages were never written.
    await h.t.service.updateSettings({ messageLog: true });
    await h.t.service.sendMessage(id, 'now logged', PLAIN);
    const records = await logged(file, 1);
    assert.deepEqual(
      records.map((r) => r.text),
      ['now logged'],
    );
  });

  it('writes one JSON line per message with its delivery, once it is known', async () => {
    const h = await start();
    await h.t.service.updateSettings({ messageLog: true });
    await talk(h);
    const file = messageLogFile(h.t.dir, ME.email);
    const records = await logged(file, 3);
    assert.deepEqual(
      records.map((r) => [r.direction, r.from, r.text, r.delivery ?? null]),
      [
        ['out', ME.email, 'Hello Friend', 'delivered'],
        ['in', FRIEND.email, 'Hello Me\nsecond line', null],
        ['out', ME.email, 'refused', 'failed'],
      ],
    );
    assert.match(records[2]!.error ?? '', /could not be delivered/);
    assert.deepEqual(records[0]!.conversation, [FRIEND.email]);
    assert.ok(!Number.isNaN(Date.parse(records[0]!.at)));
    assert.equal(path.dirname(file), path.join(h.t.dir, 'message-log'));
  });

  it('gives browser mode the conversation as text to download', async () => {
    const h = await start({ service: { environment: 'browser', openWindow: undefined } });
    const id = await talk(h);
    const saved = await h.t.service.saveConversation(id);
    assert.equal(saved.kind, 'download');
    if (saved.kind !== 'download') return;
    assert.match(saved.fileName, /^Conversation with Friend \d{4}-\d{2}-\d{2}\.txt$/);
    const lines = saved.text.split('\r\n');
    assert.equal(lines[0], 'Conversation with Friend <friend@test.example>');
    assert.ok(lines.some((l) => / Me says:$/.test(l)));
    assert.ok(lines.includes('  Hello Friend'));
    assert.ok(
      lines.includes('  Hello Me') && lines.includes('  second line'),
      'a line break becomes a line of its own',
    );
    assert.ok(lines.some((l) => /^ {2}\(not delivered: .+\)$/.test(l)));
    assert.ok(
      !saved.text.replace(/\r\n/g, '').includes('\r') && !saved.text.replace(/\r\n/g, '').includes('\n'),
      'CRLF only',
    );
  });

  it('writes the file the desktop save dialog chose, and does nothing when it is cancelled', async () => {
    const dir = await scratch();
    const target = path.join(dir, 'chat.txt');
    const asked: string[] = [];
    let answer: string | null = target;
    const h = await start({
      service: {
        files: {
          chooseTextSavePath: async (name) => {
            asked.push(name);
            return answer;
          },
        },
      },
    });
    const id = await talk(h);
    assert.deepEqual(await h.t.service.saveConversation(id), { kind: 'saved', path: target });
    assert.match(asked[0]!, /^Conversation with Friend \d{4}-\d{2}-\d{2}\.txt$/);
    const text = await readFile(target, 'utf8');
    assert.match(text, /^Conversation with Friend <friend@test\.example>\r\n/);
    assert.ok(text.includes('  Hello Friend\r\n'));

    answer = null;
    await rm(target);
    assert.deepEqual(await h.t.service.saveConversation(id), { kind: 'cancelled' });
    await assert.rejects(access(target), 'nothing written');

    // The line failed in the log of lines too (a MessageLine, not just text).
    const lines = await h.t.service.getConversationLines(id, null, 10);
    assert.equal((lines.at(-1) as MessageLine).delivery, 'failed');
  });
});
