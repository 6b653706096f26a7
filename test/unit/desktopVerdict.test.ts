// npm run test:desktop's ending: a release check that ran nothing never looks green.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { desktopVerdict } from '../desktop/verdict';

const WHY = "Electron's binary is not installed";

describe('desktopVerdict', () => {
  it('fails with the reason in one sentence when every test was skipped', () => {
    assert.deepEqual(desktopVerdict({ passed: 0, failed: 0, skipped: 7 }, WHY, false), {
      code: 1,
      message: `The desktop tests did not run: ${WHY}.`,
    });
  });

  it('lets a machine that can never run them pass with BUTTERFLY_DESKTOP_OPTIONAL, saying so', () => {
    const v = desktopVerdict({ passed: 0, failed: 0, skipped: 7 }, WHY, true);
    assert.equal(v.code, 0);
    assert.match(v.message ?? '', /did not run, which BUTTERFLY_DESKTOP_OPTIONAL allows: Electron's binary is not installed\.$/);
  });

  it('passes when tests ran and passed, and fails when one failed, optional or not', () => {
    assert.deepEqual(desktopVerdict({ passed: 7, failed: 0, skipped: 0 }, false, false), {
      code: 0,
      message: null,
    });
    assert.deepEqual(desktopVerdict({ passed: 6, failed: 1, skipped: 0 }, false, true), {
      code: 1,
      message: null,
    });
  });
});
