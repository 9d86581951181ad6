// Run as its own process by the crash tests: begins one recorded change in a workspace,
// makes it or not, and is killed with SIGKILL before the change is finished, as a crash
// (or `kill -9`) would stop Airlock.
//   node killed-mid-change.ts <dataDir> <workspace> <id> <write|delete|move> <path> <made|not-made> [destination]
// `temp-only` (for a write) flushes the record and fills the write's temp file, and is
// killed before the rename.
// `answered-write` makes a write as write_file does, and is killed once it has its answer:
// before the finish's bookkeeping (`made`), or after that failed (`finish-fails`).
import { writeFileAtomically } from '../../../main/core/fs/atomic-write.ts';
import { moveWithoutOverwrite } from '../../../main/core/fs/move-no-clobber.ts';
import { changeRecorder } from '../../../main/core/history/capture-change.ts';
import { ChangeJournal } from '../../../main/core/history/change-journal.ts';
import { recordWrite } from '../../../main/core/history/pending-change.ts';
import { writeTempName } from '../../../main/core/history/write-temp.ts';
import { PathPolicy } from '../../../main/core/policy/path-policy.ts';
import { linuxPlatform } from '../../../main/core/policy/platform.ts';
import { openWorkspace } from '../../../main/core/policy/workspace.ts';
import { defaultProtections } from '../../helpers/protections.ts';

const [dataDir, ws, id, kind, file, made, destination] = process.argv.slice(2) as string[] &
  [string, string, string, string, string, string, string?];
const policy = new PathPolicy(
  linuxPlatform,
  [await openWorkspace(linuxPlatform, ws, 'write')],
  defaultProtections(linuxPlatform),
);
const journal = await ChangeJournal.open(dataDir);
const tool = kind === 'answered-write' ? 'write_file' : `${kind}_file`;
const recorder = changeRecorder(journal, { id, tool });
const makeIt = made === 'made';
if (kind === 'write') {
  const target = await policy.resolveForCreate(file);
  const change = await recorder.beforeWrite(target);
  // As the tools do: the record is on the disk before the change is made.
  if (makeIt || made === 'temp-only') await change.recorded();
  if (makeIt) await writeFileAtomically(target, Buffer.from('written by the killed process'));
  if (made === 'temp-only') {
    const { writeFile } = await import('node:fs/promises');
    const path = await import('node:path');
    const temp = path.join(path.dirname(target.real), writeTempName(id));
    await writeFile(temp, 'the new content, never renamed into place', { flag: 'wx' });
  }
} else if (kind === 'answered-write') {
  const target = await policy.resolveForCreate(file);
  if (made === 'finish-fails')
    journal.store.promote = () => Promise.reject(new Error('the store is out of reach'));
  const data = Buffer.from('written by the killed process');
  const record = await recordWrite(() => recorder.beforeWrite(target), target, data, {
    changeId: recorder.changeId,
  });
  // Killed at once, the answer given: the bookkeeping waits for the next turn.
  if (made === 'finish-fails') await journal.settled(record.id);
} else if (kind === 'delete') {
  const change = await recorder.beforeDelete(await policy.resolveLinkItself(file));
  // removeIntoHistory would finish the change too: stop right after the move instead.
  if (makeIt) {
    await change.recorded();
    const { rename, mkdir } = await import('node:fs/promises');
    const path = await import('node:path');
    await mkdir(journal.payloadFolder(change.id), { mode: 0o700 });
    await rename(path.join(ws, file), path.join(journal.payloadFolder(change.id), 'item'));
  }
} else if (kind === 'move' && destination) {
  const from = await policy.resolveLinkItself(file);
  const to = await policy.resolveForCreate(destination);
  const change = await recorder.beforeMove(from, to);
  if (makeIt) {
    await change.recorded();
    await moveWithoutOverwrite(from, to);
  }
}
process.kill(process.pid, 'SIGKILL');
