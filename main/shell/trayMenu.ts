// What the tray icon's menu offers, as a pure function of the session, so it is unit-tested without Electron.
import type { MenuItemConstructorOptions } from 'electron';
import {
  CHOOSABLE_STATUSES,
  type AppSnapshot,
  type ChoosableStatus,
  type MessengerEvent,
  type SessionPhase,
} from '../../app/contract';
import { STATUS_NAMES, type Status } from '../../app/types';

export interface TrayState {
  phase: SessionPhase;
  /** Your presence while signed in; null while signed out. */
  status: Status | null;
  email: string;
}

export interface TrayActions {
  setStatus(status: ChoosableStatus): void;
  /** Sign-in needs the form, so this brings up the contact list. */
  signIn(): void;
  /** Also stops reconnecting after the connection dropped. */
  cancelSignIn(): void;
  signOut(): void;
  open(): void;
  exit(): void;
}

export const SIGNED_OUT: TrayState = { phase: 'signedOut', status: null, email: '' };

/** Idle is set by the app, not chosen: the menu shows the choice it stands in for. */
function chosen(status: Status | null): Status | null {
  return status === 'IDL' ? 'NLN' : status;
}

export function trayMenuTemplate(state: TrayState, actions: TrayActions): MenuItemConstructorOptions[] {
  const online = state.phase === 'online';
  const current = chosen(state.status);
  const statuses = CHOOSABLE_STATUSES.map((status): MenuItemConstructorOptions => ({
    label: STATUS_NAMES[status],
    type: 'radio',
    checked: online && current === status,
    enabled: online,
    click: () => actions.setStatus(status),
  }));
  return [
    { label: 'Open Butterfly', click: () => actions.open() },
    { type: 'separator' },
    ...statuses,
    { type: 'separator' },
    sessionItem(state.phase, actions),
    { type: 'separator' },
    { label: 'Exit', click: () => actions.exit() },
  ];
}

function sessionItem(phase: SessionPhase, actions: TrayActions): MenuItemConstructorOptions {
  switch (phase) {
    case 'online':
      return { label: 'Sign Out', click: () => actions.signOut() };
    case 'signingIn':
      return { label: 'Cancel Sign In', click: () => actions.cancelSignIn() };
    case 'reconnecting':
      return { label: 'Cancel Reconnecting', click: () => actions.cancelSignIn() };
    case 'signingOut':
      return { label: 'Sign Out', enabled: false };
    case 'signedOut':
      return { label: 'Sign In', click: () => actions.signIn() };
  }
}

/** The text shown when the pointer rests on the tray icon. */
export function trayTooltip(state: TrayState): string {
  switch (state.phase) {
    case 'online':
      return `Butterfly - ${state.email} (${STATUS_NAMES[state.status ?? 'NLN']})`;
    case 'signingIn':
      return 'Butterfly - Signing in...';
    case 'reconnecting':
      return 'Butterfly - Reconnecting...';
    case 'signingOut':
      return 'Butterfly - Signing out...';
    case 'signedOut':
      return 'Butterfly - Not signed in';
  }
}

/** The tray's state at start, from the service's snapshot. */
export function trayStateFromSnapshot(snapshot: Pick<AppSnapshot, 'session' | 'account'>): TrayState {
  return {
    phase: snapshot.session.phase,
    status: snapshot.account?.self.status ?? null,
    email: snapshot.account?.self.email ?? '',
  };
}

/** The tray's state after one of the service's events; the same object when the event does not concern it. */
export function nextTrayState(state: TrayState, event: MessengerEvent): TrayState {
  switch (event.type) {
    case 'session':
      return event.session.phase === 'signedOut' ? SIGNED_OUT : { ...state, phase: event.session.phase };
    case 'account':
      return event.account
        ? { ...state, status: event.account.self.status, email: event.account.self.email }
        : { ...state, status: null, email: '' };
    case 'self':
      return { ...state, status: event.self.status, email: event.self.email };
    default:
      return state;
  }
}
