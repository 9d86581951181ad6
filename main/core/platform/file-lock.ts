import { lstatSync, readFileSync, readlinkSync, symlinkSync, unlinkSync } from 'node:fs';

/** Another Airlock process held the audit log for longer than any append takes. */
export class AuditLockedError extends Error {
  constructor(file: string, pid: number) {
    super(
      `Another Airlock process (pid ${pid}) has held the audit log ${file} for too long. If it hangs, stop it; or choose another log with --audit-log.`,
    );
    this.name = 'AuditLockedError';
  }
}

export interface HeldAuditLock {
  /** The previous holder died while appending: the log's end must be checked before use. */
  readonly tookOverFromDeadProcess: boolean;
  release(): void;
}

const WAIT_STEP_MS = 1;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * Several Airlock processes may serve clients at once (each stdio client starts its own),
 * and all append to one chain. Each append holds this lock for a few system calls: a
 * symbolic link whose target is the owner's pid (made and removed in one call each). A lock whose owner no longer runs is
 * taken over, and the taker is told so it can repair what the dead process left.
 */
export function acquireAuditLock(
  lockFile: string,
  logFile: string,
  timeoutMs = 5000,
): HeldAuditLock {
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
    if (unnamed || (Number.isInteger(owner) && owner > 0 && !isAlive(owner))) {
      unlinkQuietly(lockFile);
      tookOver = true;
      continue;
    }
    if (Date.now() > deadline) throw new AuditLockedError(logFile, owner);
    // A plain synchronous pause: the append that waits must itself stay synchronous.
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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
