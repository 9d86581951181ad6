import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { realpath, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ActivityCheck } from '../../../../preload/contract/activity-views.ts';
import { exportAudit, type ExportFormat } from '../../audit/search/export.ts';
import { AppError } from '../ipc/app-error.ts';

/**
 * Refuses an export into a folder where Airlock keeps its own files (its data folder, the
 * audit log's folder, or any folder inside them): the export is renamed into place, so a
 * slip in the save dialog would replace the live log, the settings or the keys with it.
 * Folders are compared by their real paths: a link to one of them is seen through.
 */
export async function refuseOwnFolders(file: string, ownFolders: readonly string[]): Promise<void> {
  const folder = await realFolder(path.dirname(file));
  for (const own of ownFolders) {
    if (isInside(folder, await realFolder(own))) {
      throw new AppError(
        'invalid_request',
        'Airlock keeps its own files in that folder, and the export could replace one of them. Choose another place, such as your Documents folder.',
      );
    }
  }
}

/** The real path of `folder`: of its nearest existing parent, with the rest added. */
async function realFolder(folder: string): Promise<string> {
  const missing: string[] = [];
  let at = path.resolve(folder);
  for (;;) {
    try {
      return path.join(await realpath(at), ...missing.reverse());
    } catch {
      const parent = path.dirname(at);
      if (parent === at) return path.resolve(folder);
      missing.push(path.basename(at));
      at = parent;
    }
  }
}

function isInside(child: string, parent: string): boolean {
  // Where names may differ only in case, they are compared without it (refusing more).
  const fold = process.platform === 'linux' ? (p: string) => p : (p: string) => p.toLowerCase();
  const relative = path.relative(fold(parent), fold(child));
  return (
    relative === '' ||
    (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative))
  );
}

/**
 * Writes the exported records to `file`: first to a hidden file beside it, renamed into
 * place once complete, so a failed export never leaves half a file under the chosen name.
 */
export async function writeExportFile(
  file: string,
  lines: Iterable<string>,
  format: ExportFormat,
  verification: string,
): Promise<number> {
  const temporary = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${randomBytes(6).toString('hex')}.part`,
  );
  const out = createWriteStream(temporary, { flags: 'wx', mode: 0o600 });
  try {
    const { records } = await exportAudit(lines, out, { format, verification });
    await rename(temporary, file);
    return records;
  } catch (error) {
    out.destroy();
    await rm(temporary, { force: true });
    throw error;
  }
}

/** The verification line an export carries, from the check it was made after. */
export function verificationLine(check: ActivityCheck): string {
  const upTo = `checked ${check.checkedAt} up to record ${check.lastSeq}`;
  switch (check.state) {
    case 'intact':
      return `ok (${check.checked} records, chain intact${check.anchored ? ', anchored' : ''}; ${upTo})`;
    case 'repairable':
      return `torn tail: the last record's write was interrupted (${upTo})`;
    case 'broken':
      return `FAILED: ${check.firstProblem?.message ?? check.message} (${upTo})`;
  }
}

/** The name the save dialog suggests, e.g. `airlock-activity-2026-11-26.csv`. */
export function suggestedExportName(format: ExportFormat, now: Date = new Date()): string {
  return `airlock-activity-${now.toISOString().slice(0, 10)}.${format}`;
}
