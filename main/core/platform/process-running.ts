/**
 * Whether a process with this id is running: signal 0 checks without sending anything, and
 * EPERM means it runs as another user. A pid can be reused: running may be another program.
 */
export function isProcessRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
