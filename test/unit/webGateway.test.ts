import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkUpgrade, parseCall, tokensEqual } from '../../main/web/socketGateway';

const TOKEN = 'k'.repeat(43);
const ORIGINS = ['http://127.0.0.1:4863', 'http://localhost:4863'];

describe('checkUpgrade', () => {
  it('lets in the page of its own origin with the token', () => {
    assert.deepEqual(checkUpgrade(`/ws?token=${TOKEN}`, 'http://127.0.0.1:4863', TOKEN, ORIGINS), {
      ok: true,
    });
    assert.deepEqual(checkUpgrade(`/ws?token=${TOKEN}`, 'http://localhost:4863', TOKEN, ORIGINS), {
      ok: true,
    });
  });

  it('refuses a missing, empty, wrong or longer token with 401', () => {
    for (const url of [
      '/ws',
      '/ws?token=',
      `/ws?token=${TOKEN.slice(1)}`,
      `/ws?token=${TOKEN}x`,
      `/ws?tok=${TOKEN}`,
    ]) {
      const verdict = checkUpgrade(url, 'http://127.0.0.1:4863', TOKEN, ORIGINS);
      assert.equal(verdict.ok === false && verdict.status, 401, url);
    }
  });

  it('refuses another origin, a missing one and "null" with 403', () => {
    for (const origin of [
      'http://evil.example',
      'http://127.0.0.1:4864',
      'https://127.0.0.1:4863',
      'null',
      undefined,
    ]) {
      const verdict = checkUpgrade(`/ws?token=${TOKEN}`, origin, TOKEN, ORIGINS);
      assert.equal(verdict.ok === false && verdict.status, 403, String(origin));
    }
  });

  it('refuses every path but /ws with 404', () => {
    for (const url of ['/', '/ws/', '/wss', `/other?token=${TOKEN}`, undefined]) {
      const verdict = checkUpgrade(url, 'http://127.0.0.1:4863', TOKEN, ORIGINS);
      assert.equal(verdict.ok === false && verdict.status, 404, String(url));
    }
  });
});

describe('tokensEqual', () => {
  it('is true only for the same token, whatever the lengths', () => {
    assert.equal(tokensEqual(TOKEN, TOKEN), true);
    assert.equal(tokensEqual('', TOKEN), false);
    assert.equal(tokensEqual(TOKEN.toUpperCase(), TOKEN), false);
    assert.equal(tokensEqual(`${TOKEN}${TOKEN}`, TOKEN), false);
  });
});

describe('parseCall', () => {
  it('reads a call, leaving the method and arguments for validateCall', () => {
    assert.deepEqual(parseCall('{"t":"call","id":3,"method":"getSnapshot","args":[]}'), {
      id: 3,
      method: 'getSnapshot',
      args: [],
    });
    assert.deepEqual(parseCall('{"t":"call","id":0,"method":42}'), { id: 0, method: 42, args: undefined });
  });

  it('returns null for anything that is not a call with a usable id', () => {
    for (const text of [
      '',
      '{',
      'null',
      '[]',
      '"call"',
      '{"t":"reply","id":1,"ok":true}',
      '{"t":"call","method":"getSnapshot","args":[]}',
      '{"t":"call","id":"1","method":"getSnapshot","args":[]}',
      '{"t":"call","id":-1,"method":"getSnapshot","args":[]}',
      '{"t":"call","id":1.5,"method":"getSnapshot","args":[]}',
      '{"t":"call","id":1e300,"method":"getSnapshot","args":[]}',
    ]) {
      assert.equal(parseCall(text), null, text);
    }
  });
});
