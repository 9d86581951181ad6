import { FileLockedError } from '../platform/file-lock.ts';

/** Another Airlock process held the audit log for longer than any append takes. */
export class AuditLockedError extends Error {
  constructor(file: string, pid: number) {
    super(
      `Another Airlock process (pid ${pid}) has held the audit log ${file} for too long. If it hangs, stop it; or choose another log with --audit-log.`,
    );
    this.name = 'AuditLockedError';
  }
}

/** The lock's own error, told in words about the audit log the person chose. */
export function asAuditLockedError(error: unknown, logFile: string): unknown {
  return error instanceof FileLockedError ? new AuditLockedError(logFile, error.ownerPid) : error;
}
