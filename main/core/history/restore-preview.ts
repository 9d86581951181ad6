import { lstat, open, readdir, readlink } from 'node:fs/promises';
import path from 'node:path';
import { detectMediaType } from '../fs/media-type.ts';
import { SNIFF_BYTES } from '../fs/text-detect.ts';
import { openVerified, type VerifiedFolder } from '../fs/verified-open.ts';
import { readAt, type PositionedReader } from '../platform/descriptor-io.ts';
import type { PathPolicy } from '../policy/path-policy.ts';
import type { ChangeJournal } from './change-journal.ts';
import type { ChangeRecord, ChangeStep, Location } from './change-record.ts';
import { keptCopyOf } from './kept-copy.ts';
import { lookAt, openFileIn, openHoldingFolder } from './path-state.ts';
import { resolveForRestore } from './restore-target.ts';
import { asText, MAX_DIFF_BYTES, restoreDiff } from './text-preview.ts';

/** What a restore does to one path. */
export type PathChange = 'written_back' | 'removed' | 'put_back' | 'moved_back';

/**
 * What the person needs to decide about one path before a restore: for text, the lines
 * that change; for any other file, its type and sizes; for a folder, what is in it.
 */
export type PathContent =
  /** A unified diff from what is there now to what the restore leaves. */
  | { readonly kind: 'text'; readonly diff: string }
  | {
      readonly kind: 'file';
      /** A media type (image/png) when the first bytes tell, else `text` (too long to compare) or `binary`. */
      readonly fileType: string;
      /** Its size now; absent when nothing is there now. */
      readonly bytesNow?: number;
      /** Its size after the restore; absent when the restore removes it. */
      readonly bytesAfter?: number;
    }
  /** The files in the folder that comes back, goes, or is moved back; the first few hundred. */
  | { readonly kind: 'folder'; readonly files: readonly string[]; readonly moreFiles: boolean }
  | { readonly kind: 'link'; readonly targetNow?: string; readonly targetAfter?: string }
  /** Nothing is there now, and nothing comes back (what the change made is gone already). */
  | { readonly kind: 'nothing' };

export type PathPreview = {
  /** Relative to `workspace` ('/'-separated). */
  readonly path: string;
  readonly workspace: string;
  readonly change: PathChange;
  /** For `moved_back`: where it goes back to, relative to its workspace. */
  readonly movedTo?: string;
} & PathContent;

/** At most this many files of a folder are named. */
const MAX_LISTED = 200;

/** What is at a path: the parts of it a preview shows. */
type EntryView =
  | { readonly what: 'absent' | 'special' }
  | {
      readonly what: 'file';
      readonly size: number;
      readonly head: Buffer;
      /** The whole content, when it is small enough to compare. */
      readonly content?: Buffer;
      readonly name: string;
    }
  | { readonly what: 'folder'; readonly files: readonly string[]; readonly more: boolean }
  | { readonly what: 'link'; readonly target: string };

const ABSENT: EntryView = { what: 'absent' };

/**
 * For each path of `record`, in the record's order, what restoring it changes. Reads the
 * workspace through the policy and the verified opens, and history's own copies; changes
 * nothing.
 */
export async function previewPaths(
  journal: ChangeJournal,
  policy: PathPolicy,
  record: ChangeRecord,
): Promise<PathPreview[]> {
  const previews: PathPreview[] = [];
  for (const [index, step] of record.steps.entries()) {
    const preview = await previewStep(journal, policy, record, index, step);
    if (preview) previews.push(preview);
  }
  return previews;
}

async function previewStep(
  journal: ChangeJournal,
  policy: PathPolicy,
  record: ChangeRecord,
  index: number,
  step: ChangeStep,
): Promise<PathPreview | undefined> {
  const place = (location: Location) => ({ path: location.path, workspace: location.root });
  switch (step.kind) {
    case 'file': {
      const now = await viewInWorkspace(policy, step.at);
      const kept = await keptCopyOf(journal, record, index);
      const after: EntryView =
        kept?.kind === 'content'
          ? await viewInHistory(kept.path, step.at.path)
          : { what: 'file', size: step.size, head: Buffer.alloc(0), name: step.at.path };
      return { ...place(step.at), change: 'written_back', ...compare(step.at.path, now, after) };
    }
    case 'absent': {
      const now = await viewInWorkspace(policy, step.at);
      return { ...place(step.at), change: 'removed', ...compare(step.at.path, now, ABSENT) };
    }
    case 'deleted': {
      const now = await viewInWorkspace(policy, step.at);
      const kept = await keptCopyOf(journal, record, index);
      const after = kept ? await viewInHistory(kept.path, step.at.path) : ABSENT;
      return { ...place(step.at), change: 'put_back', ...compare(step.at.path, now, after) };
    }
    case 'moved': {
      const moving = await viewInWorkspace(policy, step.to);
      return {
        ...place(step.to),
        change: 'moved_back',
        movedTo: step.from.path,
        ...compare(step.to.path, moving, moving),
      };
    }
    case 'unkept':
    case 'staged':
      // Nothing to show: kept nothing, or still being made (previews refuse those first).
      return undefined;
  }
}

/** What changes from `now` to `after` at `name`, in the form the person can judge. */
function compare(name: string, now: EntryView, after: EntryView): PathContent {
  if (after.what === 'folder') return { kind: 'folder', files: after.files, moreFiles: after.more };
  if (now.what === 'folder') return { kind: 'folder', files: now.files, moreFiles: now.more };
  if (now.what === 'link' || after.what === 'link') {
    return {
      kind: 'link',
      ...(now.what === 'link' ? { targetNow: now.target } : {}),
      ...(after.what === 'link' ? { targetAfter: after.target } : {}),
    };
  }
  const nowFile = now.what === 'file' ? now : undefined;
  const afterFile = after.what === 'file' ? after : undefined;
  if (!nowFile && !afterFile) return { kind: 'nothing' };
  const nowText = nowFile ? textOf(nowFile) : '';
  const afterText = afterFile ? textOf(afterFile) : '';
  if (nowText !== undefined && afterText !== undefined && nowFile !== afterFile) {
    const diff = restoreDiff(name, nowText, afterText);
    if (diff !== undefined) return { kind: 'text', diff };
  }
  const described = (afterFile ?? nowFile) as Extract<EntryView, { what: 'file' }>;
  return {
    kind: 'file',
    fileType: fileTypeOf(described),
    ...(nowFile ? { bytesNow: nowFile.size } : {}),
    ...(afterFile ? { bytesAfter: afterFile.size } : {}),
  };
}

function textOf(file: Extract<EntryView, { what: 'file' }>): string | undefined {
  return file.content === undefined ? undefined : asText(file.content);
}

function fileTypeOf(file: Extract<EntryView, { what: 'file' }>): string {
  const media = detectMediaType(file.head, path.basename(file.name));
  if (media) return media;
  return asText(file.head.subarray(0, SNIFF_BYTES)) === undefined ? 'binary' : 'text';
}

/** What is at `location` in its workspace now, read through the policy and verified opens. */
async function viewInWorkspace(policy: PathPolicy, location: Location): Promise<EntryView> {
  const resolved = await resolveForRestore(policy, location);
  if (!resolved) return ABSENT;
  const folder = await openHoldingFolder(resolved.real, policy.fileAccess);
  if (!folder) return ABSENT;
  try {
    const name = path.basename(resolved.real);
    const seen = await lookAt(folder, name);
    switch (seen.kind) {
      case 'absent':
      case 'special':
        return { what: seen.kind };
      case 'link':
        return { what: 'link', target: seen.target };
      case 'file': {
        const file = await openFileIn(folder, name, seen.stats, policy.fileAccess);
        try {
          return await fileView(file, seen.stats.size, location.path);
        } finally {
          await file.close();
        }
      }
      case 'folder': {
        const inner = await openVerified(resolved.real, 'folder', policy.fileAccess);
        try {
          return await folderView((below) => inner.pathOf(below));
        } finally {
          await inner.close();
        }
      }
    }
  } finally {
    await folder.close();
  }
}

/** What history keeps at `kept`: its own private files, read directly. */
async function viewInHistory(kept: string, name: string): Promise<EntryView> {
  const stats = await lstat(kept).catch(() => undefined);
  if (!stats) return ABSENT;
  if (stats.isSymbolicLink()) return { what: 'link', target: await readlink(kept) };
  if (stats.isDirectory()) return folderView((below) => path.join(kept, below));
  if (!stats.isFile()) return { what: 'special' };
  const file = await open(kept, 'r');
  try {
    return await fileView(file, stats.size, name);
  } finally {
    await file.close();
  }
}

async function fileView(file: PositionedReader, size: number, name: string): Promise<EntryView> {
  const content = size <= MAX_DIFF_BYTES ? await readAt(file, 0, size) : undefined;
  const head = content ?? (await readAt(file, 0, SNIFF_BYTES));
  return { what: 'file', size, head, ...(content ? { content } : {}), name };
}

/**
 * The files and links in a folder, by path below it, the first MAX_LISTED of them. Only real
 * folders are entered; a link is named, never followed.
 */
async function folderView(pathOf: VerifiedFolder['pathOf']): Promise<EntryView> {
  const files: string[] = [];
  const pending = [''];
  let more = false;
  while (pending.length > 0 && !more) {
    const below = pending.shift() as string;
    const entries = await readdir(below ? pathOf(below) : pathOf('.'), {
      withFileTypes: true,
    }).catch(() => []);
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const name = below ? `${below}/${entry.name}` : entry.name;
      if (entry.isDirectory()) pending.push(name);
      else if (files.length < MAX_LISTED) files.push(name);
      else more = true;
    }
  }
  return { what: 'folder', files, more };
}
