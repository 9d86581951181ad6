// kill -9 of `airlock serve --stdio` in the middle of an agent's writes: each change's record
// is on the disk before its change, so whatever moment the kill lands in, the next start
// finds every change either made and recorded, or not made at all, and rewinding them
// gives back the workspace byte for byte.
import assert from 'node:assert/strict';
import { watch } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TEMP_PREFIX } from '../../main/core/fs/atomic-write.ts';
import { ChangeJournal } from '../../main/core/history/change-journal.ts';
import { rewindChanges } from '../../main/core/history/restore-change.ts';
import { writeTempName } from '../../main/core/history/write-temp.ts';
import { PathPolicy } from '../../main/core/policy/path-policy.ts';
import { linuxPlatform } from '../../main/core/policy/platform.ts';
import { openWorkspace } from '../../main/core/policy/workspace.ts';
import { snapshot } from '../core/history/history-fixtures.ts';
import { defaultProtections } from '../helpers/protections.ts';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { startServer } from '../helpers/server.ts';

const KiB = 1024;

/** Text of `bytes` bytes that differs for each `round`. */
const content = (bytes: number, round: number) => `${round} `.padEnd(bytes, 'abcdefgh');

describe('kill -9 of the server in the middle of a write', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await makeSandbox();
  });
  after(async () => sandbox?.cleanup());

  // The kill lands after the first, the second and the fifth record appears.
  for (const killAfter of [1, 2, 5]) {
    it(`leaves a state every change can be undone from (killed at change ${killAfter})`, async () => {
      const ws = await sandbox.dir(`ws-${killAfter}`);
      const dataDir = await sandbox.dir(`data-${killAfter}`);
      for (let i = 0; i < 4; i++) await sandbox.file(ws, `file-${i}.txt`, content(512 * KiB, -i));
      const before = await snapshot(ws);
      const server = await startServer({
        workspaces: [ws],
        dataDir,
        home: sandbox.home,
        allowWrite: true,
      });
      const pid = server.pid;
      assert.ok(pid);
      const since = new Date();

      const changes = path.join(dataDir, 'history', 'changes');
      const records = new Set<string>();
      const killed = new Promise<void>((resolve) => {
        const watcher = watch(changes, (_event, name) => {
          if (!name?.endsWith('.json')) return;
          records.add(name);
          if (records.size < killAfter) return;
          watcher.close();
          process.kill(pid, 'SIGKILL');
          resolve();
        });
      });
      // The agent keeps writing, a new version of some file each time, until it is cut off.
      const writing = (async () => {
        for (let round = 0; round < 200; round++) {
          await server.client.callTool(
            {
              name: 'write_file',
              arguments: { path: `file-${round % 4}.txt`, content: content(1024 * KiB, round) },
            },
            { timeout: 10_000 },
          );
        }
      })().catch(() => undefined);
      await killed;
      await writing;
      await server.close().catch(() => undefined);
      assert.throws(() => process.kill(pid, 0), 'the server is gone');

      // The changes the killed process began: each has its line in its record log, and
      // its own record file once its record was flushed.
      const begun = new Set(
        (await readdir(changes)).flatMap((name) =>
          name.endsWith('.json') ? [name.slice(0, -'.json'.length)] : [],
        ),
      );
      const journals = path.join(dataDir, 'history', 'journals');
      for (const name of await readdir(journals))
        for (const line of (await readFile(path.join(journals, name), 'utf8')).split('\n'))
          if (line.startsWith('{')) {
            const id = (JSON.parse(line) as { id?: unknown }).id;
            if (typeof id === 'string') begun.add(id);
          }
      // The next start (here, the person's restore) resolves what the killed process left.
      const journal = await ChangeJournal.open(dataDir);
      const temps = (await readdir(ws)).filter((name) => name.startsWith(TEMP_PREFIX));
      assert.deepEqual(
        temps.filter((name) => [...begun].some((id) => name === writeTempName(id))),
        [],
        'the temp file of a write cut short before its rename is removed',
      );
      const left = await journal.list({ since });
      assert.ok(left.length >= killAfter - 1, `${left.length} changes recorded`);
      assert.ok(
        left.every((change) => change.status === 'done'),
        'none is left pending',
      );
      const policy = new PathPolicy(
        linuxPlatform,
        [await openWorkspace(linuxPlatform, ws, 'write')],
        defaultProtections(linuxPlatform),
      );
      const rewound = await rewindChanges(journal, policy, { since });
      assert.equal(rewound.stoppedAt, undefined, rewound.stoppedAt?.error.message);
      // A write killed in the moment between its temp file's creation and its record's
      // line (made side by side) leaves a temp file no record names, as Airlock's own: it
      // never replaced anything, so it is no change, and nothing of the person's.
      const after = Object.fromEntries(
        Object.entries(await snapshot(ws)).filter(([name]) => !name.startsWith(TEMP_PREFIX)),
      );
      assert.deepEqual(after, before, 'every byte is back');
    });
  }
});
