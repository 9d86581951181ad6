// How stdio clients of the app start the bridge: absolute Node and bridge paths (GUI apps
// start with a minimal PATH), a Node found on PATH or where installers put it, and the
// bridge read from outside app.asar.
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  bridgeCommand,
  findNodeExecutable,
  outsideAsar,
} from '../../../main/core/connect/bridge-launch.ts';

let root: string;
before(async () => {
  root = await realpath(await mkdtemp(path.join(tmpdir(), 'airlock-bridge-launch-')));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

async function fakeNode(dir: string, mode = 0o755): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'node');
  await writeFile(file, '#!/bin/sh\n');
  await chmod(file, mode);
  return file;
}

describe('the stdio entry', () => {
  it('runs the bridge with Node, naming the client and the data dir', () => {
    assert.deepEqual(
      bridgeCommand({ node: '/opt/node/bin/node', bridge: '/app/bridge.js' }, '/data', 'cursor'),
      {
        command: '/opt/node/bin/node',
        args: ['/app/bridge.js', '--client', 'cursor', '--data-dir', '/data'],
      },
    );
  });

  it('leaves the client name out for apps Airlock does not know (the bridge asks them)', () => {
    assert.deepEqual(bridgeCommand({ node: '/n', bridge: '/b.js' }, '/data').args, [
      '/b.js',
      '--data-dir',
      '/data',
    ]);
  });
});

describe('finding Node.js', { skip: process.platform === 'win32' && 'POSIX modes' }, () => {
  it('takes the first executable node on PATH, as an absolute path', async () => {
    const first = path.join(root, 'first');
    const second = path.join(root, 'second');
    await fakeNode(first, 0o644); // not executable: skipped
    const found = await fakeNode(second);
    const env = { PATH: ['relative/bin', first, second].join(':') };
    assert.equal(await findNodeExecutable('linux', env), found);
  });

  it('skips a folder named node', async () => {
    const dir = path.join(root, 'dir-named-node');
    await mkdir(path.join(dir, 'node'), { recursive: true });
    const found = await fakeNode(path.join(root, 'after'));
    assert.equal(
      await findNodeExecutable('linux', { PATH: `${dir}:${path.dirname(found)}` }),
      found,
    );
  });
});

describe('files of the packaged app', () => {
  it('are read from app.asar.unpacked, where other programs can read them', () => {
    assert.equal(
      outsideAsar(
        '/Applications/Airlock.app/Contents/Resources/app.asar/dist/bridge/airlock-bridge.js',
      ),
      '/Applications/Airlock.app/Contents/Resources/app.asar.unpacked/dist/bridge/airlock-bridge.js',
    );
    assert.equal(
      outsideAsar('C:\\Program Files\\Airlock\\resources\\app.asar\\dist\\airlock.mcpb'),
      'C:\\Program Files\\Airlock\\resources\\app.asar.unpacked\\dist\\airlock.mcpb',
    );
  });

  it('are left alone outside a packaged app', () => {
    assert.equal(
      outsideAsar('/work/airlock/dist/bridge/airlock-bridge.js'),
      '/work/airlock/dist/bridge/airlock-bridge.js',
    );
    assert.equal(outsideAsar('/x/app.asarfoo/y'), '/x/app.asarfoo/y');
  });
});
