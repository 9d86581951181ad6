// The reference the issue states the query target against: a plain `grep -c` over the log.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/** Milliseconds of one `grep -c -F -i` for `term` over `files` (wall clock, process included). */
export function timeGrep(term: string, files: readonly string[]): number {
  const start = performance.now();
  const result = spawnSync('grep', ['-c', '-F', '-i', '-e', term, '--', ...files], {
    env: { ...process.env, LC_ALL: 'C' },
    // stdout must be a pipe: GNU grep stops at the first match when it writes to /dev/null.
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const elapsed = performance.now() - start;
  // 0: found, 1: not found; anything else is a failure of grep itself.
  if (result.error) throw result.error;
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`grep failed (${result.status}): ${result.stderr.toString().trim()}`);
  }
  return elapsed;
}
