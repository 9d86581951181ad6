// `npm start` on a machine whose Electron program is missing (this one: its download host is
// out of reach) says so in one paragraph; where the program is, it opens the app with it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  downloadElectron,
  electronBinary,
  electronPackageDir,
} from '../../scripts/electron-binary.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
let temp: string;
before(async () => {
  temp = await realpath(await mkdtemp(path.join(tmpdir(), 'airlock-start-')));
});
after(async () => {
  await rm(temp, { recursive: true, force: true });
});

/** What `npm start` runs once its build is done: the last command of the script. */
async function startCommand(): Promise<string> {
  const scripts = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')).scripts;
  const last = String(scripts.start).split('&&').at(-1)?.trim();
  assert.ok(last, 'npm start runs something after the build');
  return last;
}

/** Runs that command as npm does (node_modules/.bin on PATH), with Electron pointed at `dist`. */
async function start(dist: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const command = await startCommand();
  return new Promise((resolve) => {
    execFile(
      'sh',
      ['-c', command],
      {
        cwd: ROOT,
        env: {
          PATH: `${path.join(ROOT, 'node_modules', '.bin')}:${path.dirname(process.execPath)}:/usr/bin:/bin`,
          HOME: temp,
          ELECTRON_OVERRIDE_DIST_PATH: dist,
        },
        timeout: 30_000,
      },
      (error, stdout, stderr) => {
        const code = error ? Number((error as { code?: unknown }).code) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('npm start', () => {
  it('without Electron’s program, prints one plain paragraph that says the headless server works', async () => {
    const empty = path.join(temp, 'no-electron');
    await mkdir(empty);
    const result = await start(empty);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    const lines = result.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, `one paragraph:\n${result.stderr}`);
    assert.match(result.stderr, /window cannot open: Electron's program is missing/);
    assert.ok(result.stderr.includes(path.join(empty, 'electron')), 'names where it looked');
    assert.match(result.stderr, /does not need Electron/);
    assert.match(result.stderr, /airlock serve --stdio/);
    assert.doesNotMatch(result.stderr, /delete|install-electron|\n\s+at /);
  });

  it('with Electron’s program, opens the app folder with it and passes its exit code on', async () => {
    const dist = path.join(temp, 'fake-electron');
    await mkdir(dist);
    const fake = path.join(dist, 'electron');
    await writeFile(fake, '#!/bin/sh\necho "electron $*"\nexit 3\n');
    await chmod(fake, 0o755);
    const result = await start(dist);
    assert.equal(result.code, 3);
    assert.equal(result.stdout, 'electron .\n');
  });
});

describe('finding Electron’s program as the electron package does', () => {
  /** A stand-in for node_modules/electron, with an installer that does `install`. */
  async function fakePackage(name: string, install: string): Promise<string> {
    const dir = path.join(temp, name);
    await mkdir(dir);
    await writeFile(path.join(dir, 'install.js'), install);
    return dir;
  }

  it('finds the installed package', () => {
    assert.equal(electronPackageDir(), path.join(ROOT, 'node_modules', 'electron'));
  });

  it('reads path.txt inside dist/, or inside ELECTRON_OVERRIDE_DIST_PATH', async () => {
    const dir = await fakePackage('pkg-paths', '');
    assert.deepEqual(electronBinary(dir, {}), { path: undefined, found: false });
    await writeFile(path.join(dir, 'path.txt'), 'Electron.app/Contents/MacOS/Electron');
    assert.deepEqual(electronBinary(dir, {}), {
      path: path.join(dir, 'dist', 'Electron.app/Contents/MacOS/Electron'),
      found: false,
    });
    assert.equal(
      electronBinary(dir, { ELECTRON_OVERRIDE_DIST_PATH: '/opt/e' }).path,
      '/opt/e/Electron.app/Contents/MacOS/Electron',
    );
  });

  it('downloads through the package’s installer, and gives its first words when it fails', async () => {
    const failing = await fakePackage(
      'pkg-offline',
      "console.error('TypeError: fetch failed\\n    at somewhere'); process.exit(1);\n",
    );
    assert.equal(downloadElectron(failing), 'TypeError: fetch failed');
    const working = await fakePackage(
      'pkg-online',
      [
        "const fs = require('node:fs');",
        "fs.mkdirSync(__dirname + '/dist');",
        "fs.writeFileSync(__dirname + '/dist/electron', '');",
        "fs.writeFileSync(__dirname + '/path.txt', 'electron');",
      ].join('\n'),
    );
    assert.equal(downloadElectron(working), undefined);
    assert.equal(electronBinary(working, {}).found, true);
  });
});
