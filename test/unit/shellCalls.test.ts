import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { METHOD_NAMES } from '../../app/contract';
import { ActionRefused } from '../../main/service/actionErrors';
import { dispatchCall, failureLine, isFault, oneSentence, type CallableApi } from '../../main/service/calls';
import { MsnpError } from '../../main/msnp/errors';

/** A service that records what it was called with and answers from `answers` (a function may throw). */
function fakeApi(answers: Partial<Record<string, (...args: unknown[]) => unknown>> = {}) {
  const calls: { method: string; args: unknown[]; self: unknown }[] = [];
  const api = Object.fromEntries(
    METHOD_NAMES.map((method) => [
      method,
      async function (this: unknown, ...args: unknown[]) {
        calls.push({ method, args, self: this });
        return answers[method]?.(...args);
      },
    ]),
  ) as unknown as CallableApi;
  return { api, calls };
}

const log = (): void => {};

describe('dispatchCall', () => {
  it('calls the service with the checked arguments, on the service itself, and returns its value', async () => {
    const { api, calls } = fakeApi({ openConversation: () => 'c7' });
    const reply = await dispatchCall(api, 'openConversation', [[' bob@example.com ']], log);
    assert.deepEqual(reply, { ok: true, value: 'c7' });
    assert.deepEqual(calls[0]?.args, [['bob@example.com']]);
    assert.equal(calls[0]?.self, api);
  });

  it('refuses a method outside the contract without calling anything', async () => {
    const { api, calls } = fakeApi();
    for (const method of ['subscribe', 'constructor', '__proto__', 'eval', 42, null]) {
      const reply = await dispatchCall(api, method, [], log);
      assert.deepEqual(reply, { ok: false, error: 'There is no such action.' });
    }
    assert.equal(calls.length, 0);
  });

  it("refuses arguments of the wrong shape with the check's one sentence", async () => {
    const { api, calls } = fakeApi();
    assert.deepEqual(await dispatchCall(api, 'setStatus', ['FLN'], log), {
      ok: false,
      error: 'That is not a status you can choose.',
    });
    assert.deepEqual(await dispatchCall(api, 'openExternal', ['file:///etc/passwd'], log), {
      ok: false,
      error: 'Only web links (http or https) can be opened.',
    });
    assert.deepEqual(await dispatchCall(api, 'getSnapshot', 'not a list', log), {
      ok: false,
      error: 'The call is malformed.',
    });
    assert.equal(calls.length, 0);
  });

  it("passes the service's one-sentence error on, and logs the full error", async () => {
    const logged: unknown[] = [];
    const { api } = fakeApi({
      signOut: () => {
        throw new Error('You are not signed in.');
      },
    });
    const reply = await dispatchCall(api, 'signOut', [], (_m, err) => logged.push(err));
    assert.deepEqual(reply, { ok: false, error: 'You are not signed in.' });
    assert.equal(logged.length, 1);
  });

  it('never sends a stack trace or a multi-line message to the window', async () => {
    const { api } = fakeApi({
      getSnapshot: () => {
        const err = new Error('boom\n    at Object.<anonymous> (/src/main/service/accountService.ts:1:1)');
        throw err;
      },
    });
    const reply = await dispatchCall(api, 'getSnapshot', [], log);
    assert.equal(reply.ok, false);
    assert.ok(!reply.ok && !reply.error.includes('at ') && !reply.error.includes('\n'));
  });
});

describe('oneSentence', () => {
  it('keeps a short message and replaces anything else with a generic sentence', () => {
    assert.equal(oneSentence(new Error('The server is not answering.')), 'The server is not answering.');
    assert.equal(oneSentence('a string'), 'Butterfly could not do that. Try again.');
    assert.equal(oneSentence(new Error('')), 'Butterfly could not do that. Try again.');
    assert.equal(oneSentence(new Error('x'.repeat(301))), 'Butterfly could not do that. Try again.');
    assert.equal(oneSentence({ message: 'not an Error' }), 'Butterfly could not do that. Try again.');
  });
});

describe('failureLine (what browser mode logs of a failed call)', () => {
  const refusal = (inner: Error) => new Error('The server did not accept your password.', { cause: inner });

  it('logs a refusal as one line: the method, the sentence and the server’s own words, never a stack', () => {
    const line = failureLine('signIn', refusal(new MsnpError(911, 3)), true);
    assert.match(line, /^signIn refused: The server did not accept your password\. \(.*911.*\)$/);
    assert.doesNotMatch(line, /\n/);
    assert.equal(
      failureLine('addContact', new ActionRefused('bob@example.com is already on your contact list.')),
      'addContact refused: bob@example.com is already on your contact list.',
    );
    assert.equal(
      failureLine('signIn', new Error('You are already signed in. Sign out first.'), true),
      'signIn refused: You are already signed in. Sign out first.',
    );
  });

  it('logs a fault (a programming error, or a system error that was never turned into a sentence) as such, its stack only when verbose', () => {
    const bug = new Error('Butterfly could not add bob. Try again.', {
      cause: new TypeError('x is undefined'),
    });
    assert.equal(isFault(bug), true);
    assert.equal(
      isFault(Object.assign(new Error('EACCES: permission denied'), { syscall: 'open', code: 'EACCES' })),
      true,
    );
    assert.equal(isFault('a string'), true);
    assert.equal(isFault(refusal(new MsnpError(215, 4))), false);
    const quiet = failureLine('addContact', bug);
    assert.equal(
      quiet,
      'addContact failed unexpectedly: Butterfly could not add bob. Try again. (x is undefined)',
    );
    const loud = failureLine('addContact', bug, true);
    assert.match(loud, /^addContact failed unexpectedly: .*\n.*\n\s+at /s);
    assert.match(loud, /Caused by: TypeError: x is undefined\n\s+at /);
  });

  it('shows a programming error’s own words to nobody', () => {
    assert.equal(
      oneSentence(new TypeError('Cannot read properties of undefined')),
      'Butterfly could not do that. Try again.',
    );
  });
});
