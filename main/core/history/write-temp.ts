import { unlink } from 'node:fs/promises';
import { TEMP_PREFIX } from '../fs/atomic-write.ts';
import type { FileAccess } from '../platform/file-access.ts';
import type { ChangeRecord } from './change-record.ts';
import { realPathOf } from './change-outcome.ts';
import { lookAt, openHoldingFolder } from './path-state.ts';

/**
 * The name the temp file of step `step` of a recorded change takes beside its path (a
 * write's one step, or each file a restore writes back): named after the change, so that
 * one a crash (or `kill -9`) left before its rename can be found again from the change's
 * record, and removed at the next start (removeLeftWriteTemp). Change ids are random and
 * safe as file names (change-record.ts), and the step always ends the name, so no two
 * writes share one.
 */
export function writeTempName(changeId: string, step = 0): string {
  return `${TEMP_PREFIX}${changeId}-${step}`;
}

/**
 * Removes the temp files a write or restore of `record` left beside its paths: for each, a
 * regular file of its name, in the folder the record names, opened through the verified
 * open (a folder swapped for a link since is refused, and nothing outside is touched). Run
 * once the process that began the change is gone; a rename that happened consumed its temp
 * file already.
 */
export async function removeLeftWriteTemp(record: ChangeRecord, access: FileAccess): Promise<void> {
  for (const [index, step] of record.steps.entries()) {
    if (step.kind !== 'file' && step.kind !== 'staged' && step.kind !== 'absent') continue;
    const name = writeTempName(record.id, index);
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
