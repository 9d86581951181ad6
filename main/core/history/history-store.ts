import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { copyTree } from '../fs/copy-tree.ts';
import { openVerified } from '../fs/verified-open.ts';
import { pooledFileAccess } from '../platform/file-access.ts';
import type { ResolvedPath } from '../policy/path-policy.ts';

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
 * Deleted files are moved here instead of unlinked, so any deletion an agent made can be
 * undone. Each entry is a folder holding the payload and a small manifest.
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
    const payload = path.join(folder, 'payload');
    // Taken through the verified parent, so a folder swapped for a link cannot make this
    // pull in (and later restore) something from outside the workspace.
    const source = parent.pathOf(path.basename(target.real));
    try {
      await rename(source, payload);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') {
        await rm(folder, { recursive: true, force: true });
        throw error;
      }
      // The data folder is on another drive: copy first, remove the original only after.
      // A failed copy (a pipe inside the folder) leaves no half entry behind.
      try {
        await copyTree(source, payload);
      } catch (copyError) {
        await rm(folder, { recursive: true, force: true });
        throw copyError;
      }
      await rm(source, { recursive: true });
    } finally {
      await parent.close();
    }
    return entry;
  }
}
