import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { CommandError } from './command-error.ts';

/**
 * Refuses, at start, a folder this user may not list and enter: shared anyway, every call
 * an agent made there would fail as "an unexpected problem". A folder that is missing or is
 * no folder is left to the policy, which says so when it opens the workspace.
 */
export async function refuseUnreadableFolder(folder: string): Promise<void> {
  try {
    await access(folder, constants.R_OK | constants.X_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EPERM') return;
    throw new CommandError(
      `Airlock cannot read the folder "${folder}": your user may not open it, so an agent could do nothing there. Give your user access to it (for example "chmod u+rx" on it and the folders above it), or share another folder.`,
    );
  }
}
