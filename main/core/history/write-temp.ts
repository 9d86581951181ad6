import { unlink } from 'node:fs/promises';
import { TEMP_PREFIX } from '../fs/atomic-write.ts';
import type { FileAccess } from '../platform/file-access.ts';
import type { ChangeRecord } from './change-record.ts';
import { realPathOf } from './change-outcome.ts';
import { lookAt, openHoldingFolder } from './path-state.ts';

/**
 * The name a recorded write's temp file takes beside its target: named after the change,
 * so that one a crash (or `kill -9`) left before the rename can be found again from the
 * change's record, and removed at the next start (removeLeftWriteTemp). Change ids are
 * random and safe as file names (change-record.ts), and no two writes share one.
 */
export function writeTempName(changeId: string): string {
  return `${TEMP_PREFIX}${changeId}`;
}

/**
 * Removes the temp file a write of `record` left beside its path, if there is one: a
 * regular file of that name, in the folder the record names, opened through the verified
 * open (a folder swapped for a link since is refused, and nothing outside is touched). Run
 * once the process that began the change is gone; its rename, if it happened, consumed the
 * temp file already.
 */
export async function removeLeftWriteTemp(record: ChangeRecord, access: FileAccess): Promise<void> {
  const name = writeTempName(record.id);
  for (const step of record.steps) {
    if (step.kind !== 'file' && step.kind !== 'staged' && step.kind !== 'absent') continue;
    const folder = await openHoldingFolder(realPathOf(step.at), access).catch(() => undefined);
    if (!folder) continue;
    try {
      const seen = await lookAt(folder, name, access);
      if (seen.kind !== 'file') continue;
      await folder.assertUnchanged();
      await unlink(folder.pathOf(name)).catch(() => undefined);
    } finally {
      folder.closeInBackground();
    }
  }
}
