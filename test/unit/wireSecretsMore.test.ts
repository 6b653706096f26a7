// Secrets the inspector and the terminal must never show: the MSNFTP AuthCookie joins the Passport ticket.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { maskSecrets } from '../../app/wireText';

describe('maskSecrets', () => {
  it('masks the AuthCookie of a file transfer invitation, which would let anyone take the file', () => {
    const accept =
      'Invitation-Command: ACCEPT\r\nInvitation-Cookie: 42\r\nIP-Address: 10.0.0.2\r\nPort: 6891\r\nAuthCookie: 1893047\r\n';
    const shown = maskSecrets(accept);
    assert.ok(!shown.includes('1893047'));
    assert.match(shown, /AuthCookie: \*{8}/);
    assert.match(shown, /Invitation-Cookie: 42/);
  });
});
