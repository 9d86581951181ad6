// A folder is judged on its path as given and on its real path, so a link that leads to
// the whole disk or the home folder is caught; the window and the command line share it.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, realpath, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { judgeFolder } from '../../../main/core/policy/judge-folder.ts';
import { linuxPlatform } from '../../../main/core/policy/platform.ts';

describe('judging a folder on disk', () => {
  let root: string;
  let home: string;

  before(async () => {
    root = await realpath(await mkdtemp(path.join(tmpdir(), 'alk-judge-')));
    home = path.join(root, 'home');
    await mkdir(path.join(home, 'Documents'), { recursive: true });
    await symlink(home, path.join(root, 'link-to-home'));
    await symlink('/', path.join(home, 'Documents', 'everything'));
    await symlink(path.join(home, 'Documents'), path.join(root, 'home-link'));
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('lets an ordinary folder inside the home folder', async () => {
    assert.equal(await judgeFolder(linuxPlatform, path.join(home, 'Documents'), home), null);
  });

  it('sees through a link to the home folder', async () => {
    const risk = await judgeFolder(linuxPlatform, path.join(root, 'link-to-home'), home);
    assert.equal(risk?.kind, 'home');
  });

  it('sees through a link inside the home folder that leads to the whole disk', async () => {
    const risk = await judgeFolder(linuxPlatform, path.join(home, 'Documents', 'everything'), home);
    assert.equal(risk?.kind, 'drive');
  });

  it('compares with the real home folder when the home folder is reached through a link', async () => {
    const risk = await judgeFolder(
      linuxPlatform,
      path.join(home, 'Documents'),
      path.join(root, 'home-link'),
    );
    assert.equal(risk?.kind, 'home');
  });
});
