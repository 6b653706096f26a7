// A stand-in for the parts of electron the shell uses, so main/shell/index.ts can run in plain Node under test.
// It records what the shell asked for; tests drive it by emitting the events Electron would.
import { EventEmitter } from 'node:events';

export class FakeEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

type WindowOpenHandler = (details: { url: string }) => { action: string };

export class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler: WindowOpenHandler | null = null;
  readonly mainFrame = { url: '' };
  destroyed = false;
  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export class BrowserWindow extends EventEmitter {
  static readonly all: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loaded: { file?: string; url?: string; hash?: string } = {};
  visible = false;
  destroyed = false;
  bounds: Bounds;
  shownInactive = false;
  focused = false;
  minimized = false;
  /** Whether its taskbar button is flashing (flashFrame). */
  flashing = false;
  /** Every call that shows, focuses or flashes it, in order ('flash' and 'unflash' for flashFrame). */
  readonly calls: string[] = [];

  constructor(readonly options: Record<string, unknown>) {
    super();
    this.bounds = {
      x: Number(options['x'] ?? 0),
      y: Number(options['y'] ?? 0),
      width: Number(options['width']),
      height: Number(options['height']),
    };
    BrowserWindow.all.push(this);
    electron.app.emit('web-contents-created', new FakeEvent(), this.webContents);
  }
  async loadFile(file: string, options?: { hash?: string }): Promise<void> {
    this.loaded = { file, hash: options?.hash };
    this.webContents.mainFrame.url = `${new URL(`file://${file}`).href}#${options?.hash ?? ''}`;
  }
  async loadURL(url: string): Promise<void> {
    this.loaded = { url };
    this.webContents.mainFrame.url = url;
  }
  show(): void {
    this.calls.push('show');
    this.visible = true;
    this.minimized = false;
    this.takeFocus();
  }
  showInactive(): void {
    this.calls.push('showInactive');
    this.visible = true;
    this.shownInactive = true;
  }
  focus(): void {
    this.calls.push('focus');
    this.takeFocus();
  }
  restore(): void {
    this.calls.push('restore');
    this.minimized = false;
  }
  /** What the person does: minimizes it (it loses focus). */
  minimize(): void {
    this.minimized = true;
    this.focused = false;
  }
  /** What the person does: clicks another app. */
  blur(): void {
    this.focused = false;
  }
  flashFrame(flag: boolean): void {
    this.calls.push(flag ? 'flash' : 'unflash');
    this.flashing = flag;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isFocused(): boolean {
    return this.focused;
  }
  private takeFocus(): void {
    for (const other of BrowserWindow.all) if (other !== this) other.focused = false;
    if (this.focused) return;
    this.focused = true;
    this.emit('focus');
  }
  isVisible(): boolean {
    return this.visible;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getBounds(): Bounds {
    return { ...this.bounds };
  }
  setBounds(bounds: Bounds): void {
    this.bounds = { ...bounds };
  }
  close(): void {
    this.destroy();
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

class FakeApp extends EventEmitter {
  sandboxEnabled = false;
  readyBeforeSandbox = false;
  quitCalls = 0;
  exitCode: number | null = null;
  isPackaged = true;
  userData = '';
  /** '' for a system without the folder. */
  downloads = '/home/you/Downloads';
  documents = '/home/you/Documents';
  private resolveReady: () => void = () => {};
  private readonly ready = new Promise<void>((resolve) => (this.resolveReady = resolve));
  private isReadyNow = false;

  enableSandbox(): void {
    if (this.isReadyNow) this.readyBeforeSandbox = true;
    this.sandboxEnabled = true;
  }
  requestSingleInstanceLock(): boolean {
    return true;
  }
  whenReady(): Promise<void> {
    return this.ready;
  }
  isReady(): boolean {
    return this.isReadyNow;
  }
  becomeReady(): void {
    this.isReadyNow = true;
    this.resolveReady();
  }
  getPath(name: string): string {
    if (name === 'userData') return this.userData;
    // Electron throws where the system has no such folder; '' stands for that here.
    const folder = name === 'downloads' ? this.downloads : name === 'documents' ? this.documents : undefined;
    if (folder === undefined) throw new Error(`unexpected getPath(${name})`);
    if (folder === '') throw new Error(`Failed to get '${name}' path`);
    return folder;
  }
  getVersion(): string {
    return '9.9.9';
  }
  loginItems: { openAtLogin: boolean }[] = [];
  setLoginItemSettings(settings: { openAtLogin: boolean }): void {
    this.loginItems.push(settings);
  }
  quit(): void {
    this.quitCalls += 1;
    const event = new FakeEvent();
    this.emit('before-quit', event);
  }
  exit(code: number): void {
    this.exitCode = code;
  }
}

class FakeSession extends EventEmitter {
  permissionRequest:
    ((contents: unknown, permission: string, callback: (ok: boolean) => void) => void) | null = null;
  permissionCheck: (() => boolean) | null = null;
  devicePermission: (() => boolean) | null = null;
  setPermissionRequestHandler(handler: FakeSession['permissionRequest']): void {
    this.permissionRequest = handler;
  }
  setPermissionCheckHandler(handler: FakeSession['permissionCheck']): void {
    this.permissionCheck = handler;
  }
  setDevicePermissionHandler(handler: FakeSession['devicePermission']): void {
    this.devicePermission = handler;
  }
}

type Handler = (event: unknown, ...args: unknown[]) => unknown;

class FakeIpcMain {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

class FakeImage {
  readonly representations: { scaleFactor: number }[] = [];
  constructor(readonly path = '') {}
  resize(): FakeImage {
    return this;
  }
  toPNG(): Buffer {
    return Buffer.alloc(0);
  }
  addRepresentation(rep: { scaleFactor: number }): void {
    this.representations.push(rep);
  }
}

export class Tray extends EventEmitter {
  static readonly all: Tray[] = [];
  menu: { label?: string; click?: () => void }[] = [];
  tooltip = '';
  destroyed = false;
  constructor(readonly image: FakeImage) {
    super();
    Tray.all.push(this);
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setContextMenu(menu: { template: Tray['menu'] }): void {
    this.menu = menu.template;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

interface DialogCall {
  kind: 'open' | 'save';
  parent: BrowserWindow | undefined;
  options: Record<string, unknown>;
}

/** Records each dialog and answers with the next queued answer, or as if the person cancelled. */
class FakeDialog {
  readonly calls: DialogCall[] = [];
  readonly openAnswers: { canceled: boolean; filePaths: string[] }[] = [];
  readonly saveAnswers: { canceled: boolean; filePath: string }[] = [];
  async showOpenDialog(...args: unknown[]): Promise<{ canceled: boolean; filePaths: string[] }> {
    this.record('open', args);
    return this.openAnswers.shift() ?? { canceled: true, filePaths: [] };
  }
  async showSaveDialog(...args: unknown[]): Promise<{ canceled: boolean; filePath: string }> {
    this.record('save', args);
    return this.saveAnswers.shift() ?? { canceled: true, filePath: '' };
  }
  private record(kind: DialogCall['kind'], args: unknown[]): void {
    const [parent, options] = args.length === 2 ? args : [undefined, args[0]];
    this.calls.push({
      kind,
      parent: parent as BrowserWindow | undefined,
      options: options as Record<string, unknown>,
    });
  }
}

export const electron = {
  app: new FakeApp(),
  session: { defaultSession: new FakeSession() },
  ipcMain: new FakeIpcMain(),
  BrowserWindow,
  Tray,
  Menu: {
    buildFromTemplate: (template: Tray['menu']) => ({ template }),
    /** What the app set as its application menu: undefined until it set one, null for none. */
    application: undefined as { template: Tray['menu'] } | null | undefined,
    setApplicationMenu(menu: { template: Tray['menu'] } | null): void {
      electron.Menu.application = menu;
    },
  },
  nativeImage: {
    createFromPath: (path: string) => new FakeImage(path),
    createEmpty: () => new FakeImage(),
  },
  /** Seconds since the last input anywhere on the system, as the test sets it. */
  powerMonitor: {
    idleSeconds: 0,
    getSystemIdleTime: (): number => electron.powerMonitor.idleSeconds,
  },
  screen: Object.assign(new EventEmitter(), {
    getPrimaryDisplay: () => ({ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }),
  }),
  safeStorage: {
    isEncryptionAvailable: () => false,
    getSelectedStorageBackend: () => 'basic_text',
    encryptString: (s: string) => Buffer.from(s),
    decryptString: (b: Buffer) => b.toString(),
  },
  dialog: new FakeDialog(),
  shell: {
    opened: [] as string[],
    shownInFolder: [] as string[],
    async openExternal(url: string): Promise<void> {
      electron.shell.opened.push(url);
    },
    showItemInFolder(file: string): void {
      electron.shell.shownInFolder.push(file);
    },
    openedFolders: [] as string[],
    /** What openPath answers: '' for success, else Electron's error message. */
    openPathAnswer: '',
    async openPath(folder: string): Promise<string> {
      electron.shell.openedFolders.push(folder);
      return electron.shell.openPathAnswer;
    },
  },
};

// The named exports `import { app, ... } from 'electron'` reads, when the test's resolver maps electron here.
export const { app, session, ipcMain, Menu, nativeImage, powerMonitor, screen, safeStorage, dialog, shell } = electron;
