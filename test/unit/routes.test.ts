import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { WindowRoute } from '../../app/contract';
import { DIALOG_KINDS, hashToRoute, routeToHash } from '../../app/routes';

describe('window routes in the URL hash', () => {
  const cases: [WindowRoute, string][] = [
    [{ kind: 'contactList' }, '#contactList'],
    [{ kind: 'conversation', id: 'c12' }, '#conversation/c12'],
    [{ kind: 'toast', id: 't3' }, '#toast/t3'],
    [{ kind: 'dialog', dialog: 'options' }, '#dialog/options'],
    [{ kind: 'inspector' }, '#inspector'],
    [{ kind: 'dialog', dialog: 'added', email: 'bob@example.com' }, '#dialog/added/bob%40example.com'],
  ];

  for (const [route, hash] of cases) {
    it(`writes ${hash} and reads it back`, () => {
      assert.equal(routeToHash(route), hash);
      assert.deepEqual(hashToRoute(hash), route);
      assert.deepEqual(hashToRoute(hash.slice(1)), route, 'without the leading #');
    });
  }

  it('round-trips every dialog, with and without an address', () => {
    for (const dialog of DIALOG_KINDS) {
      for (const route of [
        { kind: 'dialog', dialog },
        { kind: 'dialog', dialog, email: 'a+b@example.com' },
      ] satisfies WindowRoute[]) {
        assert.deepEqual(hashToRoute(routeToHash(route)), route);
      }
    }
  });

  it('encodes a "/" or "#" inside an id so it cannot change the route', () => {
    const route: WindowRoute = { kind: 'conversation', id: 'a/b#dialog/options' };
    const hash = routeToHash(route);
    assert.equal(hash.indexOf('#', 1), -1);
    assert.equal(hash.split('/').length, 2);
    assert.deepEqual(hashToRoute(hash), route);
  });

  it('reads an empty hash as the contact list', () => {
    assert.deepEqual(hashToRoute(''), { kind: 'contactList' });
    assert.deepEqual(hashToRoute('#'), { kind: 'contactList' });
  });

  it('refuses hashes it never writes', () => {
    for (const hash of [
      '#settings',
      '#conversation',
      '#conversation/',
      '#conversation/a/b',
      '#toast/%E0%A4%A',
      '#dialog/nope',
      '#dialog/added/',
      '#dialog/added/a@b/extra',
      '#contactList/x',
      '#__proto__/x',
    ]) {
      assert.equal(hashToRoute(hash), null, hash);
    }
  });
});
