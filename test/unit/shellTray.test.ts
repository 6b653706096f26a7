import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { MenuItemConstructorOptions } from 'electron';
import type { SessionState } from '../../app/contract';
import type { AccountSnapshot } from '../../app/types';
import {
  nextTrayState,
  SIGNED_OUT,
  trayMenuTemplate,
  trayStateFromSnapshot,
  trayTooltip,
  type TrayActions,
  type TrayState,
} from '../../main/shell/trayMenu';

function recorder() {
  const done: string[] = [];
  const actions: TrayActions = {
    setStatus: (s) => done.push(`status:${s}`),
    signIn: () => done.push('signIn'),
    cancelSignIn: () => done.push('cancelSignIn'),
    signOut: () => done.push('signOut'),
    open: () => done.push('open'),
    exit: () => done.push('exit'),
  };
  return { actions, done };
}

const STATUS_LABELS = [
  'Online',
  'Busy',
  'Be Right Back',
  'Away',
  'On The Phone',
  'Out To Lunch',
  'Appear Offline',
];
const online = (status: TrayState['status'] = 'NLN'): TrayState => ({
  phase: 'online',
  status,
  email: 'me@example.com',
});

const labels = (items: MenuItemConstructorOptions[]) =>
  items.map((i) => (i.type === 'separator' ? '-' : i.label));
const item = (items: MenuItemConstructorOptions[], label: string) => {
  const found = items.find((i) => i.label === label);
  assert.ok(found, `no "${label}" item`);
  return found;
};
const click = (i: MenuItemConstructorOptions) => (i.click as () => void)();

describe('trayMenuTemplate', () => {
  it('offers Open, the seven statuses, Sign Out and Exit while online', () => {
    const menu = trayMenuTemplate(online(), recorder().actions);
    assert.deepEqual(labels(menu), ['Open Butterfly', '-', ...STATUS_LABELS, '-', 'Sign Out', '-', 'Exit']);
  });

  it('shows the statuses as radio items with only the current one checked', () => {
    const menu = trayMenuTemplate(online('AWY'), recorder().actions);
    const statuses = menu.filter((i) => i.type === 'radio');
    assert.deepEqual(
      statuses.map((i) => i.label),
      STATUS_LABELS,
    );
    assert.deepEqual(
      statuses.filter((i) => i.checked).map((i) => i.label),
      ['Away'],
    );
    assert.ok(statuses.every((i) => i.enabled));
  });

  it('checks Online while idle, since idle stands in for it', () => {
    const statuses = trayMenuTemplate(online('IDL'), recorder().actions).filter((i) => i.checked);
    assert.deepEqual(
      statuses.map((i) => i.label),
      ['Online'],
    );
  });

  it('sets the status, signs out, opens and exits on click', () => {
    const { actions, done } = recorder();
    const menu = trayMenuTemplate(online(), actions);
    click(item(menu, 'On The Phone'));
    click(item(menu, 'Appear Offline'));
    click(item(menu, 'Sign Out'));
    click(item(menu, 'Open Butterfly'));
    click(item(menu, 'Exit'));
    assert.deepEqual(done, ['status:PHN', 'status:HDN', 'signOut', 'open', 'exit']);
  });

  it('offers Sign In and greys the statuses while signed out', () => {
    const { actions, done } = recorder();
    const menu = trayMenuTemplate(SIGNED_OUT, actions);
    assert.ok(!labels(menu).includes('Sign Out'));
    const statuses = menu.filter((i) => i.type === 'radio');
    assert.ok(statuses.every((i) => i.enabled === false && i.checked === false));
    click(item(menu, 'Sign In'));
    assert.deepEqual(done, ['signIn']);
  });

  it('offers Cancel Sign In while signing in, and a disabled Sign Out while signing out', () => {
    const { actions, done } = recorder();
    click(item(trayMenuTemplate({ ...SIGNED_OUT, phase: 'signingIn' }, actions), 'Cancel Sign In'));
    assert.deepEqual(done, ['cancelSignIn']);
    assert.equal(
      item(trayMenuTemplate({ ...online(), phase: 'signingOut' }, actions), 'Sign Out').enabled,
      false,
    );
  });
});

describe('the tray while reconnecting', () => {
  const reconnecting = (): TrayState => ({ ...online('BSY'), phase: 'reconnecting' });

  it('offers Cancel Reconnecting, which stops the tries, and greys the statuses', () => {
    const { actions, done } = recorder();
    const menu = trayMenuTemplate(reconnecting(), actions);
    assert.deepEqual(labels(menu), [
      'Open Butterfly',
      '-',
      ...STATUS_LABELS,
      '-',
      'Cancel Reconnecting',
      '-',
      'Exit',
    ]);
    const statuses = menu.filter((i) => i.type === 'radio');
    assert.ok(statuses.every((i) => i.enabled === false && i.checked === false));
    click(item(menu, 'Cancel Reconnecting'));
    assert.deepEqual(done, ['cancelSignIn']);
  });

  it('says it is reconnecting in the tooltip', () => {
    assert.equal(trayTooltip(reconnecting()), 'Butterfly - Reconnecting...');
  });

  it('follows a drop: reconnecting with the account kept, then online again', () => {
    const self = {
      email: 'me@example.com',
      nickname: 'Me',
      status: 'BSY',
      phones: {},
    } as AccountSnapshot['self'];
    const base = { progress: '', error: 'The connection to the server was lost.', needsVerification: false };
    let state = online('BSY');
    state = nextTrayState(state, {
      type: 'session',
      session: { ...base, phase: 'reconnecting', reconnect: { attempt: 1, retryAt: 1_000 } },
    });
    // The service says the account is gone, then hands back the list to show greyed.
    state = nextTrayState(state, { type: 'account', account: null });
    state = nextTrayState(state, { type: 'account', account: { self } as AccountSnapshot });
    assert.deepEqual(state, { phase: 'reconnecting', status: 'BSY', email: 'me@example.com' });
    state = nextTrayState(state, { type: 'session', session: { ...base, error: '', phase: 'online' } });
    assert.deepEqual(state, online('BSY'));
  });
});

describe('tray state', () => {
  const session = (phase: SessionState['phase']): SessionState => ({
    phase,
    progress: '',
    error: '',
    needsVerification: false,
  });
  const self = {
    email: 'me@example.com',
    nickname: 'Me',
    status: 'BSY',
    phones: {},
  } as AccountSnapshot['self'];

  it('starts from the snapshot', () => {
    assert.deepEqual(trayStateFromSnapshot({ session: session('signedOut'), account: null }), SIGNED_OUT);
    const account = { self } as AccountSnapshot;
    assert.deepEqual(trayStateFromSnapshot({ session: session('online'), account }), {
      phase: 'online',
      status: 'BSY',
      email: 'me@example.com',
    });
  });

  it('follows session, account and self events, and ignores the rest', () => {
    let state = nextTrayState(SIGNED_OUT, { type: 'session', session: session('signingIn') });
    assert.equal(state.phase, 'signingIn');
    state = nextTrayState(state, { type: 'account', account: { self } as AccountSnapshot });
    state = nextTrayState(state, { type: 'session', session: session('online') });
    assert.deepEqual(state, { phase: 'online', status: 'BSY', email: 'me@example.com' });
    state = nextTrayState(state, { type: 'self', self: { ...self, status: 'LUN' } });
    assert.equal(state.status, 'LUN');
    assert.equal(nextTrayState(state, { type: 'notice', message: 'x' }), state);
    assert.deepEqual(nextTrayState(state, { type: 'session', session: session('signedOut') }), SIGNED_OUT);
  });

  it('says who is signed in and how in the tooltip', () => {
    assert.equal(trayTooltip(online('BRB')), 'Butterfly - me@example.com (Be Right Back)');
    assert.equal(trayTooltip(SIGNED_OUT), 'Butterfly - Not signed in');
  });
});
