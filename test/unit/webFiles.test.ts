import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { asciiFileName, contentDisposition, rfc5987 } from '../../main/web/contentDisposition';
import {
  checkFileAccess,
  fileRoute,
  receivedId,
  uploadName,
  type AccessRequest,
} from '../../main/web/fileEndpoints';

describe('contentDisposition', () => {
  it('gives a plain name as both the fallback and the UTF-8 name', () => {
    assert.equal(
      contentDisposition('notes-2024_v1.txt'),
      `attachment; filename="notes-2024_v1.txt"; filename*=UTF-8''notes-2024_v1.txt`,
    );
  });

  it('folds accents for the ASCII fallback and percent-encodes UTF-8 for filename*', () => {
    assert.equal(
      contentDisposition('café crème.doc'),
      `attachment; filename="cafe creme.doc"; filename*=UTF-8''caf%C3%A9%20cr%C3%A8me.doc`,
    );
  });

  it('keeps quotes and backslashes out of the quoted fallback', () => {
    const header = contentDisposition('say "hi"\\there.txt');
    assert.match(header, /^attachment; filename="say _hi__there\.txt"; /);
    assert.match(header, /filename\*=UTF-8''say%20%22hi%22%5Cthere\.txt$/);
  });

  it('encodes the characters encodeURIComponent leaves but RFC 5987 does not allow', () => {
    assert.equal(rfc5987("it's (a) *draft*.txt"), 'it%27s%20%28a%29%20%2Adraft%2A.txt');
    assert.equal(rfc5987('a!#$&+-.^_`|~b'), 'a!%23%24%26%2B-.%5E_%60%7C~b');
  });

  it('survives emoji, lone surrogates and control characters, and never yields a header Node refuses', () => {
    for (const name of [
      '😀.png',
      'a\ud800b.txt',
      'line\r\nbreak.txt',
      'tab\there\u0085.txt',
      '\u202egpj.exe',
    ]) {
      const header = contentDisposition(name);
      assert.match(header, /^[\x20-\x7e]+$/, name);
      assert.doesNotMatch(header, /[\r\n]/);
    }
    assert.match(contentDisposition('😀.png'), /filename\*=UTF-8''%F0%9F%98%80\.png$/);
    assert.match(contentDisposition('a\ud800b.txt'), /filename\*=UTF-8''a%EF%BF%BDb\.txt$/);
    assert.match(contentDisposition('line\r\nbreak.txt'), /filename="linebreak\.txt"/);
  });

  it('falls back to "file" when nothing of the name is ASCII', () => {
    assert.equal(asciiFileName('日本語'), 'file');
    assert.equal(asciiFileName(''), 'file');
    assert.equal(asciiFileName('日本.txt'), '__.txt');
    assert.equal(contentDisposition(''), `attachment; filename="file"; filename*=UTF-8''file`);
  });
});

describe('uploadName', () => {
  it('decodes the percent-encoded name the page sent', () => {
    assert.equal(uploadName('/upload?token=t&name=r%C3%A9sum%C3%A9%20final.pdf'), 'résumé final.pdf');
    assert.equal(
      uploadName(`/upload?name=${encodeURIComponent('a+b & c=d?.txt')}&token=t`),
      'a+b & c=d?.txt',
    );
  });

  it('decodes leniently: a broken escape stays, bad UTF-8 becomes U+FFFD', () => {
    assert.equal(uploadName('/upload?name=100%25%zz.txt'), '100%%zz.txt');
    assert.equal(uploadName('/upload?name=%E0%A4%A.txt'), '\ufffd%A.txt');
  });

  it('leaves a hostile name to the store to make safe', () => {
    assert.equal(
      uploadName(`/upload?name=${encodeURIComponent('../../evil\\..\\CON.txt')}`),
      '../../evil\\..\\CON.txt',
    );
  });

  it('is null when there is no name, or an empty one', () => {
    for (const url of ['/upload', '/upload?token=t', '/upload?name=', '/upload?name=%20%20', undefined])
      assert.equal(uploadName(url), null, String(url));
  });
});

describe('receivedId', () => {
  it("accepts the contract's ids, percent-decoded", () => {
    assert.equal(receivedId('inv-1'), 'inv-1');
    assert.equal(receivedId('a%3Ab.c_d'), 'a:b.c_d');
    assert.equal(receivedId('x'.repeat(64)), 'x'.repeat(64));
  });

  for (const raw of [
    '',
    '..%2F..%2Fetc',
    '../x',
    '..%5Cx',
    'a/b',
    'a%00b',
    '%E0%A4%A',
    'a b',
    'x'.repeat(65),
    'é',
  ])
    it(`refuses ${JSON.stringify(raw)}`, () => assert.equal(receivedId(raw), null));
});

describe('fileRoute', () => {
  it('names the two file addresses by the path exactly as sent', () => {
    assert.deepEqual(fileRoute('/upload?token=t&name=a'), { kind: 'upload' });
    assert.deepEqual(fileRoute('/received/inv-1?token=t'), { kind: 'received', rawId: 'inv-1' });
    assert.deepEqual(fileRoute('/received/../../x'), { kind: 'received', rawId: '../../x' });
  });

  it('leaves every other path to the static files', () => {
    for (const url of ['/', '/upload/', '/uploads', '/Upload', '/received', '/assets/upload', undefined])
      assert.equal(fileRoute(url), null, String(url));
  });
});

describe('checkFileAccess', () => {
  const token = 'T'.repeat(43);
  const hosts = ['127.0.0.1:4863', 'localhost:4863'];
  const base: AccessRequest = {
    method: 'POST',
    url: `/upload?token=${token}&name=a`,
    host: '127.0.0.1:4863',
    origin: 'http://127.0.0.1:4863',
  };
  const verdict = (changes: Partial<AccessRequest>) => checkFileAccess({ ...base, ...changes }, token, hosts);

  it("lets this server's page in with the token, by number or as localhost", () => {
    assert.deepEqual(verdict({}), { ok: true });
    assert.deepEqual(verdict({ host: 'localhost:4863', origin: 'http://localhost:4863' }), { ok: true });
  });

  it('refuses another host name (DNS rebinding), a missing token and a wrong one', () => {
    for (const changes of [
      { host: 'evil.example:4863' },
      { host: undefined },
      { url: '/upload?name=a' },
      { url: `/upload?token=${token.slice(1)}&name=a` },
      { url: '/upload?token=&name=a' },
    ]) {
      const v = verdict(changes);
      assert.equal(v.ok, false, JSON.stringify(changes));
      assert.equal(!v.ok && v.status, 403);
    }
  });

  it('refuses a POST from another origin or with none', () => {
    for (const origin of ['http://evil.example', 'http://127.0.0.1:4864', 'null', undefined])
      assert.equal(verdict({ origin }).ok, false, String(origin));
  });

  it('lets a download (a navigation, which has no Origin) in, but not one a foreign page asks for', () => {
    const download = { method: 'GET', url: `/received/inv-1?token=${token}` };
    assert.deepEqual(verdict({ ...download, origin: undefined }), { ok: true });
    assert.deepEqual(verdict({ ...download, method: 'HEAD', origin: undefined }), { ok: true });
    assert.equal(verdict({ ...download, origin: 'http://evil.example' }).ok, false);
  });
});
