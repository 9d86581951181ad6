// Helpers for the history tests: a workspace with a data dir on the same file system or on
// another (/dev/shm), an opened journal, a snapshot of a folder to compare byte for byte,
// and ids for tool calls.
import { randomBytes } from 'node:crypto';
import {
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  realpath,
  rm,
  stat,
} from 'node:fs/promises';
import path from 'node:path';
import { after } from 'node:test';
import { ChangeJournal, type JournalOptions } from '../../../main/core/history/change-journal.ts';
import type { ChangeCall } from '../../../main/core/history/capture-change.ts';
import type { PathPolicy } from '../../../main/core/policy/path-policy.ts';
import { makeLayout, makePolicy } from '../fixtures.ts';

/** Where the data dir lies: beside the workspace, or on a file system of its own. */
export type DataDirPlace = 'same disk' | 'other disk';

// /dev/shm is a tmpfs on Linux, a file system of its own beside the temp folder.
const OTHER_FILE_SYSTEM = '/dev/shm';

export interface HistoryLayout {
  readonly ws: string;
  readonly outside: string;
  readonly dataDir: string;
  readonly policy: PathPolicy;
  readonly journal: ChangeJournal;
}

/**
 * A workspace, a folder outside it and an opened journal. `other disk` puts the data dir on
 * /dev/shm; where that is not a separate file system, the reason is returned instead.
 */
export async function makeHistoryLayout(
  place: DataDirPlace = 'same disk',
  options: JournalOptions = {},
): Promise<HistoryLayout | { readonly skip: string }> {
  const layout = await makeLayout();
  let dataDir = layout.dataDir;
  if (place === 'other disk') {
    const elsewhere = await dataDirElsewhere(layout.ws);
    if (typeof elsewhere !== 'string') return elsewhere;
    dataDir = elsewhere;
  }
  return {
    ws: layout.ws,
    outside: layout.outside,
    dataDir,
    policy: await makePolicy(layout.ws),
    journal: await ChangeJournal.open(dataDir, options),
  };
}

/** A same-disk layout; these never need skipping. */
export async function sameDiskLayout(options: JournalOptions = {}): Promise<HistoryLayout> {
  const layout = await makeHistoryLayout('same disk', options);
  if ('skip' in layout) throw new Error(layout.skip);
  return layout;
}

async function dataDirElsewhere(ws: string): Promise<string | { skip: string }> {
  const base = await stat(OTHER_FILE_SYSTEM).catch(() => undefined);
  if (!base?.isDirectory() || base.dev === (await stat(ws)).dev)
    return { skip: `${OTHER_FILE_SYSTEM} is not a separate file system here` };
  const dir = await realpath(await mkdtemp(path.join(OTHER_FILE_SYSTEM, 'airlock-history-')));
  after(() => rm(dir, { recursive: true, force: true }));
  const dataDir = path.join(dir, 'data');
  await mkdir(dataDir, { mode: 0o700 });
  return dataDir;
}

/** A tool call with a fresh correlation id, as the tool kit cuts them. */
export function callOf(tool: string, extra: Partial<ChangeCall> = {}): ChangeCall {
  return { id: randomBytes(6).toString('hex'), tool, client: 'Test Client 1.0', ...extra };
}

/** One entry of a folder as a snapshot keeps it: its kind, mode, and content or link target. */
export type SnapshotEntry =
  | { readonly kind: 'file'; readonly mode: number; readonly content: string }
  | { readonly kind: 'folder'; readonly mode: number }
  | { readonly kind: 'link'; readonly target: string };

/** Every entry below `root`, by relative path: names, kinds, modes and bytes (as hex). */
export async function snapshot(root: string): Promise<Record<string, SnapshotEntry>> {
  const entries: Record<string, SnapshotEntry> = {};
  const walk = async (relative: string): Promise<void> => {
    for (const name of (await readdir(path.join(root, relative))).sort()) {
      const below = relative ? `${relative}/${name}` : name;
      const full = path.join(root, below);
      const stats = await lstat(full);
      if (stats.isSymbolicLink()) entries[below] = { kind: 'link', target: await readlink(full) };
      else if (stats.isDirectory()) {
        entries[below] = { kind: 'folder', mode: stats.mode & 0o7777 };
        await walk(below);
      } else {
        const content = (await readFile(full)).toString('hex');
        entries[below] = { kind: 'file', mode: stats.mode & 0o7777, content };
      }
    }
  };
  await walk('');
  return entries;
}

export async function exists(target: string): Promise<boolean> {
  return lstat(target).then(
    () => true,
    () => false,
  );
}

/** Everything below `root`, as relative paths (for checking what history holds). */
export async function filesBelow(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (relative: string): Promise<void> => {
    for (const entry of await readdir(path.join(root, relative), { withFileTypes: true })) {
      const below = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(below);
      else found.push(below);
    }
  };
  await walk('');
  return found.sort();
}
