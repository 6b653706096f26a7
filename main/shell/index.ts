/// <reference types="electron-vite/node" />
// The Electron entry point: one running Butterfly per user. It only wires parts together: the account
// service (plain Node), the window factory, file dialogs, IPC, toasts and the tray. Every decision lives in a
// pure file.
import { app, Menu, powerMonitor, safeStorage, screen, session, shell } from 'electron';
import iconPath from '../../resources/icons/icon.png?asset';
import type { Settings, WindowRoute } from '../../app/contract';
import { AccountService } from '../service/accountService';
import { endsAccount, windowsToCloseOnSignOut } from './accountWindows';
import { appMenuTemplate } from './appMenu';
import { conversationToLeave, windowWantingAttention } from './conversationWindows';
import {
  canRunAtStartup,
  IDLE_POLL_MS,
  loginItemChange,
  quitsOnClose,
  toastLifetimeFromEnv,
} from './desktopSettings';
import { desktopFiles } from './files';
import { ONLY_WEB_LINKS, webUrl } from '../service/webUrl';
import { denyPermissions, hardenWebContents } from './hardening';
import { bindIpc } from './ipc';
import { safeStorageSecrets } from './secrets';
import { onceWithDeadline } from './shutdown';
import { ToastWindows } from './toasts';
import { AppTray } from './tray';
import { nextTrayState, SIGNED_OUT, trayStateFromSnapshot, type TrayState } from './trayMenu';
import { defaultPreloadPath, defaultRendererDir } from './windowOptions';
import { WindowFactory } from './windows';

/** How long quitting waits for the sign-out before leaving anyway. */
const SHUTDOWN_MS = 3000;

/** Logs a failure no window awaits (the error goes to the log, never to a person as a stack). */
const report = (doing: string) => (err: unknown) => console.error(`Could not ${doing}:`, err);

// Every renderer is sandboxed, including any a future change forgets to configure.
app.enableSandbox();
hardenWebContents(app);

if (!app.requestSingleInstanceLock()) {
  // Another Butterfly is running; its 'second-instance' handler brings it forward.
  app.quit();
} else {
  start();
}

function start(): void {
  // electron-vite dev sets ELECTRON_RENDERER_URL to its dev server; a packaged app always loads its own files.
  const devUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
  const rendererDir = defaultRendererDir();
  let service: AccountService | null = null;
  let settings: Pick<Settings, 'runInBackground'> = { runInBackground: true };
  let loginItem: boolean | null = null;
  const applySettings = (next: Settings): void => {
    settings = next;
    const open = loginItemChange(loginItem, next);
    if (open === null) return;
    app.setLoginItemSettings({ openAtLogin: open });
    loginItem = open;
  };
  const windows = new WindowFactory({
    preload: defaultPreloadPath(),
    rendererDir,
    devUrl,
    icon: iconPath,
    // As in Messenger 3.0, closing a conversation's window leaves the conversation.
    onClosed: (route) => {
      const id = conversationToLeave(route);
      if (id !== null) void service?.leaveConversation(id).catch(report('leave the conversation'));
      if (quitsOnClose(route, settings)) app.quit();
    },
  });
  // Windows can only be made once the app is ready; until then the start-up below opens the list anyway.
  const showContactList = (): void => {
    if (app.isReady()) windows.show({ kind: 'contactList' });
  };

  let tray: AppTray | null = null;
  let toasts: ToastWindows | null = null;
  let unbind: () => void = () => {};

  const shutdown = onceWithDeadline(async () => {
    unbind();
    toasts?.dispose();
    tray?.destroy();
    tray = null;
    await service?.close();
  }, SHUTDOWN_MS);
  let readyToQuit = false;
  app.on('before-quit', (event) => {
    if (readyToQuit) return;
    event.preventDefault();
    void shutdown().finally(() => {
      readyToQuit = true;
      app.quit();
    });
  });

  app.on('second-instance', showContactList);
  // macOS keeps apps alive without windows and reopens one from the dock.
  app.on('activate', showContactList);
  // Like Messenger, closing the contact list keeps Butterfly signed in, in the tray; Exit quits.
  app.on('window-all-closed', () => {
    if (!tray && process.platform !== 'darwin') app.quit();
  });

  app
    .whenReady()
    .then(async () => {
      denyPermissions(session.defaultSession);
      const menu = appMenuTemplate(process.platform);
      Menu.setApplicationMenu(menu ? Menu.buildFromTemplate(menu) : null);

      const api = new AccountService({
        userDataDir: app.getPath('userData'),
        environment: 'desktop',
        version: app.getVersion(),
        toastLifetimeMs: toastLifetimeFromEnv(process.env),
        secrets: safeStorageSecrets(safeStorage, process.platform),
        openExternal: async (url) => {
          const safe = webUrl(url);
          if (!safe) throw new Error(ONLY_WEB_LINKS);
          await shell.openExternal(safe);
        },
        openWindow: async (route: WindowRoute, options) => {
          // Toast windows follow the service's toast list (below), never a request to open one.
          if (route.kind !== 'toast') windows.show(route, { focus: options?.focus ?? true });
        },
        files: desktopFiles(() => windows.focused()),
        runAtStartupSupported: canRunAtStartup(process.platform),
        // File ▸ Exit: as the tray's Exit, 'before-quit' signs out first.
        quit: () => app.quit(),
      });
      service = api;

      toasts = new ToastWindows(windows, () => screen.getPrimaryDisplay().workArea);
      const relayout = (): void => toasts?.layout();
      screen.on('display-metrics-changed', relayout);
      screen.on('display-added', relayout);
      screen.on('display-removed', relayout);

      try {
        tray = new AppTray(iconPath, {
          open: showContactList,
          signIn: showContactList,
          cancelSignIn: () => void api.cancelSignIn().catch(report('cancel the sign-in')),
          signOut: () => void api.signOut().catch(report('sign out')),
          // No window awaits the tray menu, so its failure is shown as a notice.
          setStatus: (status) =>
            void api.setStatus(status).catch((err: unknown) => {
              report('change the status')(err);
              if (err instanceof Error) api.notice(err.message);
            }),
          exit: () => app.quit(),
        });
      } catch (err) {
        // Some Linux desktops have no notification area; the app then quits with its last window.
        report('show the tray icon')(err);
      }

      const unbindIpc = bindIpc({
        api,
        isAppWebContents: (contents) => windows.owns(contents),
        appWebContents: () => windows.webContents(),
        devUrl,
        rendererDir,
      });
      // Conversations and the dialogs about a contact go with the account.
      // A session that ended on its own (its state carries the reason) leaves conversations open.
      let sessionError = '';
      const closeAccountWindows = (): void => {
        for (const route of windowsToCloseOnSignOut(windows.openRoutes(), sessionError === ''))
          windows.close(route);
      };
      let trayState: TrayState = SIGNED_OUT;
      const unsubscribe = api.subscribe((event) => {
        if (event.type === 'toasts') toasts?.update(event.toasts);
        if (event.type === 'session') sessionError = event.session.error;
        if (event.type === 'settings') applySettings(event.settings);
        if (endsAccount(event)) closeAccountWindows();
        const attention = windowWantingAttention(event);
        if (attention) windows.flash(attention);
        trayState = nextTrayState(trayState, event);
        tray?.update(trayState);
      });
      // Automatic Idle: the system's idle time (any input, not only Butterfly's windows), read now and then.
      const idlePoll = setInterval(() => {
        void api
          .reportActivity(powerMonitor.getSystemIdleTime() * 1000)
          .catch(report('report the idle time'));
      }, IDLE_POLL_MS);
      unbind = () => {
        clearInterval(idlePoll);
        unsubscribe();
        unbindIpc();
        screen.off('display-metrics-changed', relayout);
        screen.off('display-added', relayout);
        screen.off('display-removed', relayout);
      };

      const snapshot = await api.getSnapshot();
      applySettings(snapshot.settings);
      trayState = trayStateFromSnapshot(snapshot);
      tray?.update(trayState);
      toasts.update(snapshot.toasts);
      showContactList();
    })
    .catch((err: unknown) => {
      console.error('Butterfly could not start:', err);
      app.exit(1);
    });
}
