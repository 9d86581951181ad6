import assert from 'node:assert/strict';
import { mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { AirlockState, locateAirlockState } from '../../../main/core/policy/airlock-state.ts';
import {
  darwinPlatform,
  linuxPlatform,
  win32Platform,
} from '../../../main/core/policy/platform.ts';
import { tempRoot } from './policy-fixture.ts';

const root = await tempRoot();

describe("Airlock's own state", () => {
  it('holds the data dir and everything in it, and nothing beside it', async () => {
    const state = await locateAirlockState(linuxPlatform, {
      dataDir: '/home/me/.config/Airlock',
      auditFile: '/home/me/.config/Airlock/audit/audit.jsonl',
    });
    for (const inside of [
      '/home/me/.config/Airlock',
      '/home/me/.config/Airlock/config.json',
      '/home/me/.config/Airlock/audit/audit.jsonl.head',
    ])
      assert.equal(state.holds(inside), true, inside);
    for (const outside of ['/home/me/.config', '/home/me/.config/Airlock2', '/home/me/Airlock'])
      assert.equal(state.holds(outside), false, outside);
  });

  it('holds an audit log kept elsewhere: the file, its head, lock, rotated and torn files', async () => {
    const state = await locateAirlockState(linuxPlatform, {
      dataDir: '/data/airlock',
      auditFile: '/home/me/notes/logs/audit.jsonl',
    });
    const logs = '/home/me/notes/logs';
    for (const name of [
      'audit.jsonl',
      'audit.jsonl.head',
      'audit.jsonl.lock',
      'audit-20261207T052605796Z.jsonl',
      'audit.torn-20261207T052605796Z.jsonl',
    ])
      assert.equal(state.holds(path.join(logs, name)), true, name);
    for (const name of ['notes.txt', 'audit.txt', 'audit-notes.jsonl', 'Audit.jsonl'])
      assert.equal(state.holds(path.join(logs, name)), false, name);
    assert.equal(state.liesWithin('/home/me/notes'), true);
    assert.equal(state.liesWithin('/home/me/other'), false);
  });

  it('compares names the way macOS does: case and Unicode form do not matter', async () => {
    const state = await locateAirlockState(darwinPlatform, {
      dataDir: '/Users/Jose\u0301/Library/Application Support/Airlock',
      auditFile: '/Users/Jose\u0301/Library/Application Support/Airlock/audit/audit.jsonl',
    });
    for (const variant of [
      '/Users/José/Library/Application Support/Airlock/config.json',
      '/users/JOSE\u0301/library/application support/AIRLOCK/CONFIG.JSON',
      '/Users/José/Library/Application Support/airlock',
    ])
      assert.equal(state.holds(variant), true, variant);
  });

  it('compares names the way Windows does, with either separator', async () => {
    const state = await locateAirlockState(win32Platform, {
      dataDir: 'C:\\Users\\me\\AppData\\Roaming\\Airlock',
      auditFile: 'D:\\logs\\audit.jsonl',
    });
    for (const variant of [
      'c:\\users\\ME\\appdata\\roaming\\AIRLOCK\\keys.json',
      'C:/Users/me/AppData/Roaming/Airlock/bridge-token',
      'd:\\LOGS\\AUDIT.JSONL.HEAD',
    ])
      assert.equal(state.holds(win32Platform.path.normalize(variant)), true, variant);
    assert.equal(state.holds('C:\\Users\\me\\AppData\\Roaming\\Other'), false);
  });

  it('keeps both the given and the real path, so a link to the data dir leads nowhere', async () => {
    const real = path.join(root, 'real-data');
    await mkdir(real);
    const linked = path.join(root, 'linked-data');
    await symlink(real, linked);
    const state = await locateAirlockState(linuxPlatform, {
      dataDir: linked,
      auditFile: path.join(linked, 'audit', 'audit.jsonl'),
    });
    assert.equal(state.holds(path.join(real, 'config.json')), true);
    assert.equal(state.holds(path.join(linked, 'config.json')), true);
  });

  it('locates a data dir that does not exist yet through its deepest existing folder', async () => {
    const link = path.join(root, 'home-link');
    await symlink(root, link);
    const state = await locateAirlockState(linuxPlatform, {
      dataDir: path.join(link, 'not-yet', 'Airlock'),
      auditFile: path.join(link, 'not-yet', 'Airlock', 'audit', 'audit.jsonl'),
    });
    assert.equal(state.holds(path.join(root, 'not-yet', 'Airlock', 'config.json')), true);
  });

  it('reserves nothing when there is no state', () => {
    const state = AirlockState.none(linuxPlatform);
    assert.equal(state.holds('/'), false);
    assert.equal(state.liesWithin('/'), false);
  });
});
