// The main window: the sign-in form while signed out, the contact list while online, with the menu bar
// and the notices in both.
import { openDialog, signOut } from '../actions';
import { selectPhase, selectSelf, useSession } from '../stores/session';
import { ButterflyMark } from './ButterflyMark';
import { ContactList } from './ContactList';
import { HotmailLine } from './HotmailLine';
import type { MenuEntry } from './Menu';
import { MenuBar, type MenuBarMenu } from './MenuBar';
import { Notices } from './Notices';
import { usePrompts } from './prompts';
import { SelfHeader, statusMenuEntries } from './SelfHeader';
import { SignIn } from './SignIn';

function menusFor(online: boolean, status: string, browser: boolean): MenuBarMenu[] {
  const close: MenuEntry = browser
    ? { type: 'item', label: 'Close', disabled: true, title: 'Close the browser tab to leave Butterfly.' }
    : { type: 'item', label: 'Close', onSelect: () => window.close() };
  const file: MenuEntry[] = online
    ? [
        { type: 'item', label: 'Sign Out', onSelect: signOut },
        { type: 'item', label: 'My Status', submenu: statusMenuEntries(status) },
        { type: 'separator' },
        { type: 'item', label: 'Add a Contact…', onSelect: () => openDialog('addContact') },
        { type: 'separator' },
        close,
      ]
    : [close];
  return [
    { label: 'File', entries: file },
    { label: 'Tools', entries: [{ type: 'item', label: 'Options…', onSelect: () => openDialog('options') }] },
    { label: 'Help', entries: [{ type: 'item', label: 'About', onSelect: () => openDialog('about') }] },
  ];
}

export function MainWindow() {
  const loaded = useSession((s) => s.loaded);
  const phase = useSession(selectPhase);
  const self = useSession(selectSelf);
  const browser = useSession((s) => s.environment === 'browser');
  const protocol = useSession((s) => s.protocol);
  usePrompts();

  const online = phase === 'online' && self !== null;
  return (
    <div className="main-window">
      <MenuBar menus={menusFor(online, self?.status ?? 'FLN', browser)} />
      {!loaded ? (
        <p className="loading" role="status">
          Starting Butterfly…
        </p>
      ) : online ? (
        <div className="contact-pane">
          <header className="banner small">
            <ButterflyMark size={24} />
            <h1>Butterfly</h1>
          </header>
          <SelfHeader />
          <HotmailLine />
          <ContactList />
        </div>
      ) : (
        <SignIn />
      )}
      <Notices />
      <footer className="status-bar">
        <span className="panel">
          {online
            ? `Online${protocol ? ` (${protocol})` : ''}`
            : phase === 'signingIn'
              ? 'Signing in'
              : 'Not signed in'}
        </span>
      </footer>
    </div>
  );
}
