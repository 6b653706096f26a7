// Toasts: the little notices that slide up by the clock. Which events deserve one (pure functions), and
// the list of those showing, each expiring after a few seconds unless dismissed first.
import type { Toast, ToastAction } from '../../app/contract';
import type { Alert, Contact, MailNotice, Status } from '../../app/types';
import { Timers } from '../msnp/timers';
import { webUrl } from './webUrl';

const DEFAULT_TOAST_LIFETIME_MS = 5_000;
const DEFAULT_MAX_TOASTS = 5;
const MAX_TITLE = 200;
const MAX_BODY = 400;

export type ToastContent = Pick<Toast, 'kind' | 'title' | 'body' | 'action'>;

function clip(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex -- a toast is one short plain paragraph
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
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
  const name = contact.nickname.trim() || contact.email;
  return {
    kind: 'signIn',
    title: clip(`${name} has just signed in.`, MAX_TITLE),
    body: '',
    action: { type: 'openConversation', email: contact.email },
  };
}

export function mailToast(notice: MailNotice): ToastContent {
  const from = notice.from.trim() || notice.fromAddr.trim() || 'someone';
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

export interface ToastCenterOptions {
  lifetimeMs?: number;
  max?: number;
  now?: () => number;
  /** Called with the whole list after every change. */
  onChange(toasts: Toast[]): void;
}

export class ToastCenter {
  private readonly timers = new Timers();
  private readonly showing: { toast: Toast; cancel: () => void }[] = [];
  private sequence = 0;
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

  /** Shows a toast; the oldest goes when too many are showing. */
  show(content: ToastContent): Toast {
    this.sequence += 1;
    const toast: Toast = {
      id: `t${this.sequence}`,
      kind: content.kind,
      title: content.title,
      body: content.body,
      action: content.action,
      createdAt: this.now(),
    };
    const cancel =
      this.lifetimeMs > 0 ? this.timers.timeout(() => this.dismiss(toast.id), this.lifetimeMs) : () => {};
    this.showing.push({ toast, cancel });
    while (this.showing.length > this.max) this.showing.shift()!.cancel();
    this.changed();
    return toast;
  }

  /** Takes a toast away; undefined when it was already gone. */
  dismiss(id: string): Toast | undefined {
    const at = this.showing.findIndex((s) => s.toast.id === id);
    if (at < 0) return undefined;
    const [entry] = this.showing.splice(at, 1);
    entry!.cancel();
    this.changed();
    return entry!.toast;
  }

  clear(): void {
    if (this.showing.length === 0) return;
    for (const s of this.showing.splice(0)) s.cancel();
    this.changed();
  }

  /** Stops every expiry timer; nothing more is reported. */
  dispose(): void {
    this.showing.length = 0;
    this.timers.clearAll();
  }

  private changed(): void {
    this.options.onChange(this.list());
  }
}
