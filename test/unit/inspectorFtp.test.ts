// The inspector's file-transfer connections without a network: the AuthCookie mask, no TrIDs read from
// MSNFTP's numbers, and one connection per transfer, closed by its terminal event or when the inspector stops.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { InvitationEvents } from '../../main/msnp/invitationEvents';
import { InvitationManager } from '../../main/msnp/invitations';
import { maskFtpTraffic } from '../../main/msnp/trafficMask';
import { followTransfers } from '../../main/service/inspector/inspectorFtp';
import { TrafficRing, type ConnectionRecord } from '../../main/service/inspector/trafficRing';

/** An invitation manager whose events the test emits itself. */
function fakeInvitations() {
  const inv = new InvitationManager({
    selfEmail: 'me@example.com',
    send: async () => {},
    localAddress: () => '',
  });
  const emit = <K extends keyof InvitationEvents>(event: K, payload: InvitationEvents[K]) =>
    (inv as unknown as { emit(e: K, p: InvitationEvents[K]): void }).emit(event, payload);
  return { inv, emit };
}

describe('the inspector: file transfers', () => {
  it('masks the AuthCookie of MSNFTP USR either way, and nothing else', () => {
    assert.equal(maskFtpTraffic('USR bob@example.com 1234567'), 'USR bob@example.com ********');
    assert.equal(maskFtpTraffic('FIL 2048'), 'FIL 2048');
    assert.equal(maskFtpTraffic('BYE 16777989'), 'BYE 16777989');
  });

  it('keeps each transfer as one ftp connection, without TrIDs, closed when it ends', () => {
    const ring = new TrafficRing(100);
    const { inv, emit } = fakeInvitations();
    let n = 0;
    const stop = followTransfers(inv, {
      open: (label) => ring.addConnection(`ftp${++n}`, 'ftp', `ftp ${n} ${label}`),
      keep: (record: ConnectionRecord, r) =>
        void ring.push(record, r.direction, maskFtpTraffic(r.line), undefined, r.at),
      close: (record) => ring.closeConnection(record),
    });
    const line = (cookie: string, direction: 'in' | 'out', text: string) =>
      emit('transferRaw', {
        cookie,
        direction: 'send',
        peer: 'bob@example.com',
        fileName: 'a\u001b.txt',
        raw: { direction, line: text, at: 1 },
      });
    line('1', 'out', 'FIL 2048');
    line('2', 'in', 'VER MSNFTP');
    line('1', 'out', 'CCL');
    emit('cancelled', { cookie: '1', by: 'self', code: 'CCL', message: 'You cancelled the transfer.' });
    assert.deepEqual(ring.connections(), [
      { id: 'ftp1', kind: 'ftp', label: 'ftp 1 a\\x1b.txt ↔ bob@example.com', open: false },
      { id: 'ftp2', kind: 'ftp', label: 'ftp 2 a\\x1b.txt ↔ bob@example.com', open: true },
    ]);
    const page = ring.query({ connection: 'ftp1', offset: 0, limit: 10 });
    assert.deepEqual(
      page.lines.map((l) => [l.command, l.trId]),
      [
        ['FIL', null],
        ['CCL', null],
      ],
    );
    // A cancel of ours is settled before its CCL goes out: the CCL still belongs to that transfer.
    emit('cancelled', { cookie: '2', by: 'self', code: 'CCL', message: 'You cancelled the transfer.' });
    line('2', 'out', 'CCL');
    assert.equal(ring.connections().length, 2, 'no third connection for the late CCL');
    assert.deepEqual(
      ring.query({ connection: 'ftp2', offset: 0, limit: 10 }).lines.map((l) => l.command),
      ['VER', 'CCL'],
    );
    line('3', 'in', 'VER MSNFTP');
    stop();
    assert.equal(ring.connection('ftp3')?.open, false, 'stopping closes what is still open');
  });
});
