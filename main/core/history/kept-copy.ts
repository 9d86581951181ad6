import { lstat } from 'node:fs/promises';
import type { ChangeJournal } from './change-journal.ts';
import type { ChangeRecord } from './change-record.ts';

/**
 * Where history holds what one step of a change replaced, for a preview before an undo
 * (a diff for text, sizes and type for anything else, the list of files for a folder):
 * a file's kept content, or a deleted entry as it was moved into history. Read-only: these
 * are history's own files, and nothing may be changed through these paths.
 */
export type KeptCopy =
  | {
      readonly kind: 'content';
      readonly path: string;
      readonly size: number;
      readonly mode: number;
    }
  | { readonly kind: 'entry'; readonly path: string; readonly what: 'file' | 'folder' | 'link' };

/** What step `index` of `record` kept, or undefined when it kept nothing or it is gone. */
export async function keptCopyOf(
  journal: ChangeJournal,
  record: ChangeRecord,
  index: number,
): Promise<KeptCopy | undefined> {
  const step = record.steps[index];
  if (step?.kind === 'file') {
    const found = await journal.store.find(step.sha256, journal.stagedPath(record.id, index));
    return found === undefined
      ? undefined
      : { kind: 'content', path: found, size: step.size, mode: step.mode };
  }
  if (step?.kind === 'deleted') {
    const kept = journal.payloadPath(record, step.payload);
    const present = await lstat(kept).then(
      () => true,
      () => false,
    );
    return present ? { kind: 'entry', path: kept, what: step.what } : undefined;
  }
  return undefined;
}
