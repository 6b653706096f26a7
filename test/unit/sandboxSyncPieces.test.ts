import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AccountStore } from '../../main/sandbox/accounts';
import { largeAccount } from '../../main/sandbox/demoData';
import { makeQuirks } from '../../main/sandbox/quirks';
import { REPLY_PIECE, syncReply, syncReplyPieces } from '../../main/sandbox/syncReply';

describe('sandbox SYN reply in pieces', () => {
  const big = largeAccount('big@example.com', 'bigpass', 5000);
  const s = new AccountStore(big.accounts);
  const owner = s.get('big@example.com')!;

  it('sends the SYN line and the settings first, before any list is read', () => {
    const first = syncReplyPieces(s, owner, 5, 0, 'MSNP5', makeQuirks()).next();
    assert.equal(first.done, false);
    assert.match(first.value as string, /^SYN 5 \d+\r\nGTC /);
    assert.doesNotMatch(first.value as string, /^LST /m);
  });

  it('cuts the lists into pieces of about 64 KiB that add up to the whole reply', () => {
    const pieces = [...syncReplyPieces(s, owner, 5, 0, 'MSNP5', makeQuirks())];
    assert.ok(pieces.length > 20, `${pieces.length} pieces`);
    for (const piece of pieces) {
      assert.ok(piece.length < REPLY_PIECE + 1024, 'no piece is much longer than a piece');
      assert.ok(piece.endsWith('\r\n'), 'every piece ends with a whole line');
    }
    assert.equal(pieces.join(''), syncReply(s, owner, 5, 0, 'MSNP5', makeQuirks()));
  });

  it('reads the lists as they were when the reply began', () => {
    const small = new AccountStore(largeAccount('me@example.com', 'pw', 3).accounts);
    const me = small.get('me@example.com')!;
    const pieces = syncReplyPieces(small, me, 5, 0, 'MSNP5', makeQuirks());
    pieces.next();
    const rest = pieces.next().value as string;
    assert.match(rest, /^LST 5 FL /);
    small.removeFromList(me, 'AL', 'contact00001@example.com');
    const later = [...pieces].join('');
    assert.match(later, /^LST 5 AL \d+ 1 3 contact00001@example.com /m);
  });
});
