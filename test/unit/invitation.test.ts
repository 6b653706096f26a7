import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CANCEL_CODES,
  FILE_TRANSFER_GUID,
  VOICE_GUID,
  announcedFileName,
  describeCancelCode,
  isCancelCode,
  parseFileSize,
  parseInvitation,
  parseInvitationPayload,
  serializeInvitation,
} from '../../app/invitation';

const crlf = (text: string): string => text.replace(/\n/g, '\r\n');

// The shape of a Client 3.0 file-transfer INVITE, field for field.
const CLASSIC_INVITE = crlf(
  'MIME-Version: 1.0\nContent-Type: text/x-msmsgsinvite; charset=UTF-8\n\n' +
    'Application-Name: File Transfer\n' +
    `Application-GUID: ${FILE_TRANSFER_GUID}\n` +
    'Invitation-Command: INVITE\n' +
    'Invitation-Cookie: 26817\n' +
    'Application-File: holiday.jpg\n' +
    'Application-FileSize: 45732\n\n',
);

describe('serializeInvitation', () => {
  it('writes an INVITE byte for byte as the classic client did, application fields first', () => {
    const payload = serializeInvitation('INVITE', '26817', [
      ['Application-Name', 'File Transfer'],
      ['Application-GUID', FILE_TRANSFER_GUID],
      ['Application-File', 'holiday.jpg'],
      ['Application-FileSize', '45732'],
    ]);
    assert.equal(payload, CLASSIC_INVITE);
  });

  it('writes the sender ACCEPT with address, port and cookie after the command', () => {
    const payload = serializeInvitation('ACCEPT', '26817', [
      ['IP-Address', '192.0.2.7'],
      ['Port', '6891'],
      ['AuthCookie', '1151427049'],
      ['Launch-Application', 'FALSE'],
      ['Request-Data', 'IP-Address:'],
    ]);
    assert.equal(
      payload,
      crlf(
        'MIME-Version: 1.0\nContent-Type: text/x-msmsgsinvite; charset=UTF-8\n\n' +
          'Invitation-Command: ACCEPT\nInvitation-Cookie: 26817\nIP-Address: 192.0.2.7\nPort: 6891\n' +
          'AuthCookie: 1151427049\nLaunch-Application: FALSE\nRequest-Data: IP-Address:\n\n',
      ),
    );
  });

  it('refuses a value with a line break and a cookie with a space, so nothing can be smuggled into the body', () => {
    assert.throws(() => serializeInvitation('INVITE', '1', [['Application-File', 'a\r\nInvitation-Command: CANCEL']]), TypeError);
    assert.throws(() => serializeInvitation('CANCEL', '1 2', []), TypeError);
  });
});

describe('parseInvitation', () => {
  it('reads back what serializeInvitation wrote', () => {
    const parsed = parseInvitationPayload(CLASSIC_INVITE);
    assert.ok(!('error' in parsed));
    assert.equal(parsed.command, 'INVITE');
    assert.equal(parsed.cookie, '26817');
    assert.equal(parsed.fields['application-guid'], FILE_TRANSFER_GUID);
    assert.equal(parsed.fields['application-file'], 'holiday.jpg');
    assert.equal(parsed.fields['application-filesize'], '45732');
  });

  it('reads a body without the MIME headers, with LF-only line ends and any case of command', () => {
    const parsed = parseInvitation('invitation-command: cancel\nInvitation-Cookie: 9\nCancel-Code: REJECT\n');
    assert.ok(!('error' in parsed));
    assert.deepEqual({ ...parsed, fields: { ...parsed.fields } }, { command: 'CANCEL', cookie: '9', fields: { 'invitation-command': 'cancel', 'invitation-cookie': '9', 'cancel-code': 'REJECT' } });
    const bodyOnly = parseInvitationPayload('Invitation-Command: ACCEPT\r\nInvitation-Cookie: 9\r\n\r\n');
    assert.ok(!('error' in bodyOnly) && bodyOnly.command === 'ACCEPT' && bodyOnly.cookie === '9');
  });

  const bad: [string, string, RegExp][] = [
    ['no command', 'Invitation-Cookie: 1\r\n', /no Invitation-Command/],
    ['an unknown command', 'Invitation-Command: STEAL\r\nInvitation-Cookie: 1\r\n', /not INVITE, ACCEPT or CANCEL/],
    ['no cookie', 'Invitation-Command: INVITE\r\n', /no Invitation-Cookie/],
    ['an empty cookie', 'Invitation-Command: INVITE\r\nInvitation-Cookie: \r\n', /cookie is empty/],
    ['a cookie of 65 characters', `Invitation-Command: INVITE\r\nInvitation-Cookie: ${'9'.repeat(65)}\r\n`, /too long/],
    ['an empty body', '', /no Invitation-Command/],
    ['binary garbage', '\u0000\u0001\u00ff\r\n\r\n::::', /no Invitation-Command/],
  ];
  for (const [what, body, message] of bad) {
    it(`returns an error, never throws, for ${what}`, () => {
      const parsed = parseInvitation(body);
      assert.ok('error' in parsed);
      assert.match(parsed.error, message);
    });
  }

  it('keeps fields named __proto__ or constructor as plain fields, and finds none it was not sent', () => {
    const parsed = parseInvitation('Invitation-Command: INVITE\r\nInvitation-Cookie: 5\r\n__proto__: x\r\nConstructor: y\r\n');
    assert.ok(!('error' in parsed));
    assert.equal(Object.getPrototypeOf(parsed.fields), null);
    assert.deepEqual(Object.keys(parsed.fields), ['invitation-command', 'invitation-cookie', '__proto__', 'constructor']);
    assert.equal(parsed.fields['__proto__'], 'x');
    assert.equal(parsed.fields['tostring'], undefined);
    assert.equal(parsed.fields['hasOwnProperty'], undefined);
  });

  it('quotes an unknown command for the sentence, escaped and cut', () => {
    const parsed = parseInvitation(`Invitation-Command: \u001b[2J\u202eEVIL${'x'.repeat(100)}\r\nInvitation-Cookie: 5\r\n`);
    assert.ok('error' in parsed);
    assert.match(parsed.error, /^the invitation command "\\x1b\[2J\\u202eEVILx+…" is not INVITE, ACCEPT or CANCEL$/);
    assert.ok(!parsed.error.includes('\u001b') && !parsed.error.includes('\u202e'));
  });
});

describe('cancel codes and helpers', () => {
  it('has one plain sentence for each classic Cancel-Code', () => {
    assert.deepEqual(Object.keys(CANCEL_CODES).sort(), ['FAIL', 'FTTIMEOUT', 'OUTBANDCANCEL', 'REJECT', 'REJECT_NOT_INSTALLED', 'TIMEOUT']);
    for (const sentence of Object.values(CANCEL_CODES)) assert.match(sentence, /^[A-Z][^\n]*\.$/);
    assert.equal(describeCancelCode('REJECT'), 'The other person declined the invitation.');
    assert.match(describeCancelCode('WHATEVER'), /code WHATEVER/);
    assert.ok(isCancelCode('FTTIMEOUT'));
    assert.ok(!isCancelCode('toString'));
  });

  it('reads file sizes strictly', () => {
    assert.equal(parseFileSize('45732'), 45732);
    assert.equal(parseFileSize(' 0 '), 0);
    for (const bad of [undefined, '', '-1', '1e3', '12abc', '99999999999999999']) assert.equal(parseFileSize(bad), null, String(bad));
  });

  it('announces only the last path segment of our own file, without control characters', () => {
    assert.equal(announcedFileName('C:\\Users\\me\\report.doc'), 'report.doc');
    assert.equal(announcedFileName('/home/me/a\r\nb.txt'), 'ab.txt');
    assert.equal(announcedFileName('dir/'), 'file');
  });

  it('knows the voice GUID', () => {
    assert.equal(VOICE_GUID, '{02D3C01F-BF30-4825-A83A-DE7AF41648AA}');
  });
});
