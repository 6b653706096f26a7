// The settings half of MessengerApi, for AccountService to forward to: the windows' view of the settings,
// Options' changes (checked, then stored), the list of servers, a remembered password to forget, and the
// downloads folder, and what the conversations read of them. Every change is followed by a 'settings' event with the whole view.
import { mkdir } from 'node:fs/promises';
import type { MessengerEvent, Settings, SettingsPatch } from '../../app/contract';
import { SANDBOX_SERVER, STORED_FLAGS } from '../../app/contract';
import type { ConversationSettings } from './conversationCenter';
import type { PasswordVault } from './passwordVault';
import { proxyView, saveProxy } from './proxySettings';
import { checkProtocols, normalizeServer, type SettingsStore } from './settingsStore';

export interface SettingsMethodsDeps {
  store: SettingsStore;
  vault: PasswordVault;
  emit(event: MessengerEvent): void;
  environment: 'desktop' | 'browser';
  /** Where received files go unless the person chose another folder. */
  defaultDownloadsFolder: string;
  /** Whether the shell can start Butterfly with the computer. */
  runAtStartupSupported: boolean;
  /** The signed-in address ('' or undefined while signed out): the font is kept per address. */
  selfEmail(): string | undefined;
  /** Toasts were turned off: the ones showing go. */
  clearToasts(): void;
}

export class SettingsMethods {
  constructor(private readonly deps: SettingsMethodsDeps) {}

  /** The settings as the windows see them. */
  view(): Settings {
    const { store, vault } = this.deps;
    const s = store.value;
    return {
      servers: store.choices(),
      lastServer: s.lastServer,
      lastEmail: s.lastEmail,
      protocols: [...s.protocols],
      rememberedPassword: s.lastEmail !== '' && vault.has(s.lastServer, s.lastEmail),
      canRememberPassword: vault.canRemember,
      sounds: s.sounds,
      toasts: s.toasts,
      messageToasts: s.messageToasts,
      emoticons: s.emoticons,
      askWhereToSave: s.askWhereToSave,
      downloadsFolder: this.downloadsFolder(),
      maxFileSize: s.maxFileSize,
      messageLog: s.messageLog,
      font: store.fontOf(this.deps.selfEmail() || s.lastEmail),
      strictMode: s.strictMode,
      keepAliveSeconds: s.keepAliveSeconds,
      signInToasts: s.signInToasts,
      mailToasts: s.mailToasts,
      alertToasts: s.alertToasts,
      idleAway: s.idleAway,
      idleMinutes: s.idleMinutes,
      runAtStartup: s.runAtStartup,
      runAtStartupSupported: this.deps.runAtStartupSupported,
      runInBackground: s.runInBackground,
      proxy: proxyView(s.proxy, vault),
    };
  }

  /** A server to select in the sign-in form from the start, saved as the last server (--sandbox). */
  selectServer(server: string): void {
    if (this.deps.store.value.lastServer === server) return;
    // The write is flushed by close(); the value is current at once.
    void this.deps.store.update((s) => {
      s.lastServer = server;
    });
  }

  /** Tells the windows the settings changed. */
  changed(): void {
    this.deps.emit({ type: 'settings', settings: this.view() });
  }

  /** What each conversation reads of the settings; `closing` while Butterfly shuts down. */
  forConversations(closing: boolean): ConversationSettings {
    const s = this.deps.store.value;
    return {
      // Without toasts, a "… says:" toast would show nowhere: the window opens instead.
      messageToasts: s.messageToasts && s.toasts && !closing,
      messageLog: s.messageLog,
      askWhereToSave: s.askWhereToSave && this.deps.environment === 'desktop',
      downloadsFolder: this.downloadsFolder(),
      // FileDesk flags offers over it (conversationTransfers.ts reads it through the center's settings).
      maxFileSize: s.maxFileSize,
    };
  }

  downloadsFolder(): string {
    return this.deps.store.value.downloadsFolder || this.deps.defaultDownloadsFolder;
  }

  async forgetPassword(email: string): Promise<void> {
    await this.deps.vault.forget(email.trim());
    this.changed();
  }

  async update(patch: SettingsPatch): Promise<void> {
    const { store, vault } = this.deps;
    // A font is kept per address; without one it would be stored for nobody (and spoil the saved list).
    const fontOwner = this.deps.selfEmail() || store.value.lastEmail;
    if (patch.font && !fontOwner) throw new Error('Sign in to choose the font you write in.');
    if (patch.runAtStartup && !this.deps.runAtStartupSupported)
      throw new Error('Butterfly cannot start with the computer here.');
    let protocols: string[] | undefined;
    if (patch.protocols !== undefined) {
      const checked = checkProtocols(patch.protocols);
      if (!checked.ok) throw new Error(checked.message);
      if (checked.protocols.length === 0) throw new Error('Choose at least one protocol version.');
      protocols = checked.protocols;
    }
    if (patch.downloadsFolder !== undefined) {
      if (this.deps.environment === 'browser')
        throw new Error(`In browser mode, received files are saved in ${this.downloadsFolder()}.`);
      // Made now (the rest found right), so a folder that cannot be is refused here, not at the first file.
      await mkdir(patch.downloadsFolder, { recursive: true }).catch(() => {
        throw new Error(`Butterfly cannot save files in ${patch.downloadsFolder}. Choose another folder.`);
      });
    }
    await store.update((s) => {
      if (patch.sounds !== undefined) s.sounds = patch.sounds;
      if (patch.toasts !== undefined) s.toasts = patch.toasts;
      if (patch.messageToasts !== undefined) s.messageToasts = patch.messageToasts;
      if (patch.emoticons !== undefined) s.emoticons = patch.emoticons;
      if (patch.askWhereToSave !== undefined) s.askWhereToSave = patch.askWhereToSave;
      if (patch.messageLog !== undefined) s.messageLog = patch.messageLog;
      if (patch.maxFileSize !== undefined) s.maxFileSize = patch.maxFileSize;
      if (patch.strictMode !== undefined) s.strictMode = patch.strictMode;
      if (patch.keepAliveSeconds !== undefined) s.keepAliveSeconds = patch.keepAliveSeconds;
      for (const flag of STORED_FLAGS) if (patch[flag] !== undefined) s[flag] = patch[flag];
      if (patch.idleMinutes !== undefined) s.idleMinutes = patch.idleMinutes;
      if (patch.downloadsFolder !== undefined) s.downloadsFolder = patch.downloadsFolder;
      if (protocols) s.protocols = protocols;
    });
    if (patch.font) await store.setFont(fontOwner, patch.font);
    if (patch.proxy) await saveProxy(store, vault, patch.proxy);
    if (patch.toasts === false) this.deps.clearToasts();
    this.changed();
  }

  async addServer(server: string): Promise<void> {
    const id = normalizeServer(server);
    if (!id) throw new Error('That is not a server address. Type it as host or host:port.');
    await this.deps.store.rememberServer(id);
    this.changed();
  }

  async removeServer(server: string): Promise<void> {
    if (server === SANDBOX_SERVER) throw new Error('The built-in sandbox is always on the list.');
    const id = normalizeServer(server);
    if (!id || !(await this.deps.store.removeServer(id)))
      throw new Error(`${server} is not on your list of servers.`);
    this.changed();
  }
}
