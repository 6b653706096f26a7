// Toasts: the little notices that slide up by the clock. Which events deserve one (pure functions), and
// the list of those showing, each expiring after a few seconds unless dismissed first. A toast that must
// not go unseen (a message) says what to do when it leaves without the person clicking or closing it.
import type { Toast, ToastAction } from '../../app/contract';
import type { Alert, Contact, MailNotice, Status } from '../../app/types';
import { displayText } from '../../app/displayText';
import { Timers } from '../msnp/timers';
import { webUrl } from './webUrl';

const DEFAULT_TOAST_LIFETIME_MS = 5_000;
const DEFAULT_MAX_TOASTS = 5;
const MAX_TITLE = 200;
const MAX_BODY = 400;
/** A message toast shows the start of the message; the window has the rest. */
const MAX_PREVIEW = 120;

export type ToastContent = Pick<Toast, 'kind' | 'title' | 'body' | 'action'>;

/**
 * What a toast line may hold: one paragraph, without control characters or the invisible ones that could
 * disguise a name ("X says:", "X has just signed in"), clipped with an ellipsis. Every toast goes through here.
 */
function clip(text: string, max: number): string {
  const flat = displayText(text).replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * "X has just signed in." only for someone on your contact list who comes online after being offline
 * (NLN after FLN), never for the people already online when you sign in (ILN, `initial`).
 */
export function signInToast(e: {
  contact: Contact;
  previous: Status;
  initial: boolean;
}): ToastContent | null {
  const { contact } = e;
  if (e.initial || e.previous !== 'FLN' || contact.status === 'FLN' || contact.status === 'HDN') return null;
  if (!contact.lists.includes('FL')) return null;
  // A name of nothing but invisible characters shows as the address, as an empty one does.
  const name = displayText(contact.nickname).trim() || contact.email;
  return {
    kind: 'signIn',
    title: clip(`${name} has just signed in.`, MAX_TITLE),
    body: '',
    action: { type: 'openConversation', email: contact.email },
  };
}

export function mailToast(notice: MailNotice): ToastContent {
  const from = displayText(notice.from).trim() || displayText(notice.fromAddr).trim() || 'someone';
  return {
    kind: 'mail',
    title: clip(`New e-mail from ${from}`, MAX_TITLE),
    body: clip(notice.subject, MAX_BODY),
    action: { type: 'openInbox' },
  };
}

export function alertToast(alert: Alert): ToastContent {
  let site = '';
  const siteUrl = webUrl(alert.siteUrl);
  if (siteUrl) site = new URL(siteUrl).hostname.replace(/^www\./, '');
  const target = webUrl(alert.actionUrl) ?? siteUrl;
  const action: ToastAction = target ? { type: 'openUrl', url: target } : { type: 'none' };
  return {
    kind: 'alert',
    title: clip(site ? `Alert from ${site}` : 'New alert', MAX_TITLE),
    body: clip(alert.text, MAX_BODY),
    action,
  };
}

/** A page that arrived, or word that one of yours was not delivered; a click shows the list of pages. */
export function pageToast(page: { failed: boolean; text: string }, from: string): ToastContent {
  const name = displayText(from).trim() || 'someone';
  return page.failed
    ? {
        kind: 'page',
        title: 'A page you sent could not be delivered.',
        body: clip(`To ${name}`, MAX_BODY),
        action: { type: 'showPages' },
      }
    : { kind: 'page', title: clip(`Page from ${name}`, MAX_TITLE), body: clip(page.text, MAX_BODY), action: { type: 'showPages' } };
}

/** What the server says about itself (going down, you were signed in elsewhere): no action. */
export function serverToast(text: string): ToastContent {
  return { kind: 'server', title: clip(text, MAX_TITLE), body: '', action: { type: 'none' } };
}

/** "… says:" or "… wants to send you a file:" with the start of it, showing that conversation when clicked. */
export function conversationToast(
  preview: { title: string; body: string },
  conversationId: string,
): ToastContent {
  return {
    kind: 'message',
    title: clip(preview.title, MAX_PREVIEW),
    body: clip(preview.body, MAX_PREVIEW),
    action: { type: 'showConversation', id: conversationId },
  };
}

export interface ToastCenterOptions {
  lifetimeMs?: number;
  max?: number;
  now?: () => number;
  /** Called with the whole list after every change. */
  onChange(toasts: Toast[]): void;
}

interface Showing {
  toast: Toast;
  cancel: () => void;
  unseen?: () => void;
}

export class ToastCenter {
  private readonly timers = new Timers();
  private readonly showing: Showing[] = [];
  private sequence = 0;
  private disposed = false;
  private readonly lifetimeMs: number;
  private readonly max: number;
  private readonly now: () => number;

  constructor(private readonly options: ToastCenterOptions) {
    this.lifetimeMs = options.lifetimeMs ?? DEFAULT_TOAST_LIFETIME_MS;
    this.max = Math.max(1, options.max ?? DEFAULT_MAX_TOASTS);
    this.now = options.now ?? Date.now;
  }

  list(): Toast[] {
    return this.showing.map((s) => ({ ...s.toast, action: { ...s.toast.action } }));
  }

  get(id: string): Toast | undefined {
    return this.showing.find((s) => s.toast.id === id)?.toast;
  }

  /**
   * Shows a toast; the oldest goes when too many are showing. `unseen` runs when this one leaves without
   * the person clicking or closing it (it expired, was pushed out, or toasts were turned off).
   */
  show(content: ToastContent, unseen?: () => void): Toast {
    this.sequence += 1;
    const toast: Toast = {
      id: `t${this.sequence}`,
      kind: content.kind,
      title: content.title,
      body: content.body,
      action: content.action,
      createdAt: this.now(),
    };
    if (this.disposed) return toast;
    const cancel =
      this.lifetimeMs > 0 ? this.timers.timeout(() => this.expire(toast.id), this.lifetimeMs) : () => {};
    this.showing.push({ toast, cancel, unseen });
    const pushedOut = this.showing.splice(0, Math.max(0, this.showing.length - this.max));
    this.gone(pushedOut);
    return toast;
  }

  /** An alert's icon arrived after its toast showed: it joins the toast if that is still there. */
  setIcon(id: string, icon: string): void {
    const entry = this.showing.find((s) => s.toast.id === id);
    if (!entry) return;
    entry.toast = { ...entry.toast, icon };
    this.changed();
  }

  /** The person clicked or closed a toast: it goes; undefined when it was already gone. */
  dismiss(id: string): Toast | undefined {
    const entry = this.take(id);
    if (!entry) return undefined;
    this.changed();
    return entry.toast;
  }

  /** Toasts were turned off: every one goes, unseen. */
  clear(): void {
    if (this.showing.length === 0) return;
    this.gone(this.showing.splice(0));
  }

  /** Stops every expiry timer; nothing more is reported, and nothing counts as unseen. */
  dispose(): void {
    this.disposed = true;
    this.showing.length = 0;
    this.timers.clearAll();
  }

  private expire(id: string): void {
    const entry = this.take(id);
    if (entry) this.gone([entry]);
  }

  private take(id: string): Showing | undefined {
    const at = this.showing.findIndex((s) => s.toast.id === id);
    if (at < 0) return undefined;
    const [entry] = this.showing.splice(at, 1);
    entry!.cancel();
    return entry;
  }

  /** Toasts that left without the person: the list goes out first, then each says it went unseen. */
  private gone(entries: Showing[]): void {
    for (const e of entries) e.cancel();
    this.changed();
    for (const e of entries) if (!this.disposed) e.unseen?.();
  }

  private changed(): void {
    if (!this.disposed) this.options.onChange(this.list());
  }
}
