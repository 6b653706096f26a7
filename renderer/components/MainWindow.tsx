// The main window: the sign-in form while signed out, the contact list while online (greyed, under
// "Reconnecting…" and Cancel, while main signs in again after the connection dropped), with the menu bar
// and the notices in all.
import { useEffect, useState } from 'react';
import { cancelSignIn } from '../actions';
import { reconnectLine, selectPhase, selectSelf, useSession } from '../stores/session';
import { statusBarText } from '../status';
import { ButterflyMark } from './ButterflyMark';
import { ConfirmDelete } from './ConfirmDelete';
import { ContactList } from './ContactList';
import { HotmailLine } from './HotmailLine';
import { AlertsLine } from './AlertsLine';
import { menusFor, useHelpShortcut, useMenuPeople } from './mainMenus';
import { MenuBar } from './MenuBar';
import { Notices } from './Notices';
import { usePrompts } from './prompts';
import { useInspectorShortcut } from './inspector/shortcut';
import { SelfHeader } from './SelfHeader';
import { SignIn } from './SignIn';

/** Why the connection dropped, when the next try comes (counting down), and Cancel. */
function Reconnecting() {
  const session = useSession((s) => s.session);
  const retryAt = session.reconnect?.retryAt ?? null;
  // Redrawn a few times a second while a try is awaited, so the seconds count down.
  const [, setTick] = useState(0);
  useEffect(() => {
    if (retryAt === null) return;
    const timer = setInterval(() => setTick((n) => n + 1), 250);
    return () => clearInterval(timer);
  }, [retryAt]);
  return (
    <div className="reconnect" role="group" aria-label="Reconnecting">
      <div className="reconnect-text">
        {session.error && <p role="status">{session.error}</p>}
        <p className="reconnect-when">{reconnectLine(session, Date.now())}</p>
      </div>
      <button type="button" onClick={cancelSignIn}>
        Cancel
      </button>
    </div>
  );
}

/** Closing the tab does not end the session on the service, as closing a desktop window would: for how long. */
function browserNote(minutes: number) {
  const stop = (
    <>
      stop <code>npm run web</code>
    </>
  );
  if (minutes <= 0) return <>Signed in until you sign out or {stop}, even with this tab closed.</>;
  const span = minutes === 1 ? '1 minute' : `${Math.round(minutes * 10) / 10} minutes`;
  return (
    <>
      Signed in until you sign out or {stop}; with no tab open, for {span}.
    </>
  );
}

export function MainWindow() {
  const loaded = useSession((s) => s.loaded);
  const phase = useSession(selectPhase);
  const self = useSession(selectSelf);
  const browser = useSession((s) => s.environment === 'browser');
  const signOutAfterMinutes = useSession((s) => s.signOutAfterMinutes);
  usePrompts();
  useInspectorShortcut();
  useHelpShortcut();

  const online = phase === 'online' && self !== null;
  const reconnecting = phase === 'reconnecting';
  const people = useMenuPeople(online);
  const menus = menusFor({
    phase: phase === 'online' && !online ? 'signingIn' : phase,
    status: self?.status ?? 'FLN',
    browser,
    ...people,
  });
  return (
    <div className="main-window">
      <MenuBar menus={menus} />
      <div className="main-body">
        {!loaded ? (
          <p className="loading" role="status">
            Starting Butterfly…
          </p>
        ) : online || (reconnecting && self !== null) ? (
          <>
            {reconnecting && <Reconnecting />}
            <div className={`contact-pane${reconnecting ? ' stale' : ''}`}>
              <header className="banner small">
                <ButterflyMark size={24} />
                <h1>Butterfly</h1>
              </header>
              <SelfHeader />
              <HotmailLine />
              <AlertsLine />
              <ContactList stale={reconnecting} />
            </div>
            {!reconnecting && <ConfirmDelete />}
          </>
        ) : reconnecting ? (
          <Reconnecting />
        ) : (
          <SignIn />
        )}
        <Notices />
      </div>
      {browser && (online || reconnecting) && (
        // Closing the tab does not end the session on the service, as closing a desktop window would.
        <p className="browser-note">{browserNote(signOutAfterMinutes)}</p>
      )}
      <footer className="status-bar">
        <span className="panel">{statusBarText(online, phase)}</span>
      </footer>
    </div>
  );
}
