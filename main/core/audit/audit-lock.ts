import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';

/** Another live Airlock process is writing this audit log. */
export class AuditLockedError extends Error {
  constructor(file: string, pid: number) {
    super(
      `Another Airlock process (pid ${pid}) is writing the audit log ${file}. Stop it, or choose another log with --audit-log.`,
    );
    this.name = 'AuditLockedError';
  }
}

/**
 * One writer per chain: two processes appending to one log would fork the chain. The
 * lock file holds the owner's pid; a lock left by a process that no longer runs is taken over.
 */
export function acquireAuditLock(lockFile: string, logFile: string): () => void {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(lockFile, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(lockFile, 'utf8') === String(process.pid)) unlinkSync(lockFile);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(readFileSafe(lockFile), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
        throw new AuditLockedError(logFile, owner);
      }
      unlinkSync(lockFile);
    }
  }
  throw new Error(`Could not take the audit log lock ${lockFile}.`);
}

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
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
