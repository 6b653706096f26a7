// Toasts and sounds as the person set them up in Options, and what a click on a toast does. The session
// hands every toast and sound here; what Options turned off goes no further. The toasts themselves (their
// lifetimes and the list) are the ToastCenter's (toasts.ts).
import type { MessengerEvent, OpenedUrl, SoundName, WindowRoute } from '../../app/contract';
import type { StoredSettings } from './settingsStore';
import type { ToastCenter, ToastContent } from './toasts';

export interface ToastMethodsDeps {
  center: ToastCenter;
  settings(): StoredSettings;
  /** Butterfly is shutting down: no more toasts. */
  closing(): boolean;
  emit(event: MessengerEvent): void;
  /** Whether the person is signed in (a contact's toast opens a conversation only then). */
  signedIn(): boolean;
  openConversation(email: string): Promise<unknown>;
  showConversation(id: string): Promise<void>;
  openInbox(): Promise<OpenedUrl>;
  openExternal(url: string): Promise<OpenedUrl>;
  showWindow(route: WindowRoute, focus: boolean): Promise<void>;
}

export class ToastMethods {
  constructor(private readonly deps: ToastMethodsDeps) {}

  /** Shows a toast unless toasts, or this kind of toast, are turned off: its id, or null. */
  show(content: ToastContent, unseen?: () => void): string | null {
    if (!this.deps.settings().toasts || this.deps.closing() || !this.kindShown(content.kind)) return null;
    return this.deps.center.show(content, unseen).id;
  }

  /** Each kind of toast can be turned off on its own (Options ▸ Preferences). */
  private kindShown(kind: ToastContent['kind']): boolean {
    const s = this.deps.settings();
    if (kind === 'signIn') return s.signInToasts;
    if (kind === 'mail') return s.mailToasts;
    return kind === 'alert' ? s.alertToasts : true;
  }

  sound(sound: SoundName): void {
    if (this.deps.settings().sounds) this.deps.emit({ type: 'sound', sound });
  }

  /** The person clicked a toast: it goes, and its action runs. */
  async clicked(id: string): Promise<OpenedUrl> {
    const toast = this.deps.center.dismiss(id);
    if (!toast) return null;
    const action = toast.action;
    switch (action.type) {
      case 'openConversation':
        if (this.deps.signedIn()) await this.deps.openConversation(action.email);
        return null;
      case 'showConversation':
        await this.deps.showConversation(action.id);
        return null;
      case 'openInbox':
        return this.deps.openInbox();
      case 'openUrl':
        return this.deps.openExternal(action.url);
      case 'showPages':
        await this.deps.showWindow({ kind: 'dialog', dialog: 'pages' }, true);
        return null;
      case 'none':
        return null;
    }
  }
}
