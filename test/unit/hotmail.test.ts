import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeEncodedWords, parseHotmailMessage, type HotmailMessage } from '../../main/msnp/hotmail';

const NOW = 1_726_321_960_000;
const payload = (text: string): Buffer => Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'utf8');
const parse = (text: string) => parseHotmailMessage(payload(text), NOW);

function kindOf<K extends HotmailMessage['kind']>(
  m: HotmailMessage,
  kind: K,
): Extract<HotmailMessage, { kind: K }> {
  assert.equal(m.kind, kind);
  return m as Extract<HotmailMessage, { kind: K }>;
}

describe('parseHotmailMessage', () => {
  it('reads the MSNP2 initial profile whose fields sit in the headers without a blank line between', () => {
    const { message, warnings } = parse(
      'MIME-Version: 1.0\nContent-Type: text/x-msmsgsprofile; charset=UTF-8\nLoginTime: 1726321960\n\n',
    );
    assert.deepEqual({ ...kindOf(message, 'profile').profile }, { LoginTime: '1726321960' });
    assert.deepEqual(warnings, []);
  });

  it('keeps every profile field with its name as sent, including empty ones', () => {
    const { message } = parse(
      'MIME-Version: 1.0\nContent-Type: text/x-msmsgsprofile; charset=UTF-8\nLoginTime: 1726321960\nEmailEnabled: 1\n' +
        'lang_preference: 1033\nPostalCode: \nkv: 11\n\n',
    );
    assert.deepEqual({ ...kindOf(message, 'profile').profile }, {
      LoginTime: '1726321960',
      EmailEnabled: '1',
      lang_preference: '1033',
      PostalCode: '',
      kv: '11',
    });
  });

  it('ignores a profile field named __proto__ and warns', () => {
    const { message, warnings } = parse('Content-Type: text/x-msmsgsprofile\n__proto__: x\nA: b\n\n');
    const profile = kindOf(message, 'profile').profile;
    assert.deepEqual({ ...profile }, { A: 'b' });
    // No prototype at all: a field named constructor or toString is only a field.
    assert.equal(Object.getPrototypeOf(profile), null);
    assert.match(warnings.join(' '), /__proto__/);
  });

  it('reads the initial mail counts and addresses from the body (MSNP3+)', () => {
    const { message, warnings } = parse(
      'MIME-Version: 1.0\nContent-Type: text/x-msmsgsinitialemailnotification; charset=UTF-8\n\n' +
        'Inbox-Unread: 1\nFolders-Unread: 0\nInbox-URL: /cgi-bin/HoTMaiL\nFolders-URL: /cgi-bin/folders\nPost-URL: http://www.hotmail.com\n\n',
    );
    assert.deepEqual(message, {
      kind: 'initialMail',
      inboxUnread: 1,
      foldersUnread: 0,
      inboxUrl: '/cgi-bin/HoTMaiL',
      foldersUrl: '/cgi-bin/folders',
      postUrl: 'http://www.hotmail.com',
    });
    assert.deepEqual(warnings, []);
  });

  it("reads MSNP2's application/ e-mail type as the initial counts when it has Inbox-Unread", () => {
    const { message } = parse(
      'MIME-Version: 1.0\nContent-Type: application/x-msmsgsemailnotification\n\nInbox-Unread: 12\nFolders-Unread: 3\n\n',
    );
    const m = kindOf(message, 'initialMail');
    assert.equal(m.inboxUnread, 12);
    assert.equal(m.foldersUnread, 3);
  });

  it('turns a garbage or missing count into 0 with a warning naming the field', () => {
    const { message, warnings } = parse(
      'Content-Type: text/x-msmsgsinitialemailnotification\n\nInbox-Unread: lots\nInbox-URL: /x\n\n',
    );
    const m = kindOf(message, 'initialMail');
    assert.equal(m.inboxUnread, 0);
    assert.equal(m.foldersUnread, 0);
    assert.equal(m.foldersUrl, '');
    assert.equal(warnings.length, 2);
    assert.match(warnings[0]!, /Inbox-Unread/);
    assert.match(warnings[1]!, /Folders-Unread/);
  });

  it('treats negative, fractional and absurdly long counts as garbage', () => {
    for (const bad of ['-1', '1.5', '99999999999', '0x10', '1e3']) {
      const { message, warnings } = parse(
        `Content-Type: text/x-msmsgsactivemailnotification\n\nMessage-Delta: ${bad}\n\n`,
      );
      assert.equal(kindOf(message, 'mailActivity').delta, 0, bad);
      assert.equal(warnings.length, 1, bad);
    }
  });

  it("reads a new-mail notice and decodes the docs' quoted-charset Q subject", () => {
    const { message, warnings } = parse(
      'MIME-Version: 1.0\nContent-Type: text/x-msmsgsemailnotification; charset=UTF-8\n\nFrom: Example User\n' +
        'Message-URL: /cgi-bin/getmsg?msg=MSG1728932553.00&start=1&len=12&curmbox=ACTIVE\n' +
        'Post-URL: https://loginnet.passport.com/ppsecure/md5auth.srf?lc=1033\n' +
        'Subject: =?"us-ascii"?Q?Just saying hello.?=\nDest-Folder: ACTIVE\nFrom-Addr: example@hotmail.com\nid: 2\n\n',
    );
    assert.deepEqual(kindOf(message, 'newMail').notice, {
      from: 'Example User',
      fromAddr: 'example@hotmail.com',
      subject: 'Just saying hello.',
      folder: 'ACTIVE',
      messageUrl: '/cgi-bin/getmsg?msg=MSG1728932553.00&start=1&len=12&curmbox=ACTIVE',
      postUrl: 'https://loginnet.passport.com/ppsecure/md5auth.srf?lc=1033',
      receivedAt: NOW,
    });
    assert.deepEqual(warnings, []);
  });

  it("reads MSNP2's application/ e-mail type with From as a new-mail notice in the inbox", () => {
    const { message } = parse(
      'Content-Type: application/x-msmsgsemailnotification\n\nFrom: A\nFrom-Addr: a@b.c\nSubject: hi\n\n',
    );
    const notice = kindOf(message, 'newMail').notice;
    assert.equal(notice.subject, 'hi');
    assert.equal(notice.folder, 'ACTIVE');
  });

  it('reports the MSNP2 e-mail type with neither counts nor sender as unknown, with a warning', () => {
    const { message, warnings } = parse('Content-Type: application/x-msmsgsemailnotification\n\nX: y\n\n');
    assert.deepEqual(message, { kind: 'unknown', contentType: 'application/x-msmsgsemailnotification' });
    assert.equal(warnings.length, 1);
  });

  it('reads mailbox activity', () => {
    const { message } = parse(
      'MIME-Version: 1.0\nContent-Type: text/x-msmsgsactivemailnotification; charset=UTF-8\n\nSrc-Folder: ACTIVE\nDest-Folder: trAsH\nMessage-Delta: 1\n\n',
    );
    assert.deepEqual(message, { kind: 'mailActivity', srcFolder: 'ACTIVE', destFolder: 'trAsH', delta: 1 });
  });

  it('reads a system message: type 1 with the minutes until shutdown', () => {
    const { message, warnings } = parse(
      'MIME-Version: 1.0\nContent-Type: application/x-msmsgssystemmessage\n\nType: 1\nArg1: 5\n\n',
    );
    assert.deepEqual(message, { kind: 'system', type: 1, arg: '5' });
    assert.deepEqual(warnings, []);
  });

  it('reports any other content type as unknown, lower-cased, and a missing one as empty', () => {
    assert.deepEqual(parse('Content-Type: Text/X-Something; a=b\n\n').message, {
      kind: 'unknown',
      contentType: 'text/x-something',
    });
    assert.deepEqual(parse('MIME-Version: 1.0\n\n').message, { kind: 'unknown', contentType: '' });
    assert.deepEqual(parseHotmailMessage(Buffer.alloc(0), NOW).message, { kind: 'unknown', contentType: '' });
  });

  it('reads LF-only payloads and fields a server put in the headers instead of the body', () => {
    const { message } = parseHotmailMessage(
      Buffer.from(
        'Content-Type: text/x-msmsgsinitialemailnotification\nInbox-Unread: 4\nFolders-Unread: 2\n\n',
      ),
      NOW,
    );
    const m = kindOf(message, 'initialMail');
    assert.equal(m.inboxUnread, 4);
    assert.equal(m.foldersUnread, 2);
  });

  it('warns on invalid UTF-8 and still reads the message', () => {
    const bytes = Buffer.concat([
      payload('Content-Type: text/x-msmsgsemailnotification\n\nFrom: '),
      Buffer.from([0xff, 0xfe]),
      payload('\nSubject: s\n\n'),
    ]);
    const { message, warnings } = parseHotmailMessage(bytes, NOW);
    const notice = kindOf(message, 'newMail').notice;
    assert.equal(notice.from, '\uFFFD\uFFFD');
    assert.equal(notice.subject, 's');
    assert.match(warnings.join(' '), /UTF-8/);
  });

  it('uses Date.now() when no time is given', () => {
    const before = Date.now();
    const { message } = parseHotmailMessage(
      payload('Content-Type: text/x-msmsgsemailnotification\n\nFrom: a\n\n'),
    );
    assert.ok(kindOf(message, 'newMail').notice.receivedAt >= before);
  });
});

describe('decodeEncodedWords', () => {
  it('decodes Q and B words in UTF-8, ISO-8859-1 and US-ASCII', () => {
    assert.equal(decodeEncodedWords('=?UTF-8?Q?caf=C3=A9_au_lait?='), 'café au lait');
    assert.equal(decodeEncodedWords('=?iso-8859-1?q?caf=E9?='), 'café');
    assert.equal(decodeEncodedWords('=?us-ascii?Q?plain?='), 'plain');
    assert.equal(decodeEncodedWords('=?utf-8?B?4oKsIDUgZm9yIOKYlQ==?='), '€ 5 for ☕');
    assert.equal(decodeEncodedWords('=?ISO-8859-1?B?Y2Fm6Q==?='), 'café');
  });

  it('drops the whitespace between adjacent encoded words but keeps text around them', () => {
    assert.equal(decodeEncodedWords('Re: =?utf-8?Q?a?= \r\n =?utf-8?Q?b?= tail'), 'Re: ab tail');
    assert.equal(decodeEncodedWords('=?utf-8?Q?a?= plain =?utf-8?Q?b?='), 'a plain b');
  });

  it('accepts a language suffix on the charset and lower-case encodings', () => {
    assert.equal(decodeEncodedWords('=?utf-8*en?q?hi_there?='), 'hi there');
  });

  it('decodes a four-byte UTF-8 character (an emoji) from base64', () => {
    assert.equal(decodeEncodedWords('=?utf-8?B?8J+Ygg==?='), '😂');
  });

  it('keeps a word with invalid base64 as written, with a warning', () => {
    const warnings: string[] = [];
    assert.equal(decodeEncodedWords('=?utf-8?B?not*base64?=', warnings), '=?utf-8?B?not*base64?=');
    assert.equal(warnings.length, 1);
  });

  it('reads an unknown charset as Latin-1, with a warning, and never throws', () => {
    const warnings: string[] = [];
    assert.equal(decodeEncodedWords('=?x-made-up?Q?caf=E9?=', warnings), 'café');
    assert.match(warnings[0]!, /character set/);
  });

  it('turns encoded control characters into spaces so a subject stays on one line', () => {
    assert.equal(decodeEncodedWords('=?utf-8?Q?a=0D=0AB=00c?='), 'a  B c');
  });

  it('leaves text without encoded words, and broken words, alone', () => {
    assert.equal(decodeEncodedWords('plain = text ?='), 'plain = text ?=');
    assert.equal(decodeEncodedWords('=?utf-8?Q?unterminated'), '=?utf-8?Q?unterminated');
    assert.equal(decodeEncodedWords('=?utf-8?X?what?='), '=?utf-8?X?what?=');
    assert.equal(decodeEncodedWords('=?utf-8?Q?bad=ZZescape?='), 'bad=ZZescape');
  });

  it('keeps raw non-ASCII inside Q text as the character itself', () => {
    assert.equal(decodeEncodedWords('=?iso-8859-1?Q?caf=E9_na\u00efve_😀?='), 'café naïve 😀');
  });
});
