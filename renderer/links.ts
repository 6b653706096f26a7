// Opening web pages. The desktop app asks main, which opens them in the system browser. Browser mode opens
// them in a new tab of the browser the person is in (the service may run on a machine nobody looks at), and
// does so inside the click: a popup blocker lets a page open a tab only while it handles the person's
// click, not later when main's answer arrives.
import type { OpenedUrl, Toast } from '../app/contract';
import { ONLY_WEB_LINKS, webUrl } from '../app/webUrl';
import { api, environment } from './bridge';
import { pushNotice } from './stores/ui';

/** Where a failure shows: a notice, in a conversation's window when `scope` names it. */
type Scope = { scope?: string };

/** Runs a call; a failure shows as a notice (its message is one sentence) and resolves to null. */
async function ask(request: () => Promise<OpenedUrl>, where: Scope): Promise<OpenedUrl> {
  try {
    return await request();
  } catch (err) {
    pushNotice(err instanceof Error && err.message ? err.message : 'Something went wrong. Try again.', where);
    return null;
  }
}

/** A link whose address the page has (in a message, an alert): opened at once. */
export function openLink(url: string, where: Scope = {}): void {
  if (environment === 'desktop') {
    void ask(() => api.openExternal(url), where);
    return;
  }
  const safe = webUrl(url);
  if (safe === null) {
    pushNotice(ONLY_WEB_LINKS, where);
    return;
  }
  // noopener: the tab gets no handle on this page; noreferrer: nor this page's address, which holds the token.
  window.open(safe, '_blank', 'noopener,noreferrer');
}

/**
 * A page whose address only main knows (the server's answer to URL: the inbox, a web service): in browser
 * mode a blank tab opens now, inside the click, and main's answer gives it its address.
 */
export function openFromMain(request: () => Promise<OpenedUrl>, where: Scope = {}): void {
  if (environment === 'desktop') {
    void ask(request, where);
    return;
  }
  const tab = window.open('', '_blank');
  if (tab) tab.opener = null;
  void ask(request, where).then((url) => {
    const safe = url ? webUrl(url) : null;
    if (safe === null) tab?.close();
    else if (tab && !tab.closed) tab.location.replace(safe);
    else
      pushNotice('Your browser blocked the new tab.', {
        ...where,
        action: { label: 'Open the page', run: () => openLink(safe, where) },
      });
  });
}

/** A click on a toast does its action: main does it (opening any window) and takes the toast away. */
export function clickToast(toast: Toast): void {
  const { action } = toast;
  if (environment === 'browser' && action.type === 'openUrl') {
    openLink(action.url);
    void ask(() => api.dismissToast(toast.id).then(() => null), {});
  } else if (action.type === 'openInbox' || action.type === 'openUrl') {
    openFromMain(() => api.toastClicked(toast.id));
  } else {
    void ask(() => api.toastClicked(toast.id), {});
  }
}
