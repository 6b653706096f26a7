import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { contentType, resolveRequestPath, SECURITY_HEADERS } from '../../main/web/staticFiles';
import { RENDERER_CSP_HEADER } from '../../main/service/rendererCsp';

const root = resolve('/srv/butterfly/out/renderer');

describe('resolveRequestPath', () => {
  it('maps / and /?query to index.html', () => {
    assert.equal(resolveRequestPath(root, '/'), join(root, 'index.html'));
    assert.equal(resolveRequestPath(root, '/?token=abc'), join(root, 'index.html'));
  });

  it('maps a file path inside the build directory, decoding escapes', () => {
    assert.equal(resolveRequestPath(root, '/assets/index-1.js'), join(root, 'assets', 'index-1.js'));
    assert.equal(resolveRequestPath(root, '/assets/a%20b.svg'), join(root, 'assets', 'a b.svg'));
  });

  for (const path of [
    '/../package.json',
    '/%2e%2e/package.json',
    '/%2E%2e/package.json',
    '/assets/../../package.json',
    '/assets/..%2f..%2fpackage.json',
    '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
    '/..%5cpackage.json',
    '/assets%5c..%5c..%5cpackage.json',
    '/./index.html',
    '/.env',
    '/index.html%00.png',
    '/%E0%A4%A',
    'index.html',
    '//etc/passwd',
    '/%2fetc%2fpasswd',
  ]) {
    it(`refuses ${path}`, () => {
      const resolved = resolveRequestPath(root, path);
      // "//etc/passwd" and "/%2fetc/passwd" may only ever name something inside root.
      assert.ok(resolved === null || resolved.startsWith(root + '/'), `${path} -> ${resolved}`);
      if (!path.includes('etc')) assert.equal(resolved, null);
    });
  }
});

describe('contentType', () => {
  it('names the types the renderer bundle uses, with a charset for text', () => {
    assert.equal(contentType('index.html'), 'text/html; charset=utf-8');
    assert.equal(contentType('a/index-1.js'), 'text/javascript; charset=utf-8');
    assert.equal(contentType('a/index-1.CSS'), 'text/css; charset=utf-8');
    assert.equal(contentType('online.svg'), 'image/svg+xml');
    assert.equal(contentType('ding.wav'), 'audio/wav');
    assert.equal(contentType('font.woff2'), 'font/woff2');
  });

  it('serves anything unknown as opaque bytes, never as something a browser would run', () => {
    assert.equal(contentType('file.exe'), 'application/octet-stream');
    assert.equal(contentType('noextension'), 'application/octet-stream');
  });
});

describe('SECURITY_HEADERS', () => {
  it("carries the renderer's CSP as a header, frame-ancestors included, nosniff and no referrer", () => {
    assert.equal(SECURITY_HEADERS['Content-Security-Policy'], RENDERER_CSP_HEADER);
    assert.match(SECURITY_HEADERS['Content-Security-Policy']!, /; frame-ancestors 'none'$/);
    assert.equal(SECURITY_HEADERS['X-Content-Type-Options'], 'nosniff');
    assert.equal(SECURITY_HEADERS['Referrer-Policy'], 'no-referrer');
  });
});
