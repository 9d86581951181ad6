import { CLIENTS } from '../../connect/clients/client-registry.ts';
import type { ConfigEdit } from '../../connect/config-edit.ts';
import {
  airlockEntryOf,
  cursorInstallLink,
  cursorInstallLinkOffered,
} from '../../connect/cursor-install-link.ts';
import type { DiagnosticsLog } from '../../log/diagnostics.ts';
import { AppError } from '../ipc/app-error.ts';
import type { ConnectRequest, ConnectService } from './connect-service.ts';
import { clientKeyFailure } from './connections-errors.ts';
import { keySentence } from './connections-messages.ts';

/**
 * Cursor's one-click install: the link carries Cursor's entry, with the key made for it,
 * and `open` hands it to the system, which asks Cursor to install it. Not on Linux, where
 * the link (and the key in it) would be on command lines other users can read.
 */
export async function installInCursor(
  service: ConnectService,
  platform: NodeJS.Platform,
  request: Omit<ConnectRequest, 'client'>,
  open: (link: string) => Promise<void>,
  log: DiagnosticsLog | undefined,
): Promise<{ message: string; keyName: string }> {
  if (!cursorInstallLinkOffered(platform)) {
    throw new AppError(
      'unavailable',
      "On this system Cursor's install link would show its key to other users of this computer. Use Connect instead, which writes the key into Cursor's settings file.",
    );
  }
  const opened = async (edits: readonly ConfigEdit[]): Promise<void> => {
    try {
      await open(cursorInstallLink(airlockEntryOf(edits)));
    } catch (error) {
      log?.warn(
        `Cursor's install link could not be opened: ${error instanceof Error ? error.message : String(error)}`,
      );
      throw new AppError(
        'unavailable',
        "Cursor could not be opened. Use Connect instead, which writes Cursor's settings file.",
      );
    }
  };
  const { key, scope, retired } = await service
    .handKey({ ...request, client: 'cursor' }, opened)
    .catch((error: unknown) => {
      throw clientKeyFailure(error, 'Cursor');
    });
  return {
    message: `Cursor was asked to add Airlock: switch to Cursor and choose Install. ${keySentence(CLIENTS.cursor, key, scope, retired)}`,
    keyName: key.name,
  };
}
