import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { acquireFileLock, FileLockedError } from '../../../main/core/platform/file-lock.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'airlock-file-lock-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let count = 0;
function lockPath(): string {
  count += 1;
  return path.join(dir, `thing-${count}.lock`);
}

/** Whether the lock itself is there: a link to a pid, which is not a path, so not followed. */
function present(file: string): boolean {
  return lstatSync(file, { throwIfNoEntry: false }) !== undefined;
}

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  assert.ok(child.pid);
  return child.pid;
}

describe('a lock between Airlock processes', () => {
  it('is taken when free, names its owner, and is gone once released', () => {
    const file = lockPath();
    const lock = acquireFileLock(file, 50);
    assert.equal(lock.tookOverFromDeadProcess, false);
    assert.equal(present(file), true);
    lock.release();
    assert.equal(present(file), false);
  });

  it('gives up with FileLockedError, naming the owner, when a live process holds it too long', () => {
    const file = lockPath();
    symlinkSync(String(process.ppid), file);
    assert.throws(
      () => acquireFileLock(file, 50),
      (error: unknown) =>
        error instanceof FileLockedError &&
        error.ownerPid === process.ppid &&
        error.lockFile === file,
    );
    assert.equal(present(file), true, 'a live owner keeps its lock');
  });

  it('takes over a lock whose owner has died, and says so, so what it left can be repaired', () => {
    const file = lockPath();
    symlinkSync(String(deadPid()), file);
    const lock = acquireFileLock(file, 50);
    assert.equal(lock.tookOverFromDeadProcess, true);
    lock.release();
  });

  it('takes over an old lock that names no process, and waits for a fresh one', () => {
    const old = lockPath();
    writeFileSync(old, 'not a pid');
    const longAgo = new Date(Date.now() - 60_000);
    utimesSync(old, longAgo, longAgo);
    acquireFileLock(old, 50).release();

    const fresh = lockPath();
    writeFileSync(fresh, 'not a pid');
    assert.throws(() => acquireFileLock(fresh, 50), FileLockedError);
  });
});
