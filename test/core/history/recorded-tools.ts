// The five change tools as they run with history: resolve through the policy, check that
// the change is allowed, capture what it replaces, make the change, and finish the record.
// The same steps the tools take in main/core/tools/, with the capture around their change;
// the tests use these to make changes the way an agent does.
import { lstat, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically } from '../../../main/core/fs/atomic-write.ts';
import { moveWithoutOverwrite } from '../../../main/core/fs/move-no-clobber.ts';
import { openVerified } from '../../../main/core/fs/verified-open.ts';
import { changeRecorder, type ChangeCall } from '../../../main/core/history/capture-change.ts';
import { recordChange, recordWrite } from '../../../main/core/history/pending-change.ts';
import type { ChangeJournal } from '../../../main/core/history/change-journal.ts';
import type { ChangeRecord } from '../../../main/core/history/change-record.ts';
import type { PathPolicy } from '../../../main/core/policy/path-policy.ts';
import { callOf } from './history-fixtures.ts';

export interface Agent {
  write(file: string, content: string | Uint8Array): Promise<ChangeRecord>;
  edit(file: string, oldText: string, newText: string): Promise<ChangeRecord>;
  move(source: string, destination: string): Promise<ChangeRecord>;
  delete(target: string): Promise<ChangeRecord>;
  /** Undefined when the folder was there already: nothing changed, nothing is recorded. */
  createDirectory(folder: string): Promise<ChangeRecord | undefined>;
}

/** An agent making changes in `policy`'s workspaces, each recorded in `journal`. */
export function agentOf(
  journal: ChangeJournal,
  policy: PathPolicy,
  call: (tool: string) => ChangeCall = callOf,
): Agent {
  const recorder = (tool: string) => changeRecorder(journal, call(tool), policy.fileAccess);
  return {
    async write(file, content) {
      const data = typeof content === 'string' ? Buffer.from(content) : content;
      const target = await policy.resolveForCreate(file);
      policy.assertMayChange(target, file);
      // As write_file: the old version is kept while the temp file is made.
      const changes = recorder('write_file');
      const capture = () => changes.beforeWrite(target);
      return recordWrite(capture, target, data, {
        access: policy.fileAccess,
        changeId: changes.changeId,
      });
    },
    async edit(file, oldText, newText) {
      const target = await policy.resolveExisting(file);
      policy.assertMayChange(target, file);
      const original = await readFile(target.real, 'utf8');
      const data = Buffer.from(original.replace(oldText, newText));
      const change = await recorder('edit_file').beforeEdit(target);
      return (await recordChange(change, () => writeFileAtomically(target, data), data)).record;
    },
    async move(source, destination) {
      await policy.resolveExisting(source);
      const from = await policy.resolveLinkItself(source);
      const to = await policy.resolveForCreate(destination);
      policy.assertMayChange(from, source);
      policy.assertMayChange(to, destination);
      const change = await recorder('move_file').beforeMove(from, to);
      return (await recordChange(change, () => moveWithoutOverwrite(from, to))).record;
    },
    async delete(target) {
      const resolved = await policy.resolveLinkItself(target);
      policy.assertMayChange(resolved, target);
      const change = await recorder('delete_file').beforeDelete(resolved);
      return change.removeIntoHistory();
    },
    async createDirectory(folder) {
      const lexical = policy.locate(folder);
      const missing: string[] = [];
      let existing = lexical;
      while (!(await present(existing))) {
        missing.unshift(path.basename(existing));
        existing = path.dirname(existing);
      }
      const base = await policy.resolveExisting(existing);
      policy.assertMayChange(base, folder);
      const [first] = missing;
      if (first === undefined) return undefined;
      const topmost = await policy.resolveForCreate(path.join(base.real, first));
      const change = await recorder('create_directory').beforeCreateDirectory(topmost);
      const made = await recordChange(change, async () => {
        let current = base.real;
        for (const name of missing) {
          const parent = await openVerified(current, 'folder', policy.fileAccess);
          try {
            await mkdir(parent.pathOf(name));
          } finally {
            await parent.close();
          }
          current = path.join(current, name);
        }
      });
      return made.record;
    },
  };
}

async function present(target: string): Promise<boolean> {
  return lstat(target).then(
    () => true,
    () => false,
  );
}
