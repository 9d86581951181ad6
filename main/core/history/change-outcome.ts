import path from 'node:path';
import { lstat } from 'node:fs/promises';
import type { FileAccess } from '../platform/file-access.ts';
import type { AfterState, ChangeRecord, ChangeStep, Location } from './change-record.ts';
import type { ChangeJournal } from './change-journal.ts';
import { hashBytesOffThread, type ContentHash } from './file-hash.ts';

/** What a write put in its file: the bytes, or their hash already taken. */
export type Written = Uint8Array | ContentHash;
import { afterStateIn, lookAt, openHoldingFolder, type KnownFile } from './path-state.ts';

/** The real path a location named when it was recorded. */
export function realPathOf(location: Location): string {
  return path.join(location.root, ...location.path.split('/'));
}

/** What the path of `location` holds now, looked at through its verified folder. */
export async function stateAt(
  location: Location,
  maxHashBytes: number,
  access: FileAccess,
  known?: KnownFile,
): Promise<AfterState> {
  const real = realPathOf(location);
  const folder = await openHoldingFolder(real, access);
  try {
    return await afterStateIn(folder, path.basename(real), maxHashBytes, access, known);
  } finally {
    await folder?.close();
  }
}

/**
 * What a step's change left: the state at its path (for a move, at its destination).
 * `written`, the bytes a write just put there (or their hash), spares reading them back.
 */
export async function afterOf(
  step: ChangeStep,
  maxHashBytes: number,
  access: FileAccess,
  written?: Written,
): Promise<AfterState> {
  if (step.kind === 'moved') return stateAt(step.to, maxHashBytes, access, step.identity);
  if (written && step.kind !== 'deleted')
    return {
      kind: 'file',
      ...(written instanceof Uint8Array ? await hashBytesOffThread(written) : written),
    };
  return stateAt(step.at, maxHashBytes, access);
}

/** Whether a change happened, as the disk tells: all of it, none of it, or it is not clear. */
export type Verdict = 'happened' | 'not_happened' | 'unclear';

export interface Judgement {
  readonly verdict: Verdict;
  /** What each step left, in the steps' order. */
  readonly after: AfterState[];
}

/**
 * Looks at the disk to learn whether a pending change was made: after a tool failed, or
 * after a crash. Each step compares its before-state with what is there now.
 */
export async function judgeOnDisk(
  journal: ChangeJournal,
  record: ChangeRecord,
  access: FileAccess,
  written?: Written,
): Promise<Judgement> {
  const after: AfterState[] = [];
  const outcomes: Array<boolean | undefined> = [];
  for (const [index, step] of record.steps.entries()) {
    const now = await afterOf(step, journal.limits.maxFileBytes, access, written);
    after.push(now);
    outcomes.push(await stepHappened(journal, record, index, now, access));
  }
  const verdict = outcomes.every((outcome) => outcome === true)
    ? 'happened'
    : outcomes.every((outcome) => outcome === false)
      ? 'not_happened'
      : 'unclear';
  return { verdict, after };
}

async function stepHappened(
  journal: ChangeJournal,
  record: ChangeRecord,
  index: number,
  now: AfterState,
  access: FileAccess,
): Promise<boolean | undefined> {
  const step = record.steps[index];
  switch (step?.kind) {
    case undefined:
      return undefined;
    case 'file':
      return !(now.kind === 'file' && now.sha256 === step.sha256);
    case 'staged': {
      // Not hashed yet: what was kept is hashed now. Lost, nothing tells what was there.
      const staged = journal.stagedPath(record.id, index);
      const kept = await journal.store.hashKept(staged, step.size).catch(() => undefined);
      if (!kept) return undefined;
      return !(now.kind === 'file' && now.sha256 === kept.sha256);
    }
    case 'absent':
      return now.kind !== 'absent';
    case 'unkept':
      // Nothing was kept: what remains is the record itself, which says the change was made.
      return true;
    case 'deleted': {
      const kept = await exists(journal.payloadPath(record, step.payload));
      if (now.kind === 'absent' && kept) return true;
      if (now.kind !== 'absent' && !kept) return false;
      // Both (a copy across disks cut short while removing) or neither: keep what there is.
      return undefined;
    }
    case 'moved': {
      const source = await identityAt(step.from, access);
      if (source && source.dev === step.identity.dev && source.ino === step.identity.ino)
        return false;
      return now.kind === 'absent' ? undefined : true;
    }
  }
}

/**
 * Resolves a pending change by the disk's verdict: finished, abandoned (the record and what
 * it kept dropped), or failed. Returns the record, or undefined when it was abandoned.
 */
export async function settleOnDisk(
  journal: ChangeJournal,
  record: ChangeRecord,
  access: FileAccess,
  written?: Written,
): Promise<ChangeRecord | undefined> {
  const { verdict, after } = await judgeOnDisk(journal, record, access, written);
  if (verdict === 'not_happened') {
    await journal.abandon(record.id);
    return undefined;
  }
  if (verdict === 'happened') {
    const finished = await journal.finish(record.id, after);
    // A restore cut short after its change: the change it undid must say so too.
    if (record.restores) await journal.markRestored(record.restores, record.id);
    return finished;
  }
  return journal.fail(
    record.id,
    after,
    'Airlock stopped in the middle of this change, so it cannot be undone on its own. What history kept for it stays in history.',
  );
}

async function identityAt(
  location: Location,
  access: FileAccess,
): Promise<{ dev: number; ino: number } | undefined> {
  const real = realPathOf(location);
  const folder = await openHoldingFolder(real, access).catch(() => undefined);
  if (!folder) return undefined;
  try {
    const seen = await lookAt(folder, path.basename(real), access);
    return seen.kind === 'absent' ? undefined : { dev: seen.stats.dev, ino: seen.stats.ino };
  } finally {
    await folder.close();
  }
}

async function exists(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    () => false,
  );
}
