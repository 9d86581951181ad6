import type { Menu, MenuItemConstructorOptions, NativeImage, Tray } from 'electron';
import type { TrayAction, TrayMenuItem } from '../core/app/tray-menu-model.ts';
import type { DiagnosticsLog } from '../core/log/diagnostics.ts';

export interface TrayDependencies {
  readonly createTray: (
    image: NativeImage,
  ) => Pick<Tray, 'setContextMenu' | 'setToolTip' | 'setTitle' | 'destroy'>;
  readonly buildMenu: (template: MenuItemConstructorOptions[]) => Menu;
  readonly loadImage: (file: string) => NativeImage;
  readonly log: DiagnosticsLog;
  readonly platform: NodeJS.Platform;
}

export interface TrayContent {
  /** The tray icon file; a template image on macOS, so it follows light and dark menus. */
  readonly iconPath: string;
  readonly menu: () => readonly TrayMenuItem[];
  readonly tooltip: () => string;
  readonly onAction: (action: TrayAction) => void;
}

export interface AirlockTray {
  /** Rebuilds the menu and tooltip from the current status. */
  refresh(): void;
  destroy(): void;
}

/**
 * The tray icon and its menu, built from the plain menu model. A missing icon file
 * (a development build without icons) leaves an empty image; on macOS the word
 * "Airlock" is shown in the menu bar then, so the menu can still be reached.
 */
export function setupTray(deps: TrayDependencies, content: TrayContent): AirlockTray {
  const image = deps.loadImage(content.iconPath);
  const tray = deps.createTray(image);
  if (image.isEmpty()) {
    deps.log.warn(`tray icon not found at ${content.iconPath}`);
    if (deps.platform === 'darwin') tray.setTitle('Airlock');
  }
  const refresh = () => {
    tray.setToolTip(content.tooltip());
    tray.setContextMenu(
      deps.buildMenu(content.menu().map((item) => menuItem(item, content.onAction))),
    );
  };
  refresh();
  return { refresh, destroy: () => tray.destroy() };
}

export function menuItem(
  item: TrayMenuItem,
  onAction: (action: TrayAction) => void,
): MenuItemConstructorOptions {
  if (item.type === 'separator') return { id: item.id, type: 'separator' };
  const action = item.action;
  return {
    id: item.id,
    type: item.type,
    label: item.label,
    enabled: item.enabled,
    ...(item.checked === undefined ? {} : { checked: item.checked }),
    ...(action ? { click: () => onAction(action) } : {}),
  };
}
