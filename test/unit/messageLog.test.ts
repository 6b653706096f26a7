import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MessageLine } from '../../app/conversation';
import { logRecord, MessageLog, messageLogFile } from '../../main/service/messageLog';

const AT = Date.UTC(2001, 6, 4, 12, 30, 0);

function line(over: Partial<MessageLine>): MessageLine {
  return {
    kind: 'message',
    seq: 1,
    at: AT,
    direction: 'out',
    from: 'me@example.com',
    nickname: 'Me',
    text: 'hello',
    style: {
      font: 'Arial',
      bold: false,
      italic: false,
      underline: false,
      strikeout: false,
      color: '#000000',
    },
    delivery: 'delivered',
    error: '',
    ...over,
  };
}

describe('logRecord', () => {
  it('records a delivered message with its delivery and no error', () => {
    assert.deepEqual(logRecord(line({}), ['bob@example.com']), {
      at: '2001-07-04T12:30:00.000Z',
      conversation: ['bob@example.com'],
      direction: 'out',
      from: 'me@example.com',
      nickname: 'Me',
      text: 'hello',
      delivery: 'delivered',
    });
  });

  it('records a failed message with its reason', () => {
    const record = logRecord(
      line({ delivery: 'failed', error: 'Bob is not online, so your message could not be delivered.' }),
      ['bob@example.com'],
    );
    assert.equal(record.delivery, 'failed');
    assert.equal(record.error, 'Bob is not online, so your message could not be delivered.');
  });

  it('records a received message, or one still on its way, without a delivery', () => {
    const received = logRecord(
      line({ direction: 'in', from: 'bob@example.com', nickname: 'Bob', delivery: null }),
      ['bob@example.com'],
    );
    assert.equal('delivery' in received, false);
    assert.equal('error' in received, false);
    assert.equal('delivery' in logRecord(line({ delivery: 'sending' }), []), false);
  });

  it('copies the member list', () => {
    const members = ['bob@example.com'];
    const record = logRecord(line({}), members);
    members.push('carol@example.com');
    assert.deepEqual(record.conversation, ['bob@example.com']);
  });
});

describe('messageLogFile', () => {
  it('names the file after the account, made safe', () => {
    assert.equal(
      messageLogFile('/data', 'Me@Example.com'),
      path.join('/data', 'message-log', 'me@example.com.jsonl'),
    );
    assert.equal(
      messageLogFile('/data', '../../etc/passwd'),
      path.join('/data', 'message-log', '.._.._etc_passwd.jsonl'),
    );
    assert.equal(messageLogFile('/data', ''), path.join('/data', 'message-log', 'account.jsonl'));
    assert.equal(path.basename(messageLogFile('/data', 'a'.repeat(500))).length, 120 + '.jsonl'.length);
  });
});

describe('MessageLog', () => {
  const dirs: string[] = [];
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('appends one JSON object per line, in order, creating the folder', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'butterfly-log-'));
    dirs.push(dir);
    const file = path.join(dir, 'message-log', 'me.jsonl');
    const log = new MessageLog(
      () => file,
      () => assert.fail('no warning expected'),
    );
    for (let i = 0; i < 20; i += 1) void log.append(logRecord(line({ text: `line ${i}\nwith a break` }), []));
    await log.flush();
    const records = (await readFile(file, 'utf8')).split('\n');
    assert.equal(records.pop(), '', 'ends with a newline');
    assert.deepEqual(
      records.map((r) => (JSON.parse(r) as { text: string }).text),
      Array.from({ length: 20 }, (_, i) => `line ${i}\nwith a break`),
    );
  });

  it('warns once when it cannot write, and keeps going', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'butterfly-log-'));
    dirs.push(dir);
    const blocker = path.join(dir, 'message-log');
    await writeFile(blocker, 'a file where the folder should be');
    const warnings: string[] = [];
    const log = new MessageLog(
      () => path.join(blocker, 'me.jsonl'),
      (w) => warnings.push(w),
    );
    await log.append(logRecord(line({}), []));
    await log.append(logRecord(line({}), []));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /^Could not write the message log: /);
  });
});
