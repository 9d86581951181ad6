// Writes the benchmark's files under os.tmpdir() and removes them afterwards.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planTree } from './tree-plan.ts';

export interface Fixtures {
  /** The temporary directory that holds everything below. */
  root: string;
  /** The directory both servers are allowed to read. */
  workspace: string;
  /** Airlock's --data-dir (outside the workspace). */
  dataDir: string;
  smallFile: string;
  smallBytes: number;
  largeFile: string;
  largeBytes: number;
  listDir: string;
  listEntries: number;
  /** The generated project tree searched by search_files / search_content / find / rg. */
  tree: string;
  treeFiles: number;
  treeDirectories: number;
  /** Files in the tree whose name ends in `.md`. */
  markdownFiles: number;
  needle: string;
  /** Lines in the tree that contain the needle (one per file that has it). */
  needleLines: number;
  remove(): void;
}

export const SMALL_BYTES = 2 * 1024;
/** Just under 1 MiB, so a server that caps reads at 1 MiB still accepts it. */
export const LARGE_BYTES = 1024 * 1024 - 1024;

/** ASCII text of exactly `bytes` bytes, in lines of prose-like words. */
function text(bytes: number): string {
  const line = 'The quick brown fox jumps over the lazy dog while the bench keeps time. ';
  let out = '';
  let lineNumber = 0;
  while (out.length < bytes) out += `${lineNumber++} ${line}\n`;
  return out.slice(0, bytes - 1) + '\n';
}

export function createFixtures(treeFiles: number, listEntries: number): Fixtures {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'airlock-bench-')));
  try {
    const workspace = join(root, 'workspace');
    const dataDir = join(root, 'airlock-data');
    mkdirSync(workspace);
    mkdirSync(dataDir);

    const smallFile = join(workspace, 'notes-small.txt');
    writeFileSync(smallFile, text(SMALL_BYTES));
    const largeFile = join(workspace, 'report-large.txt');
    writeFileSync(largeFile, text(LARGE_BYTES));

    // A flat directory: mostly files, some subdirectories, as a typical project folder.
    const listDir = join(workspace, 'listing');
    mkdirSync(listDir);
    const subdirectories = Math.floor(listEntries / 7);
    for (let i = 0; i < listEntries; i++) {
      const name = `entry-${String(i).padStart(3, '0')}`;
      if (i < subdirectories) mkdirSync(join(listDir, `${name}-dir`));
      else writeFileSync(join(listDir, `${name}.txt`), `entry ${i}\n`);
    }

    const tree = join(workspace, 'tree');
    const plan = planTree(treeFiles);
    mkdirSync(tree);
    for (const directory of plan.directories) mkdirSync(join(tree, directory), { recursive: true });
    for (const file of plan.files) writeFileSync(join(tree, file.path), file.content);

    return {
      root,
      workspace,
      dataDir,
      smallFile,
      smallBytes: SMALL_BYTES,
      largeFile,
      largeBytes: LARGE_BYTES,
      listDir,
      listEntries,
      tree,
      treeFiles: plan.files.length,
      treeDirectories: plan.directories.length,
      markdownFiles: plan.files.filter((file) => file.path.endsWith('.md')).length,
      needle: plan.needle,
      needleLines: plan.files.filter((file) => file.hasNeedle).length,
      // Retries: a server that is still shutting down may write into the data directory.
      remove: () => rmSync(root, { recursive: true, force: true, maxRetries: 5 }),
    };
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}
