import { mkdir, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { moveWithoutOverwrite } from '../fs/move-no-clobber.ts';
import type { VerifiedFolder } from '../fs/verified-open.ts';
import type { PathPolicy, ResolvedPath } from '../policy/path-policy.ts';
import type { ChangeJournal } from './change-journal.ts';
import { holdsStaged, type ChangeRecord, type Location } from './change-record.ts';
import { keepFile, movedStep, noteDeletion, type Captured } from './capture-state.ts';
import { HistoryError } from './history-error.ts';
import { moveIntoHistory, putBack } from './keep-removed.ts';
import { lookAt, openExistingHoldingFolder, type SeenEntry } from './path-state.ts';
import type { UndoAction } from './restore-plan.ts';
import { absolutePathOf, mustResolveForRestore } from './restore-target.ts';
import { writeKeptContent } from './write-kept-content.ts';
import { writeTempName } from './write-temp.ts';

/** The name in the restore's payload of what its action `index` removes. */
export function removedItem(index: number): string {
  return `item-${index}`;
}

/**
 * Keeps, for the restore `id`, what each action will replace, as the restore's own steps:
 * so the restore is a change like any other, and undoing it brings back what it replaced.
 * Refuses when something it would replace is too big to keep: a restore never loses data.
 */
export async function captureForRestore(
  journal: ChangeJournal,
  policy: PathPolicy,
  id: string,
  actions: readonly UndoAction[],
): Promise<Captured[]> {
  await journal.assertNewId(id);
  const budget = await journal.budget();
  const access = policy.fileAccess;
  const emptied = new Set<string>();
  const keyOf = (location: Location) => `${location.root}\0${location.path}`;
  const captured: Captured[] = [];
  try {
    for (const [index, action] of actions.entries()) {
      if (action.op === 'putBack') {
        captured.push({ step: { kind: 'absent', at: action.at } });
      } else if (action.op === 'write' && emptied.has(keyOf(action.at))) {
        captured.push({ step: { kind: 'absent', at: action.at } });
      } else if (action.op === 'write') {
        captured.push(
          await atEntry(policy, action.at, async (place, seen) =>
            seen.kind === 'file'
              ? keepFile(journal, id, index, place, seen.stats, budget, access)
              : { step: { kind: 'absent', at: action.at } },
          ),
        );
      } else if (action.op === 'remove') {
        captured.push(
          await atEntry(policy, action.at, async (place, seen) => {
            if (seen.kind === 'absent') throw changedSince(absolutePathOf(policy, action.at));
            return noteDeletion(journal, place, seen, removedItem(index), budget);
          }),
        );
        emptied.add(keyOf(action.at));
      } else {
        captured.push(
          await atEntry(policy, action.from, async (place, seen) => {
            if (seen.kind === 'absent') throw changedSince(absolutePathOf(policy, action.from));
            const limit = journal.limits.maxFileBytes;
            return { step: await movedStep(place, seen, action.from, action.to, limit, access) };
          }),
        );
        emptied.add(keyOf(action.from));
      }
      const reason = captured.at(-1)?.reason;
      if (reason) {
        throw new HistoryError(
          'cannot_keep_current',
          `Restoring would replace what is there now, and history cannot keep it: ${reason}`,
        );
      }
    }
  } catch (error) {
    for (const [index, one] of captured.entries())
      if (holdsStaged(one.step)) await journal.store.release(journal.stagedPath(id, index));
    throw error;
  }
  return captured;
}

/**
 * Carries out the actions of a restore whose record `restore` is written, each through the
 * policy and a verified folder, as the agent's own tools would. Nothing changes before
 * `recorded` settles (the record is on the disk): a file written back flushes its content
 * meanwhile, and is renamed into place after.
 */
export async function performUndo(
  journal: ChangeJournal,
  policy: PathPolicy,
  restore: ChangeRecord,
  actions: readonly UndoAction[],
  recorded: () => Promise<void> = () => Promise.resolve(),
): Promise<void> {
  for (const [index, action] of actions.entries()) {
    if (action.op !== 'write') await recorded();
    switch (action.op) {
      case 'remove': {
        const target = await mustResolveForRestore(policy, action.at);
        await inFolderOf(target, policy, async (folder, name) => {
          await mkdir(journal.payloadFolder(restore.id), { recursive: true, mode: 0o700 });
          await moveIntoHistory(folder, name, journal.payloadPath(restore, removedItem(index)));
        });
        break;
      }
      case 'write': {
        const blob = await journal.store.find(action.sha256, action.staged);
        const target = await mustResolveForRestore(policy, action.at);
        if (!blob) {
          throw new HistoryError(
            'kept_copy_damaged',
            `History no longer holds the version of ${target.real} it kept, so it cannot be put back.`,
          );
        }
        // Named after the restore's step, for the next start to remove should a crash
        // leave it (write-temp.ts).
        const tempName = writeTempName(restore.id, index);
        await writeKeptContent(target, blob, action, policy.fileAccess, recorded, tempName);
        break;
      }
      case 'putBack': {
        const target = await mustResolveForRestore(policy, action.at);
        await inFolderOf(target, policy, (folder, name) => putBack(action.kept, folder, name));
        // The change's payload folder, now empty; a legacy entry's still holds its manifest.
        await rmdir(path.dirname(action.kept)).catch(() => undefined);
        break;
      }
      case 'moveBack': {
        const source = await mustResolveForRestore(policy, action.from);
        const destination = await mustResolveForRestore(policy, action.to);
        await moveWithoutOverwrite(source, destination);
        break;
      }
    }
  }
}

async function atEntry(
  policy: PathPolicy,
  location: Location,
  capture: (
    place: { folder: VerifiedFolder; name: string; at: Location },
    seen: SeenEntry,
  ) => Promise<Captured>,
): Promise<Captured> {
  const target = await mustResolveForRestore(policy, location);
  return inFolderOf(target, policy, async (folder, name) =>
    capture({ folder, name, at: location }, await lookAt(folder, name, policy.fileAccess)),
  );
}

async function inFolderOf<Result>(
  target: ResolvedPath,
  policy: PathPolicy,
  work: (folder: VerifiedFolder, name: string) => Promise<Result>,
): Promise<Result> {
  const folder = await openExistingHoldingFolder(target.real, policy.fileAccess);
  try {
    return await work(folder, path.basename(target.real));
  } finally {
    await folder.close();
  }
}

function changedSince(shown: string): HistoryError {
  return new HistoryError(
    'conflict',
    `${shown} changed while Airlock was preparing the restore. Try again.`,
  );
}
