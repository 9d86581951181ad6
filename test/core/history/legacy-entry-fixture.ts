// Deletions kept the way the first form of history kept them, which Airlock no longer makes
// but still lists, restores and prunes (main/core/history/legacy-entries.ts): a folder
// history/<id>/ holding entry.json and the deleted item itself as `payload`.
import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ResolvedPath } from '../../../main/core/policy/path-policy.ts';

/** entry.json, as the first form of history wrote it. */
export interface LegacyEntry {
  readonly id: string;
  readonly action: 'delete';
  readonly originalPath: string;
  readonly workspaceRoot: string;
  readonly kind: 'file' | 'directory';
  readonly at: string;
}

/**
 * Deletes `target` as an older Airlock did: moved, by a rename (so the data dir must be on
 * the workspace's disk), into a new entry of `dataDir`'s history.
 */
export async function deleteIntoLegacyEntry(
  dataDir: string,
  target: ResolvedPath,
  kind: LegacyEntry['kind'],
): Promise<LegacyEntry> {
  const id = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
  const folder = path.join(dataDir, 'history', id);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const entry: LegacyEntry = {
    id,
    action: 'delete',
    originalPath: target.real,
    workspaceRoot: target.workspace.root,
    kind,
    at: new Date().toISOString(),
  };
  await writeFile(path.join(folder, 'entry.json'), `${JSON.stringify(entry, null, 2)}\n`, {
    mode: 0o600,
  });
  await rename(target.real, path.join(folder, 'payload'));
  return entry;
}
