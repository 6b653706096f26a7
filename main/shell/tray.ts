// The notification-area icon: a way back to the contact list, your status, and Exit.
import { Menu, nativeImage, Tray, type NativeImage } from 'electron';
import { trayMenuTemplate, trayTooltip, type TrayActions, type TrayState } from './trayMenu';

export class AppTray {
  private readonly tray: Tray;
  private state: TrayState | null = null;

  constructor(
    iconPath: string,
    private readonly actions: TrayActions,
  ) {
    this.tray = new Tray(trayImage(iconPath));
    // Windows and most Linux panels: a click on the icon opens the contact list, the menu is on right click.
    this.tray.on('click', () => actions.open());
  }

  update(state: TrayState): void {
    if (
      this.state &&
      this.state.phase === state.phase &&
      this.state.status === state.status &&
      this.state.email === state.email
    ) {
      return;
    }
    this.state = state;
    this.tray.setToolTip(trayTooltip(state));
    this.tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(state, this.actions)));
  }

  destroy(): void {
    this.tray.destroy();
  }
}

/** The 512 px app icon at tray size, with a sharper copy for high-DPI screens (nativeImage cannot read SVG). */
function trayImage(iconPath: string): NativeImage {
  const source = nativeImage.createFromPath(iconPath);
  const image = nativeImage.createEmpty();
  for (const scaleFactor of [1, 2]) {
    const size = 16 * scaleFactor;
    image.addRepresentation({
      scaleFactor,
      buffer: source.resize({ width: size, height: size, quality: 'best' }).toPNG(),
    });
  }
  return image;
}
