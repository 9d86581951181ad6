import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import type { IpcHandlers } from '../core/app/ipc/ipc-handlers.ts';
import type { DiagnosticsLog } from '../core/log/diagnostics.ts';
import { INVOKE_CHANNELS, wireChannel } from '../../preload/ipc-channels.ts';
import type { Envelope } from '../../preload/ipc-contract.ts';
import { APP_URL } from './app-scheme.ts';

type Sender = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>;

/**
 * Whether an IPC message comes from our window's main frame showing our page. This
 * rejects IPC from webviews, sub-frames, other windows, and a frame that was navigated
 * away from app://airlock/.
 */
export function isOurMainFrame(event: Sender, window: BrowserWindow | undefined): boolean {
  if (!window || window.isDestroyed()) return false;
  const frame = event.senderFrame;
  return (
    event.sender === window.webContents &&
    frame !== null &&
    frame === window.webContents.mainFrame &&
    frame.url.startsWith(APP_URL)
  );
}

const FORBIDDEN: Envelope<never> = {
  ok: false,
  error: { code: 'forbidden', message: 'Only the Airlock window may ask this.' },
};

/**
 * Registers one ipcMain handler per contract channel: the sender is checked first, then
 * the handler validates the payload against the contract. Returns an undo, for tests
 * and for a clean quit.
 */
export function registerIpcHandlers(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  handlers: IpcHandlers,
  isTrustedSender: (event: Sender) => boolean,
  log: DiagnosticsLog,
): () => void {
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(wireChannel(channel), (event, request: unknown) => {
      if (!isTrustedSender(event)) {
        log.warn(
          `ipc ${channel}: refused a message from ${event.senderFrame?.url ?? 'a closed frame'}`,
        );
        return FORBIDDEN;
      }
      return handlers[channel](request);
    });
  }
  return () => INVOKE_CHANNELS.forEach((channel) => ipcMain.removeHandler(wireChannel(channel)));
}
