// From the engine's events to what the windows hear: contact, self, privacy, pending adds, mail and
// alerts as MessengerEvents, plus the toasts and sounds a person notices. One binding per session.
// Conversations have their own: conversationCenter.ts.
import type { MessengerEvent, SoundName } from '../../app/contract';
import type { AccountSnapshot } from '../../app/types';
import type { ConversationManager } from '../msnp/conversations';
import type { NotificationSession } from '../msnp/notificationSession';
import type { IncomingPage } from '../msnp/memberServices';
import { alertToast, mailToast, serverToast, signInToast, type ToastContent } from './toasts';

export interface SessionSink {
  /** Per-change events; the service drops them until the session is online (the 'account' event covers sign-in). */
  emit(event: MessengerEvent): void;
  /** `unseen`: what to do if it leaves without the person clicking or closing it (see ToastCenter.show). */
  toast(content: ToastContent, unseen?: () => void): string | null;
  /** Gives a showing toast its icon (a data: URL). */
  toastIcon(id: string, icon: string): void;
  /** Fetches an alert's icon as a data: URL (alertIcons.ts); null when there is none to show. */
  fetchIcon(url: string, server: string): Promise<string | null>;
  sound(name: SoundName): void;
  notice(message: string): void;
  /** A page arrived (IPG) on this session. */
  page(ns: NotificationSession, page: IncomingPage): void;
}

function mailState(ns: NotificationSession): AccountSnapshot['mail'] {
  const mail = ns.state.mail;
  return { ...mail, notices: mail.notices.map((n) => ({ ...n })) };
}

/** Wires one session and its conversations to the sink; returns the function that unwires them. */
export function bindSession(
  ns: NotificationSession,
  conversations: ConversationManager,
  sink: SessionSink,
): () => void {
  let pending = JSON.stringify(ns.state.pendingAdds());
  const checkPending = (): void => {
    const now = ns.state.pendingAdds();
    const text = JSON.stringify(now);
    if (text === pending) return;
    pending = text;
    sink.emit({ type: 'pendingAdds', pendingAdds: now });
  };

  const offs: (() => void)[] = [
    ns.on('synced', () => {
      pending = JSON.stringify(ns.state.pendingAdds());
    }),
    ns.on('presence', (e) => {
      sink.emit({ type: 'contact', contact: e.contact, removed: false });
      const toast = signInToast(e);
      if (toast) {
        sink.toast(toast);
        sink.sound('online');
      }
    }),
    ns.on('contact', (e) => {
      sink.emit({ type: 'contact', contact: e.contact, removed: e.removed });
      checkPending();
    }),
    ns.on('reverseAdded', checkPending),
    ns.on('reverseRemoved', checkPending),
    ns.on('self', (self) => sink.emit({ type: 'self', self })),
    ns.on('privacy', (privacy) => sink.emit({ type: 'privacy', privacy: { ...privacy } })),
    ns.on('mail', () => sink.emit({ type: 'mail', mail: mailState(ns) })),
    ns.on('newMail', (notice) => {
      sink.toast(mailToast(notice));
      sink.sound('mail');
    }),
    ns.on('alert', (alert) => {
      sink.emit({ type: 'alerts', alerts: ns.state.alerts.map((a) => ({ ...a })) });
      const toastId = sink.toast(alertToast(alert));
      sink.sound('alert');
      // The alert is already showing; its icon joins it if it comes.
      if (alert.icon)
        void sink.fetchIcon(alert.icon, ns.serverAddress).then(
          (icon) => {
            if (icon === null || !ns.state.alerts.includes(alert)) return;
            alert.iconData = icon;
            sink.emit({ type: 'alerts', alerts: ns.state.alerts.map((a) => ({ ...a })) });
            if (toastId !== null) sink.toastIcon(toastId, icon);
          },
          () => {},
        );
    }),
    ns.on('page', (page) => sink.page(ns, page)),
    ns.on('system', (e) => {
      const minutes = Number(e.arg);
      if (e.type === 1 && Number.isFinite(minutes)) {
        const text = `The server is going down for maintenance in ${minutes} minute${minutes === 1 ? '' : 's'}; you will be signed out then.`;
        sink.notice(text);
        sink.toast(serverToast(text));
        sink.sound('alert');
      }
    }),
    conversations.on('ringFailed', (e) =>
      sink.notice(`${e.email} started a conversation with you, but Butterfly could not join it.`),
    ),
  ];
  return () => {
    for (const off of offs) off();
  };
}
