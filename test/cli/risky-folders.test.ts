// The command line refuses the folders the window warns about, in the window's words,
// and says which flag shares one anyway.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, realpath, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CommandError } from '../../main/cli/command-error.ts';
import { refuseRiskyFolders, riskyFolderMessage } from '../../main/cli/risky-folders.ts';
import { folderRisk } from '../../main/core/policy/folder-risk.ts';
import {
  darwinPlatform,
  linuxPlatform,
  win32Platform,
  type PathPlatform,
} from '../../main/core/policy/platform.ts';

describe('the message for a risky folder', () => {
  it('names the home folder in the words of the example the issue gives', () => {
    const risk = folderRisk(linuxPlatform, '/home/me', '/home/me');
    assert.ok(risk);
    assert.equal(
      riskyFolderMessage('/home/me', risk),
      '"/home/me" is your whole home folder: the agent could read your documents, mail, photos and app settings. Choose a smaller folder if you can, such as the folder of one project. To share it anyway, add --allow-risky-folder.',
    );
  });

  // One folder of each kind and title, so a title the sentence cannot start from is caught.
  const cases: [PathPlatform, string, string][] = [
    [linuxPlatform, '/', '/home/ana'],
    [linuxPlatform, '/mnt', '/home/ana'],
    [linuxPlatform, '/media/ana/USB', '/home/ana'],
    [linuxPlatform, '/home/ana', '/home/ana'],
    [linuxPlatform, '/home', '/home/ana'],
    [linuxPlatform, '/home', '/root'],
    [linuxPlatform, '/etc', '/home/ana'],
    [linuxPlatform, '/home/ana/.ssh', '/home/ana'],
    [linuxPlatform, '/home/ana/.config', '/home/ana'],
    [darwinPlatform, '/Users/ana/Library', '/Users/ana'],
    [win32Platform, 'E:\\', 'C:\\Users\\ana'],
    [win32Platform, 'C:\\Windows', 'C:\\Users\\ana'],
  ];
  for (const [platform, folder, home] of cases) {
    it(`starts with the folder and ends with the flag: ${platform.name} ${folder}`, () => {
      const risk = folderRisk(platform, folder, home);
      assert.ok(risk, 'a risky folder');
      const message = riskyFolderMessage(folder, risk);
      assert.ok(message.startsWith(`"${folder}" `), message);
      assert.ok(!message.includes('This '), `the title became a sentence: ${message}`);
      const afterFolder = message.slice(folder.length + 2);
      assert.ok(!/^[^.]*:[^.]*:/.test(afterFolder), `one colon in the first sentence: ${message}`);
      assert.ok(message.toLowerCase().includes(risk.explanation.slice(1, 40).toLowerCase()));
      assert.ok(message.endsWith(' To share it anyway, add --allow-risky-folder.'), message);
    });
  }
});

describe('refusing risky folders named on the command line', () => {
  let root: string;
  let home: string;

  before(async () => {
    root = await realpath(await mkdtemp(path.join(tmpdir(), 'alk-risky-')));
    home = path.join(root, 'home');
    await mkdir(path.join(home, 'Projects', 'novel'), { recursive: true });
    await mkdir(path.join(home, '.ssh', 'work'), { recursive: true });
    await symlink('/', path.join(home, 'Projects', 'everything'));
  });
  after(() => rm(root, { recursive: true, force: true }));

  const refused = (pattern: RegExp) => (error: unknown) =>
    error instanceof CommandError && pattern.test(error.message);

  it('refuses the home folder, a folder of keys, and the whole disk, and lets a project through', async () => {
    const refuse = (folder: string) => refuseRiskyFolders(linuxPlatform, [folder], home);
    await assert.rejects(refuse(home), refused(/is your whole home folder/));
    await assert.rejects(
      refuse(path.join(home, '.ssh', 'work')),
      refused(/holds keys and passwords/),
    );
    await assert.rejects(refuse('/'), refused(/^"\/" is the whole computer\. It is the top/));
    await refuseRiskyFolders(linuxPlatform, [path.join(home, 'Projects', 'novel')], home);
  });

  it('sees through a link to the whole disk and says where it leads', async () => {
    const link = path.join(home, 'Projects', 'everything');
    await assert.rejects(
      refuseRiskyFolders(linuxPlatform, [path.join(home, 'Projects', 'novel'), link], home),
      refused(new RegExp(`^"${link}", which leads to "/", is the whole computer`)),
    );
  });
});
