import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Toast } from '../../app/contract';
import type { Alert, Contact, MailNotice } from '../../app/types';
import { alertToast, mailToast, signInToast, ToastCenter } from '../../main/service/toasts';

const PAL: Contact = {
  email: 'pal@example.com',
  nickname: 'Pal',
  lists: ['FL', 'AL', 'RL'],
  status: 'NLN',
  phones: {},
};

const MAIL: MailNotice = {
  from: 'The Queen',
  fromAddr: 'queen@example.com',
  subject: 'Croquet at three',
  folder: 'ACTIVE',
  messageUrl: '/cgi-bin/getmsg',
  postUrl: 'http://example.com/',
  receivedAt: 0,
};

function alert(over: Partial<Alert>): Alert {
  return {
    id: '1',
    siteId: '0',
    siteUrl: 'https://www.news.example/',
    messageId: '1',
    text: 'Hello',
    actionUrl: '',
    subscriptionUrl: '',
    receivedAt: 0,
    ...over,
  };
}

describe('which events deserve a toast', () => {
  it('toasts a contact who comes online after being offline', () => {
    const toast = signInToast({ contact: PAL, previous: 'FLN', initial: false });
    assert.deepEqual(toast, {
      kind: 'signIn',
      title: 'Pal has just signed in.',
      body: '',
      action: { type: 'openConversation', email: 'pal@example.com' },
    });
  });

  it('does not toast the people already online at sign-in (ILN)', () => {
    assert.equal(signInToast({ contact: PAL, previous: 'FLN', initial: true }), null);
  });

  it('does not toast a status change, a sign-out, or someone not on your contact list', () => {
    assert.equal(signInToast({ contact: { ...PAL, status: 'AWY' }, previous: 'NLN', initial: false }), null);
    assert.equal(signInToast({ contact: { ...PAL, status: 'FLN' }, previous: 'NLN', initial: false }), null);
    assert.equal(
      signInToast({ contact: { ...PAL, lists: ['AL', 'RL'] }, previous: 'FLN', initial: false }),
      null,
    );
  });

  it('toasts a sign-in as Busy or Away too (any status after FLN)', () => {
    assert.equal(
      signInToast({ contact: { ...PAL, status: 'BSY' }, previous: 'FLN', initial: false })?.title,
      'Pal has just signed in.',
    );
  });

  it('names the address when the nickname is blank, and keeps titles to one plain line', () => {
    assert.equal(
      signInToast({ contact: { ...PAL, nickname: '  ' }, previous: 'FLN', initial: false })?.title,
      'pal@example.com has just signed in.',
    );
    const long = signInToast({
      contact: { ...PAL, nickname: `Evil\r\nName${'x'.repeat(300)}` },
      previous: 'FLN',
      initial: false,
    })!;
    assert.ok(!/[\r\n]/.test(long.title));
    assert.ok(long.title.length <= 200);
  });

  it('toasts new mail with the sender as title, the subject as body, opening the inbox', () => {
    assert.deepEqual(mailToast(MAIL), {
      kind: 'mail',
      title: 'New e-mail from The Queen',
      body: 'Croquet at three',
      action: { type: 'openInbox' },
    });
  });

  it('toasts an alert from its site, opening only an http(s) link', () => {
    const a = alertToast(alert({ actionUrl: 'https://news.example/story?id=1', text: 'Big news' }));
    assert.equal(a.title, 'Alert from news.example');
    assert.equal(a.body, 'Big news');
    assert.deepEqual(a.action, { type: 'openUrl', url: 'https://news.example/story?id=1' });
    assert.deepEqual(alertToast(alert({ actionUrl: 'javascript:alert(1)' })).action, {
      type: 'openUrl',
      url: 'https://www.news.example/',
    });
    assert.deepEqual(alertToast(alert({ siteUrl: '', actionUrl: '' })).action, { type: 'none' });
    assert.equal(alertToast(alert({ siteUrl: '' })).title, 'New alert');
  });
});

describe('the toast list', () => {
  function center(lifetimeMs: number, max = 5): { c: ToastCenter; changes: Toast[][] } {
    const changes: Toast[][] = [];
    const c = new ToastCenter({ lifetimeMs, max, now: () => 1000, onChange: (t) => changes.push(t) });
    return { c, changes };
  }

  it('gives each toast an id and a time, and reports the whole list on every change', () => {
    const { c, changes } = center(60_000);
    const a = c.show(mailToast(MAIL));
    const b = c.show(mailToast(MAIL));
    assert.notEqual(a.id, b.id);
    assert.equal(a.createdAt, 1000);
    assert.deepEqual(
      changes.map((l) => l.length),
      [1, 2],
    );
    c.dismiss(a.id);
    assert.deepEqual(
      changes.at(-1)?.map((t) => t.id),
      [b.id],
    );
    assert.equal(c.dismiss(a.id), undefined, 'dismissing twice does nothing');
    c.dispose();
  });

  it('keeps at most the newest few', () => {
    const { c } = center(60_000, 3);
    const ids = Array.from({ length: 5 }, () => c.show(mailToast(MAIL)).id);
    assert.deepEqual(
      c.list().map((t) => t.id),
      ids.slice(2),
    );
    c.dispose();
  });

  it('lets each toast expire after its lifetime unless dismissed', async () => {
    const { c, changes } = center(30);
    c.show(mailToast(MAIL));
    await new Promise((resolve) => setTimeout(resolve, 80));
    assert.deepEqual(c.list(), []);
    assert.deepEqual(
      changes.map((l) => l.length),
      [1, 0],
    );
    c.dispose();
  });

  it('stops every timer when disposed', async () => {
    const { c, changes } = center(20);
    c.show(mailToast(MAIL));
    c.dispose();
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(changes.length, 1);
  });
});
