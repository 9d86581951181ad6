// The harness's desktop: what main would ask Electron's shell and clipboard to do (open a
// cursor:// link, open or show a file, copy text), recorded for the test instead of done.
import type { DesktopActions } from '../../main/core/app/ipc/connections-ipc.ts';

export interface DesktopCall {
  readonly action: keyof DesktopActions;
  readonly target: string;
}

export function recordedDesktop(): DesktopActions & { readonly calls: DesktopCall[] } {
  const calls: DesktopCall[] = [];
  const record = (action: DesktopCall['action'], target: string) => {
    calls.push({ action, target });
    if (calls.length > 100) calls.shift();
  };
  return {
    calls,
    openExternal: async (url) => record('openExternal', url),
    openPath: async (file) => record('openPath', file),
    showItemInFolder: (file) => record('showItemInFolder', file),
    writeClipboard: (text) => record('writeClipboard', text),
  };
}
