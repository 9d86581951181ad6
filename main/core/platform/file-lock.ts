import { lstatSync, readFileSync, readlinkSync, symlinkSync, unlinkSync } from 'node:fs';
import { isProcessRunning } from './process-running.ts';

/**
 * Another process held the lock for longer than the caller would wait. Callers turn it
 * into words about what they were changing (the audit log, the keys).
 */
export class FileLockedError extends Error {
  readonly lockFile: string;
  readonly ownerPid: number;

  constructor(lockFile: string, ownerPid: number) {
    super(`Another process (pid ${ownerPid}) has held ${lockFile} for too long.`);
    this.name = 'FileLockedError';
    this.lockFile = lockFile;
    this.ownerPid = ownerPid;
  }
}

export interface HeldFileLock {
  /** The previous holder died while holding it: what it was changing must be checked. */
  readonly tookOverFromDeadProcess: boolean;
  release(): void;
}

const WAIT_STEP_MS = 1;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * A lock between Airlock processes, taken and waited for synchronously. Several Airlock
 * processes may run at once (each stdio client starts its own) and change one audit chain
 * or one keys file. The lock is a symbolic link whose target is the owner's pid, made and
 * removed in one system call each. A lock whose owner no longer runs is taken over, and the
 * taker is told so it can repair what the dead process left.
 */
export function acquireFileLock(lockFile: string, timeoutMs = 5000): HeldFileLock {
  const deadline = Date.now() + timeoutMs;
  let tookOver = false;
  for (;;) {
    try {
      // A symbolic link is created atomically with its content, the owner's pid, in one call.
      symlinkSync(String(process.pid), lockFile);
      return { tookOverFromDeadProcess: tookOver, release: () => unlinkQuietly(lockFile) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number.parseInt(readOwner(lockFile), 10);
    // A lock that names no pid was left by something else, or an older Airlock.
    const unnamed = !(Number.isInteger(owner) && owner > 0) && ageMs(lockFile) > 1000;
    if (unnamed || (Number.isInteger(owner) && owner > 0 && !isProcessRunning(owner))) {
      unlinkQuietly(lockFile);
      tookOver = true;
      continue;
    }
    if (Date.now() > deadline) throw new FileLockedError(lockFile, owner);
    // A plain synchronous pause: an audit append that waits must itself stay synchronous.
    Atomics.wait(sleeper, 0, 0, WAIT_STEP_MS);
  }
}

function readOwner(file: string): string {
  try {
    return readlinkSync(file);
  } catch {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return '';
    }
  }
}

function ageMs(file: string): number {
  try {
    return Date.now() - lstatSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone: nothing to release.
  }
}
