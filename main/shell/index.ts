// The Electron entry point: one running Butterfly per user, starting at the contact list.
import { app, session } from 'electron';
import { createWindow, getWindow } from './windows';

// Every renderer is sandboxed, including any a future change forgets to configure.
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // Another Butterfly is running; its 'second-instance' handler brings it forward.
  app.quit();
} else {
  app.on('second-instance', showContactList);
  // macOS keeps apps alive without windows and reopens one from the dock.
  app.on('activate', () => {
    if (app.isReady()) showContactList();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app
    .whenReady()
    .then(() => {
      // Messenger needs no camera, microphone, notifications API or geolocation from the web platform.
      session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) =>
        callback(false),
      );
      session.defaultSession.setPermissionCheckHandler(() => false);
      showContactList();
    })
    .catch((err: unknown) => {
      console.error('Butterfly could not start:', err);
      app.exit(1);
    });
}

function showContactList(): void {
  const win = getWindow('contactList');
  if (!win) {
    createWindow('contactList');
    return;
  }
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}
