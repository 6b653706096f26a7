import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { METHOD_NAMES } from '../../app/contract';
import { dispatchCall, oneSentence, type CallableApi } from '../../main/service/calls';

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
