// Offers larger than the person's limit: the setting (stored, checked at the boundary), the sizes as the
// window words them, the flag on the invitation, the explicit second "yes" acceptInvitation needs, and
// msnp receive's --max-size.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DEFAULT_MAX_FILE_SIZE,
  formatBytes,
  largeFileQuestion,
  type InvitationInfo,
} from '../../app/conversation';
import { parseCommandArgs, parseSize, UsageError } from '../../main/cli/args';
import type { Conversation } from '../../main/msnp/conversation';
import { Emitter } from '../../main/msnp/emitter';
import type { InvitationEvents } from '../../main/msnp/invitations';
import type { ConversationCenter } from '../../main/service/conversationCenter';
import { ConversationMethods } from '../../main/service/conversationMethods';
import { ConversationThread } from '../../main/service/conversationThread';
import { FileDesk } from '../../main/service/conversationTransfers';
import { defaultSettings, parseSettings } from '../../main/service/settingsStore';
import { TransferTracker } from '../../main/service/transferTracker';
import { InvalidCallError, validateCall } from '../../main/service/validate';

const GiB = 1024 ** 3;
const ROOT = mkdtempSync(path.join(tmpdir(), 'butterfly-large-'));
after(() => rmSync(ROOT, { recursive: true, force: true }));

describe('the limit for received files', () => {
  it('is 4 GiB unless changed, and a damaged value falls back to it', () => {
    assert.equal(DEFAULT_MAX_FILE_SIZE, 4 * GiB);
    assert.equal(defaultSettings().maxFileSize, 4 * GiB);
    assert.equal(parseSettings(JSON.stringify({ maxFileSize: 1024 })).settings.maxFileSize, 1024);
    for (const bad of [-1, 1.5, '4GB', null, 2 ** 60]) {
      const { settings, problem } = parseSettings(JSON.stringify({ maxFileSize: bad }));
      assert.equal(settings.maxFileSize, 4 * GiB, String(bad));
      assert.match(problem ?? '', /maxFileSize/);
    }
  });

  it('is changed through updateSettings with a whole number of bytes, and nothing else', () => {
    assert.deepEqual(validateCall('updateSettings', [{ maxFileSize: 8 * GiB }]), [{ maxFileSize: 8 * GiB }]);
    assert.deepEqual(validateCall('updateSettings', [{ maxFileSize: 0 }]), [{ maxFileSize: 0 }]);
    for (const bad of [-1, 1.5, '8GB', null, Number.MAX_SAFE_INTEGER + 1, Infinity, true]) {
      assert.throws(
        () => validateCall('updateSettings', [{ maxFileSize: bad }]),
        (e: unknown) =>
          e instanceof InvalidCallError &&
          e.message === 'The file size limit must be a whole number of bytes.',
        String(bad),
      );
    }
  });

  it('words sizes as the window shows them', () => {
    assert.equal(formatBytes(4 * GiB), '4.0 GB');
    assert.equal(formatBytes(Math.round(5.2 * GiB)), '5.2 GB');
    assert.equal(formatBytes(1.5 * 1024 ** 2), '1.5 MB');
    assert.equal(
      largeFileQuestion(Math.round(5.2 * GiB), 4 * GiB),
      'This file is 5.2 GB, larger than your limit of 4.0 GB. Accept it anyway?',
    );
  });
});

describe('acceptInvitation at the boundary', () => {
  it('takes the invitation alone, or with { large: true }', () => {
    assert.deepEqual(validateCall('acceptInvitation', ['i1']), ['i1']);
    assert.deepEqual(validateCall('acceptInvitation', ['i1', { large: true }]), ['i1', { large: true }]);
  });

  it('refuses any other second argument with one sentence', () => {
    for (const args of [
      ['i1', { large: false }],
      ['i1', {}],
      ['i1', { large: true, path: '/tmp' }],
      ['i1', null],
      ['i1', 'large'],
      ['i1', { large: true }, 3],
    ]) {
      assert.throws(
        () => validateCall('acceptInvitation', args),
        (e: unknown) => e instanceof InvalidCallError && /^[A-Z].*\.$/.test(e.message),
        JSON.stringify(args),
      );
    }
  });
});

class FakeInvitations extends Emitter<InvitationEvents> {
  readonly accepted: string[] = [];
  fire<K extends keyof InvitationEvents>(event: K, payload: InvitationEvents[K]): void {
    this.emit(event, payload);
  }
  async acceptFile(cookie: string): Promise<void> {
    this.accepted.push(cookie);
  }
}

/** A FileDesk with this limit, and one offer of `size` bytes from Bob. */
function offered(size: number, maxFileSize?: number) {
  const inv = new FakeInvitations();
  const emitted: InvitationInfo[] = [];
  const desk = new FileDesk({
    tracker: new TransferTracker(() => 0),
    files: {},
    settings: () => ({
      downloadsFolder: path.join(ROOT, 'downloads'),
      askWhereToSave: false,
      ...(maxFileSize === undefined ? {} : { maxFileSize }),
    }),
    emit: (i) => emitted.push(i),
    now: () => 0,
  });
  const thread = new ConversationThread('c1', [{ email: 'bob@example.com', nickname: 'Bob' }]);
  desk.bind({ invitations: inv } as unknown as Conversation, {
    thread: () => thread,
    appendLine: (line) => ({ ...line, seq: 1 }),
    system: () => {},
    arrived: () => {},
  });
  inv.fire('fileOffer', { cookie: '42', from: 'bob@example.com', fileName: 'film.mkv', size });
  return { desk, inv, info: emitted.at(-1)! };
}

describe('an offer over the limit', () => {
  it('is flagged on the invitation; one at the limit or under it is not', () => {
    assert.equal(offered(1001, 1000).info.overLimit, true);
    assert.equal(offered(1000, 1000).info.overLimit, false);
    assert.equal(offered(5 * GiB).info.overLimit, true, 'the default limit is 4 GiB');
    assert.equal(offered(4 * GiB).info.overLimit, false);
  });

  /** ConversationMethods over a center that holds one invitation and records accepts. */
  function methods(info: Partial<InvitationInfo>, limit = 4 * GiB) {
    const accepted: string[] = [];
    const invitation = {
      id: 'i1',
      size: 5 * GiB,
      state: 'offered',
      direction: 'receive',
      overLimit: true,
      ...info,
    };
    const center = {
      snapshot: () => ({ conversations: [], invitations: [invitation] }),
      accept: async (id: string) => void accepted.push(id),
    } as unknown as ConversationCenter;
    const m = new ConversationMethods({
      environment: 'desktop',
      files: { defaultDownloadsFolder: '/downloads' },
      center: () => center,
      online: () => null,
      openWindow: async () => {},
      downloadsFolder: () => '/downloads',
      maxFileSize: () => limit,
      warn: () => {},
    });
    return { m, accepted };
  }

  it('is not accepted without the second yes, and the sentence says why', async () => {
    const { m, accepted } = methods({ size: Math.round(5.2 * GiB) });
    await assert.rejects(m.accept('i1'), {
      message:
        'This file is 5.2 GB, larger than your limit of 4.0 GB; click Accept, then Accept anyway, to receive it.',
    });
    assert.deepEqual(accepted, []);
  });

  it('is accepted with { large: true }', async () => {
    const { m, accepted } = methods({});
    await m.accept('i1', { large: true });
    assert.deepEqual(accepted, ['i1']);
  });

  it('leaves offers under the limit to a single click', async () => {
    const { m, accepted } = methods({ size: 10, overLimit: false });
    await m.accept('i1');
    assert.deepEqual(accepted, ['i1']);
  });
});

describe('msnp receive --max-size', () => {
  const base = ['--server', '127.0.0.1', '--user', 'a@b.com', '--password', 'pw'];

  it('reads bytes, or a size with a unit counted in 1024s as the app shows them', () => {
    for (const [text, bytes] of [
      ['1000', 1000],
      ['0', 0],
      ['64K', 64 * 1024],
      ['64kb', 64 * 1024],
      ['500MB', 500 * 1024 ** 2],
      ['1.5G', 1.5 * GiB],
      ['8GB', 8 * GiB],
      ['8 GiB', 8 * GiB],
      ['2TB', 2 * 1024 ** 4],
    ] as const) {
      assert.equal(parseSize(text), bytes, text);
    }
  });

  it('refuses what is no size with one sentence', () => {
    for (const text of ['', '-1', 'lots', '5XB', '1e3', '0x10', '1.5', '99999999999TB']) {
      assert.throws(
        () => parseSize(text),
        (e: unknown) =>
          e instanceof UsageError &&
          e.message === '--max-size must be a number of bytes or a size such as 500MB or 8GB',
        text,
      );
    }
  });

  it('is an option of receive only, unset by default', () => {
    assert.equal(parseCommandArgs('receive', base).maxSize, undefined);
    assert.equal(parseCommandArgs('receive', [...base, '--max-size', '6GB']).maxSize, 6 * GiB);
    assert.equal(parseCommandArgs('receive', [...base, '--max-size=1K']).maxSize, 1024);
    assert.throws(() => parseCommandArgs('login', [...base, '--max-size', '6GB']), UsageError);
  });
});
