// The application menu. Every window draws 3.0's own menu bar in the page, so Windows and Linux get no
// native menu at all; macOS, which always shows one, gets the minimum (quit, editing, window). Neither has
// Electron's default View menu: its Ctrl+Shift+I would open Chromium's DevTools instead of the Protocol
// Inspector, and its reload would throw away a window's state.
import type { MenuItemConstructorOptions } from 'electron';

export function appMenuTemplate(platform: NodeJS.Platform): MenuItemConstructorOptions[] | null {
  if (platform !== 'darwin') return null;
  return [
    {
      role: 'appMenu',
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'windowMenu' },
  ];
}
