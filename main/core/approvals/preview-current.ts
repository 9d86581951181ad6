import type { Stats } from 'node:fs';
import path from 'node:path';
import { SNIFF_BYTES } from '../fs/text-detect.ts';
import type { VerifiedFolder } from '../fs/verified-open.ts';
import { lookAt, openFileIn, openHoldingFolder } from '../history/path-state.ts';
import { MAX_DIFF_BYTES } from '../history/text-preview.ts';
import { readAt } from '../platform/descriptor-io.ts';
import type { PathPolicy, ResolvedPath } from '../policy/path-policy.ts';
import { countFolder, type FolderCount } from './preview-folder.ts';

/** What is at a change's target now: as much of it as its preview needs. */
export type CurrentItem =
  | { readonly kind: 'absent' | 'link' | 'special' }
  /** Looking failed (it changed meanwhile, or may not be read): nothing can be promised. */
  | { readonly kind: 'unreadable' }
  | {
      readonly kind: 'file';
      readonly size: number;
      /** Its first bytes, to tell its type. */
      readonly head: Uint8Array;
      /** The whole content, when it was asked for and is small enough to compare. */
      readonly content?: Uint8Array;
    }
  | { readonly kind: 'folder'; readonly count: FolderCount };

export interface LookOptions {
  /** Read a file's whole content (when no larger than MAX_DIFF_BYTES), for a diff. */
  readonly content: boolean;
  /** A folder is counted up to this many entries. */
  readonly maxEntries: number;
}

/**
 * Looks at `target` the way history captures it: the name itself in its folder, opened by
 * the verified open, a link never followed, and a file read through a descriptor proved
 * to be the very file looked at. Never throws: a target that cannot be looked at is
 * `unreadable`, and the change itself decides what becomes of it.
 */
export async function lookAtCurrent(
  policy: PathPolicy,
  target: ResolvedPath,
  options: LookOptions,
): Promise<CurrentItem> {
  let holding: VerifiedFolder | undefined;
  try {
    holding = await openHoldingFolder(target.real, policy.fileAccess);
    if (!holding) return { kind: 'absent' };
    const name = path.basename(target.real);
    const seen = await lookAt(holding, name, policy.fileAccess);
    if (seen.kind === 'file')
      return await readFileIn(policy, holding, name, seen.stats, options.content);
    if (seen.kind === 'folder')
      return { kind: 'folder', count: await countFolder(policy, target, options.maxEntries) };
    return { kind: seen.kind };
  } catch {
    return { kind: 'unreadable' };
  } finally {
    holding?.closeInBackground();
  }
}

/** Reads no more than needed: the whole file for a diff, its first bytes otherwise. */
async function readFileIn(
  policy: PathPolicy,
  holding: VerifiedFolder,
  name: string,
  seen: Stats,
  wantContent: boolean,
): Promise<CurrentItem> {
  const file = await openFileIn(holding, name, seen, policy.fileAccess);
  try {
    const size = seen.size;
    if (wantContent && size <= MAX_DIFF_BYTES) {
      const content = await readAt(file, 0, size);
      return { kind: 'file', size, head: content.subarray(0, SNIFF_BYTES), content };
    }
    return { kind: 'file', size, head: await readAt(file, 0, Math.min(SNIFF_BYTES, size)) };
  } finally {
    file.closeInBackground();
  }
}
