// One app for every window: the route in the location hash decides what this window is. In browser mode
// the contact-list page is a whole desktop: the main window, the inline child windows and the toasts.
import { useEffect } from 'react';
import type { WindowRoute } from '../app/contract';
import { InlineWindows } from './components/InlineWindows';
import { MainWindow } from './components/MainWindow';
import { RouteView, useRouteTitle } from './components/RouteView';
import { ToastStack } from './components/ToastStack';
import { WindowErrorBoundary } from './components/WindowErrorBoundary';
import { useSession } from './stores/session';

export function App({ route }: { route: WindowRoute }) {
  const browser = useSession((s) => s.environment === 'browser');
  const title = useRouteTitle(route);
  useEffect(() => {
    document.title = title;
  }, [title]);

  // A dialog window closes with Escape, as dialogs do on Windows.
  useEffect(() => {
    if (route.kind !== 'dialog' || browser) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) window.close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [route.kind, browser]);

  if (route.kind === 'contactList' && browser) {
    return (
      <div className="desktop">
        <section className="main-frame" aria-label="Butterfly" data-window-root="main">
          <div className="title-bar">
            <span className="title-text">Butterfly</span>
          </div>
          <WindowErrorBoundary>
            <MainWindow />
          </WindowErrorBoundary>
        </section>
        <InlineWindows />
        <ToastStack />
      </div>
    );
  }
  return (
    <div className={`window route-${route.kind}`} data-window-root="main">
      <WindowErrorBoundary onClose={route.kind === 'contactList' ? undefined : () => window.close()}>
        <RouteView route={route} />
      </WindowErrorBoundary>
    </div>
  );
}
