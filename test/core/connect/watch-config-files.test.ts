// Watching apps' settings files, on real files: a file replaced by rename (as apps save),
// written in place, or removed is reported under its app's name, once per burst; other
// files in the same folder are not; a missing folder is skipped; stopping ends it all.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rename, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { watchConfigFiles } from '../../../main/core/connect/watch-config-files.ts';

let root: string;
before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'airlock-watch-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The names reported, in order, and a way to wait for the next or for silence. */
function recorder() {
  const seen: string[] = [];
  let wake: (() => void) | undefined;
  return {
    seen,
    onChange: (name: string) => {
      seen.push(name);
      wake?.();
    },
    async next(count = seen.length + 1, ms = 3000): Promise<void> {
      const deadline = Date.now() + ms;
      while (seen.length < count) {
        if (Date.now() > deadline) throw new Error(`no change reported (saw ${seen.join(', ')})`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 50);
        });
      }
    },
  };
}

const quiet = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));

async function folderWith(name: string, files: Record<string, string>): Promise<string> {
  const folder = path.join(root, name);
  await mkdir(folder, { recursive: true });
  for (const [file, text] of Object.entries(files)) await writeFile(path.join(folder, file), text);
  return folder;
}

describe('watching config files', () => {
  it('reports a file replaced by rename once per burst, under its name, again after the next replace, and not a neighbour', async () => {
    const folder = await folderWith('rename', { 'config.json': '{}', 'other.json': '{}' });
    const file = path.join(folder, 'config.json');
    const changes = recorder();
    const stop = watchConfigFiles([{ name: 'claude-desktop', file }], changes.onChange);
    try {
      await writeFile(path.join(folder, 'other.json'), '{ "x": 1 }');
      await quiet();
      assert.deepEqual(changes.seen, [], 'another file in the folder is not reported');
      await writeFile(`${file}.tmp`, '{ "mcpServers": {} }');
      await rename(`${file}.tmp`, file);
      await changes.next();
      await quiet();
      assert.deepEqual(changes.seen, ['claude-desktop'], 'one report for the burst');
      // The file watched is a new one now; a watch on the old file would hear nothing.
      await writeFile(`${file}.tmp`, '{}');
      await rename(`${file}.tmp`, file);
      await changes.next();
      assert.deepEqual(changes.seen, ['claude-desktop', 'claude-desktop']);
    } finally {
      stop();
    }
  });

  it('reports a file written in place or removed, and two apps in one folder apart', async () => {
    const folder = await folderWith('two', { 'a.json': '{}', 'b.json': '{}' });
    const changes = recorder();
    const stop = watchConfigFiles(
      [
        { name: 'cursor', file: path.join(folder, 'a.json') },
        { name: 'windsurf', file: path.join(folder, 'b.json') },
      ],
      changes.onChange,
    );
    try {
      await writeFile(path.join(folder, 'b.json'), '{ "y": 2 }');
      await changes.next(1);
      await unlink(path.join(folder, 'a.json'));
      await changes.next(2);
      assert.deepEqual(changes.seen, ['windsurf', 'cursor']);
    } finally {
      stop();
    }
  });

  it('follows a linked file to its own folder', async () => {
    const real = await folderWith('real', { 'settings.json': '{}' });
    const linkFolder = await folderWith('links', {});
    const link = path.join(linkFolder, 'config.json');
    await symlink(path.join(real, 'settings.json'), link);
    const changes = recorder();
    const stop = watchConfigFiles([{ name: 'vscode', file: link }], changes.onChange);
    try {
      await writeFile(path.join(real, 'settings.json'), '{ "z": 3 }');
      await changes.next();
      assert.deepEqual(changes.seen, ['vscode']);
    } finally {
      stop();
    }
  });

  it('skips a folder that does not exist, and reports nothing once stopped', async () => {
    const folder = await folderWith('stop', { 'config.json': '{}' });
    const file = path.join(folder, 'config.json');
    const changes = recorder();
    const problems: string[] = [];
    const stop = watchConfigFiles(
      [
        { name: 'windsurf', file: path.join(root, 'not-installed', 'mcp.json') },
        { name: 'cursor', file },
      ],
      changes.onChange,
      { onProblem: (where) => problems.push(where) },
    );
    await writeFile(file, '{ "a": 1 }');
    // Stopped while the burst is still settling: its report is dropped too.
    stop();
    await writeFile(file, '{ "a": 2 }');
    await quiet();
    assert.deepEqual(changes.seen, []);
    assert.deepEqual(problems, [], 'an app that is not installed is not a problem');
  });
});
