// Which folders are risky to share, on each operating system, judged from the path alone
// with the home folder injected: the home folder itself, folders around it, whole drives,
// system folders, and the folders where keys and app data live.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { folderRisk } from '../../../main/core/policy/folder-risk.ts';
import {
  darwinPlatform,
  linuxPlatform,
  win32Platform,
  type PathPlatform,
} from '../../../main/core/policy/platform.ts';
import type { WorkspaceRiskKind } from '../../../preload/contract/workspace-views.ts';

function kindOf(platform: PathPlatform, folder: string, home: string): WorkspaceRiskKind | null {
  return folderRisk(platform, folder, home)?.kind ?? null;
}

function table(
  platform: PathPlatform,
  home: string,
  cases: readonly (readonly [string, WorkspaceRiskKind | null])[],
): void {
  for (const [folder, expected] of cases) {
    it(`${expected === null ? 'lets' : 'warns about'} ${folder}${expected ? ` (${expected})` : ''}`, () => {
      assert.equal(kindOf(platform, folder, home), expected);
    });
  }
}

describe('risky folders on macOS (home /Users/ana)', () => {
  table(darwinPlatform, '/Users/ana', [
    ['/Users/ana', 'home'],
    ['/Users/ana/', 'home'],
    ['/users/ANA', 'home'],
    ['/Users', 'contains-home'],
    ['/', 'drive'],
    ['/Volumes', 'drive'],
    ['/Volumes/Backup', 'drive'],
    ['/Volumes/Backup/', 'drive'],
    ['/System', 'system'],
    ['/System/Library/CoreServices', 'system'],
    ['/Library', 'system'],
    ['/Applications', 'system'],
    ['/Applications/Mail.app', 'system'],
    ['/usr', 'system'],
    ['/usr/local/bin', 'system'],
    ['/bin', 'system'],
    ['/etc', 'system'],
    ['/private', 'system'],
    ['/private/etc', 'system'],
    ['/Users/ana/.ssh', 'secrets'],
    ['/Users/ana/.aws', 'secrets'],
    ['/Users/ana/Library', 'app-data'],
    ['/Users/ana/Library/Mail', 'app-data'],
    ['/Users/ana/Documents', null],
    ['/Users/ana/Documents/Novel', null],
    ['/Users/ana/Library Books', null],
    ['/Volumes/Backup/Photos', null],
    ['/Users/Shared/Projects', null],
    ['/private/tmp/scratch', null],
    ['/private/var/folders/xy/T/airlock-test', null],
    ['/Systematic', null],
  ]);
});

describe('risky folders on Windows (home C:\\Users\\ana)', () => {
  table(win32Platform, 'C:\\Users\\ana', [
    ['C:\\Users\\ana', 'home'],
    ['c:\\users\\ana\\', 'home'],
    ['C:/Users/ana', 'home'],
    ['C:\\Users', 'contains-home'],
    ['C:\\', 'drive'],
    ['D:\\', 'drive'],
    ['d:/', 'drive'],
    ['\\\\nas\\family\\', 'drive'],
    ['C:\\Windows', 'system'],
    ['C:\\Windows\\System32', 'system'],
    ['C:\\Program Files', 'system'],
    ['C:\\Program Files (x86)\\Steam', 'system'],
    ['c:\\programdata', 'system'],
    ['D:\\Windows', 'system'],
    ['D:\\Users', 'contains-home'],
    ['C:\\Users\\ana\\.ssh', 'secrets'],
    ['C:\\Users\\ana\\AppData', 'app-data'],
    ['C:\\Users\\ana\\AppData\\Roaming\\Claude', 'app-data'],
    ['C:\\Users\\ana\\Documents', null],
    ['C:\\Users\\Public\\Documents', null],
    ['D:\\Photos', null],
    ['C:\\Windows Stuff', null],
    ['\\\\nas\\family\\Photos', null],
  ]);
});

describe('risky folders on Linux (home /home/ana)', () => {
  table(linuxPlatform, '/home/ana', [
    ['/home/ana', 'home'],
    ['/home/ana/', 'home'],
    ['/home', 'contains-home'],
    ['/', 'drive'],
    ['/mnt', 'drive'],
    ['/mnt/usb', 'drive'],
    ['/media', 'drive'],
    ['/media/ana', 'drive'],
    ['/media/ana/USB STICK', 'drive'],
    ['/media/usb', 'drive'],
    ['/run/media/ana/Backup', 'drive'],
    ['/etc', 'system'],
    ['/etc/nginx', 'system'],
    ['/usr', 'system'],
    ['/usr/share/doc', 'system'],
    ['/bin', 'system'],
    ['/var', 'system'],
    ['/var/lib/docker', 'system'],
    ['/root', 'system'],
    ['/boot', 'system'],
    ['/proc', 'system'],
    ['/home/ana/.ssh', 'secrets'],
    ['/home/ana/.ssh/keys', 'secrets'],
    ['/home/ana/.config/gcloud', 'secrets'],
    ['/home/ana/.config', 'app-data'],
    ['/home/ana/.local/share', 'app-data'],
    ['/home/ana/Documents', null],
    ['/home/ana/.local/bin', null],
    ['/home/ben/shared', null],
    ['/mnt/usb/Photos', null],
    ['/media/ana/USB STICK/Photos', null],
    ['/run/media/ana/Backup/2024', null],
    ['/tmp/scratch', null],
    ['/var/tmp/scratch', null],
    ['/srv/etc-notes', 'system'],
    ['/etcetera', null],
  ]);

  it('judges case exactly: /ETC is not /etc on Linux', () => {
    assert.equal(kindOf(linuxPlatform, '/ETC', '/home/ana'), null);
  });

  it('lets a folder inside a home that lives in a system folder, as root', () => {
    assert.equal(kindOf(linuxPlatform, '/root/project', '/root'), null);
    assert.equal(kindOf(linuxPlatform, '/root', '/root'), 'home');
  });
});

describe('the explanations', () => {
  it('say in plain words what the agent could read, and what to do instead', () => {
    const risk = folderRisk(linuxPlatform, '/home/ana', '/home/ana');
    assert.equal(risk?.title, 'This is your whole home folder');
    assert.match(risk?.explanation ?? '', /could read your documents, mail/);
    assert.match(risk?.explanation ?? '', /Choose a smaller folder/);
  });

  it('differ for the whole computer and for one drive', () => {
    assert.equal(folderRisk(linuxPlatform, '/', '/home/ana')?.title, 'This is the whole computer');
    assert.equal(
      folderRisk(win32Platform, 'E:\\', 'C:\\Users\\ana')?.title,
      'This is a whole drive',
    );
  });

  it('name no path, so they read the same on every computer', () => {
    for (const [platform, folder, home] of [
      [darwinPlatform, '/Users', '/Users/ana'],
      [win32Platform, 'C:\\Windows', 'C:\\Users\\ana'],
      [linuxPlatform, '/home/ana/.aws', '/home/ana'],
    ] as const) {
      const risk = folderRisk(platform, folder, home);
      assert.ok(risk);
      assert.doesNotMatch(`${risk.title} ${risk.explanation}`, /ana|\/|\\/);
    }
  });
});
