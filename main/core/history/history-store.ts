import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openVerified } from '../fs/verified-open.ts';
import { pooledFileAccess } from '../platform/file-access.ts';
import type { ResolvedPath } from '../policy/path-policy.ts';
import { moveIntoHistory } from './keep-removed.ts';

/** What the history store keeps about one removed file or folder, so it can be put back. */
export interface HistoryEntry {
  readonly id: string;
  readonly action: 'delete';
  readonly originalPath: string;
  readonly workspaceRoot: string;
  readonly kind: 'file' | 'directory';
  readonly at: string;
}

/**
 * The first form of history: deleted files are moved here instead of unlinked, each entry a
 * folder holding the payload and a small manifest. The change journal (change-journal.ts)
 * keeps every kind of change and replaces it: a deletion made through
 * `changeRecorder(...).beforeDelete` is recorded there. Entries made here stay listed and
 * restorable through the journal (legacy-entries.ts).
 */
export class HistoryStore {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = path.join(dataDir, 'history');
  }

  async keepDeleted(target: ResolvedPath, kind: HistoryEntry['kind']): Promise<HistoryEntry> {
    const id = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
    const folder = path.join(this.root, id);
    const parent = await openVerified(path.dirname(target.real), 'folder', pooledFileAccess);
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const entry: HistoryEntry = {
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
    try {
      // Taken through the verified parent, so a folder swapped for a link cannot make this
      // pull in (and later restore) something from outside the workspace.
      await moveIntoHistory(parent, path.basename(target.real), path.join(folder, 'payload'));
    } catch (error) {
      // A failed move or copy (a pipe inside the folder) leaves no half entry behind.
      await rm(folder, { recursive: true, force: true });
      throw error;
    } finally {
      await parent.close();
    }
    return entry;
  }
}
