// What `npm run build` leaves in dist/cli is what the installer ships: only files the CLI
// can load, so that a chunk from an earlier build never travels with a release.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers/server.ts';

const CLI_DIR = path.join(REPO_ROOT, 'dist', 'cli');

/** Every chunk file reachable from `entry` through its static and dynamic imports. */
async function reachableChunks(entry: string): Promise<Set<string>> {
  const seen = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    const source = await readFile(file, 'utf8');
    for (const match of source.matchAll(/["'](\.{1,2}\/(?:chunks\/)?[\w-]+\.js)["']/g)) {
      const target = path.resolve(path.dirname(file), match[1] as string);
      if (path.dirname(target) !== path.join(CLI_DIR, 'chunks') || seen.has(target)) continue;
      seen.add(target);
      pending.push(target);
    }
  }
  return seen;
}

describe('the built CLI', () => {
  it('holds no chunk that the CLI does not load', async () => {
    const reachable = await reachableChunks(path.join(CLI_DIR, 'airlock.js'));
    assert.ok(reachable.size > 0, 'the CLI is split into chunks');
    const present = (await readdir(path.join(CLI_DIR, 'chunks')))
      .filter((name) => name.endsWith('.js'))
      .map((name) => path.join(CLI_DIR, 'chunks', name));
    assert.deepEqual(
      present.filter((file) => !reachable.has(file)),
      [],
      'chunks left over from an earlier build',
    );
  });
});
