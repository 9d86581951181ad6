import { closeSync, fstatSync, openSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import {
  changedWhileOpening,
  isSameObject,
  openRefusal,
  PROC_FD,
  procName,
  VERIFIED_OPEN_FLAGS,
  type VerifiedKind,
} from './verified-open.ts';

/**
 * openVerified's synchronous twin, with its flags, its refusals and its proof, for the
 * search worker: a thread that reads file after file has no event loop to keep free, and
 * a promise per call would cost more than the call. Returns the descriptor, proved to be
 * the object at `real`; its owner closes it.
 */
export function openVerifiedSync(real: string, kind: VerifiedKind): number {
  let fd: number;
  try {
    fd = openSync(real, VERIFIED_OPEN_FLAGS[kind]);
  } catch (error) {
    throw openRefusal(kind, error as NodeJS.ErrnoException);
  }
  try {
    assertDescriptorIsSync(fd, real);
    return fd;
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/**
 * Opens the file `name` in the folder held open as `folder` (from openVerifiedSync of
 * `folderReal`). On Linux through the folder's /proc entry: the name is looked up inside
 * the folder that was proved, as openat(2) would, whatever became of its path since; with
 * the last segment never followed, nothing is left to prove. Elsewhere by its path, and
 * proved like any other open.
 */
export function openFileInVerifiedFolderSync(
  folder: number,
  folderReal: string,
  name: string,
): number {
  if (!PROC_FD) return openVerifiedSync(path.join(folderReal, name), 'file');
  try {
    return openSync(`${PROC_FD}/${folder}/${name}`, VERIFIED_OPEN_FLAGS.file);
  } catch (error) {
    throw openRefusal('file', error as NodeJS.ErrnoException);
  }
}

function assertDescriptorIsSync(fd: number, real: string): void {
  if (PROC_FD) {
    if (procName(fd) !== real) throw changedWhileOpening();
    return;
  }
  assertStillSameSync(real, fstatSync(fd));
}

/** assertStillSame's twin: `real` still resolves to itself and names the object `opened`. */
export function assertStillSameSync(real: string, opened: Stats): void {
  if (realpathOrUndefined(real) !== real) throw changedWhileOpening();
  if (!isSameObject(statOrUndefined(real), opened)) throw changedWhileOpening();
}

function realpathOrUndefined(target: string): string | undefined {
  try {
    return realpathSync.native(target);
  } catch {
    return undefined;
  }
}

function statOrUndefined(target: string): Stats | undefined {
  try {
    return statSync(target);
  } catch {
    return undefined;
  }
}
