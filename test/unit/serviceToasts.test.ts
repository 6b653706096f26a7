import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Toast } from '../../app/contract';
import type { Alert, Contact, MailNotice } from '../../app/types';
import {
  alertToast,
  conversationToast,
  mailToast,
  signInToast,
  ToastCenter,
} from '../../main/service/toasts';

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

  it('toasts a message as one short plain paragraph that shows its conversation', () => {
    const toast = conversationToast(
      { title: 'Bob\r\nsays:', body: `Line one\r\n\tline   two ${'x'.repeat(300)}` },
      'c7',
    );
    assert.equal(toast.kind, 'message');
    assert.equal(toast.title, 'Bob says:');
    assert.match(toast.body, /^Line one line two x+…$/);
    assert.ok(toast.body.length <= 120);
    assert.deepEqual(toast.action, { type: 'showConversation', id: 'c7' });
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

  /** Counts the calls of `unseen`; `next()` waits for the next one, rejecting after `ms` so a test never hangs. */
  function unseenCounter() {
    let count = 0;
    const waiters = new Set<() => void>();
    return {
      unseen: () => {
        count += 1;
        for (const w of [...waiters]) w();
      },
      count: () => count,
      next: (ms = 2_000) =>
        new Promise<void>((resolve, reject) => {
          const done = () => {
            clearTimeout(timer);
            waiters.delete(done);
            resolve();
          };
          const timer = setTimeout(() => {
            waiters.delete(done);
            reject(new Error(`not reported unseen within ${ms} ms`));
          }, ms);
          waiters.add(done);
        }),
    };
  }

  it('reports a toast that expires as unseen, after the list without it has gone out', async () => {
    const { c, changes } = center(20);
    const counter = unseenCounter();
    let listWhenUnseen: number | null = null;
    const expired = counter.next();
    c.show(mailToast(MAIL), () => {
      listWhenUnseen = changes.at(-1)!.length;
      counter.unseen();
    });
    await expired;
    assert.equal(listWhenUnseen, 0);
    assert.equal(counter.count(), 1);
    c.dispose();
  });

  it('reports a toast pushed out by newer ones as unseen, and only that one', () => {
    const { c } = center(60_000, 2);
    const first = unseenCounter();
    const second = unseenCounter();
    c.show(mailToast(MAIL), first.unseen);
    c.show(mailToast(MAIL), second.unseen);
    assert.equal(first.count(), 0);
    c.show(mailToast(MAIL));
    assert.deepEqual([first.count(), second.count()], [1, 0]);
    c.dispose();
  });

  it('reports every toast as unseen when toasts are turned off (cleared)', () => {
    const { c } = center(60_000);
    const counter = unseenCounter();
    c.show(mailToast(MAIL), counter.unseen);
    c.clear();
    assert.equal(counter.count(), 1);
    assert.deepEqual(c.list(), []);
    c.dispose();
  });

  it('does not report a toast the person clicked or closed, nor any after dispose', async () => {
    const { c } = center(20, 1);
    const dismissed = unseenCounter();
    c.show(mailToast(MAIL), dismissed.unseen);
    c.dismiss(c.list()[0]!.id);
    const disposedOne = new ToastCenter({ lifetimeMs: 20, max: 1, onChange: () => {} });
    const afterDispose = unseenCounter();
    disposedOne.show(mailToast(MAIL), afterDispose.unseen);
    disposedOne.dispose();
    disposedOne.show(mailToast(MAIL), afterDispose.unseen);
    disposedOne.show(mailToast(MAIL), afterDispose.unseen);
    // A toast shown after them with the same lifetime: once it has expired, they would have too.
    const later = unseenCounter();
    const expired = later.next();
    c.show(mailToast(MAIL), later.unseen);
    await expired;
    assert.deepEqual([dismissed.count(), afterDispose.count()], [0, 0]);
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
