// `airlock restore`: one change put back by its activity record's number or its change id,
// a preview with --dry-run, conflicts refused unless --force, a restore undone in turn, the
// restore records and the chain after them, the workspaces a restore may reach, a folder
// swapped for a link to outside, a change cut short by kill -9, and rewinds with --since.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile, rename, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { snapshot, exists } from '../core/history/history-fixtures.ts';
import { restoreSandbox } from './restore-cli-fixture.ts';

const read = (file: string) => readFile(file, 'utf8');

describe('airlock restore RECORD', () => {
  it('puts back the state from before a change named by its activity record number', async () => {
    const box = await restoreSandbox();
    await box.saveWorkspaces([box.ws]);
    await box.file(box.ws, 'README.md', '# My project\n');
    const change = await box.agent().write('README.md', 'overwritten by the agent');
    const result = await box.airlock('restore', String(await box.seqOf(change)));
    assert.equal(result.code, 0, result.stderr);
    assert.equal(await read(path.join(box.ws, 'README.md')), '# My project\n');
    assert.match(
      result.stdout,
      new RegExp(`^Activity record \\d+ is change ${change.id}\\.$`, 'm'),
    );
    assert.match(
      result.stdout,
      new RegExp(`Restored the state from before change ${change.id} \\(Wrote over README\\.md\\)`),
    );
    assert.match(result.stdout, /To undo it: airlock restore \d+$/m);
  });

  it('puts back a change named by its correlation id', async () => {
    const box = await restoreSandbox();
    await box.saveWorkspaces([box.ws]);
    await box.file(box.ws, 'notes/todo.txt', 'buy milk\n');
    const change = await box.agent().delete('notes');
    assert.equal(await exists(path.join(box.ws, 'notes')), false);
    const result = await box.airlock('restore', change.id);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(await read(path.join(box.ws, 'notes/todo.txt')), 'buy milk\n');
  });

  it('writes a restore record: the command line, the person, the paths and the change undone', async () => {
    const box = await restoreSandbox();
    await box.saveWorkspaces([box.ws]);
    await box.file(box.ws, 'a.txt', 'one');
    const change = await box.agent().write('a.txt', 'two');
    const result = await box.airlock('restore', change.id);
    assert.equal(result.code, 0, result.stderr);
    const record = (await box.records()).at(-1);
    assert.equal(record?.event, 'restore');
    assert.equal(record?.transport, 'cli');
    assert.equal(typeof record?.client, 'string', 'the person at the terminal, by login name');
    assert.equal(record?.outcome, 'ok');
    assert.deepEqual(record?.paths, [path.join(box.ws, 'a.txt')]);
    assert.equal(record?.detail?.restores, change.id);
    assert.match(result.stdout, new RegExp(`activity record ${record?.seq}\\.`));
  });

  it('with --dry-run prints the diff and what it would do, and changes and records nothing', async () => {
    const box = await restoreSandbox();
    await box.saveWorkspaces([box.ws]);
    await box.file(box.ws, 'letter.txt', 'Dear Sam,\nSee you Monday.\n');
    const change = await box.agent().edit('letter.txt', 'Monday', 'Friday');
    const before = await snapshot(box.ws);
    const count = (await box.records()).length;
    const result = await box.airlock('restore', change.id, '--dry-run');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Restoring it would:\n {2}write back letter\.txt as it was$/m);
    assert.match(result.stdout, /^--- letter\.txt\tnow\n\+\+\+ letter\.txt\tafter the restore$/m);
    assert.match(result.stdout, /^-See you Friday\.\n\+See you Monday\.$/m);
    assert.match(result.stdout, /Nothing was changed: this was a dry run\.\n$/);
    assert.deepEqual(await snapshot(box.ws), before);
    assert.equal((await box.records()).length, count);
  });

  it('with --dry-run names the files of a deleted folder and a binary file’s type and sizes', async () => {
    const box = await restoreSandbox();
    await box.saveWorkspaces([box.ws]);
    await box.file(
      box.ws,
      'photos/cat.png',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10, 0, 0]),
    );
    await box.file(box.ws, 'photos/dog.txt', 'woof');
    const deletion = await box.agent().delete('photos');
    const folder = await box.airlock('restore', deletion.id, '--dry-run');
    assert.equal(folder.code, 0, folder.stderr);
    assert.match(
      folder.stdout,
      /^photos \(put back\): a folder of 2 file\(s\)\n {2}cat\.png\n {2}dog\.txt$/m,
    );
    await box.file(
      box.ws,
      'image.png',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10, 1, 2, 3]),
    );
    const overwrite = await box.agent().write('image.png', Buffer.from([0, 1]));
    const file = await box.airlock('restore', overwrite.id, '--dry-run');
    assert.match(
      file.stdout,
      /^image\.png \(written back\): a image\/png file, 2 bytes now, 11 bytes after the restore$/m,
    );
  });

  it('refuses when the file changed since, says what changed, and --force restores anyway, keeping it', async () => {
    const box = await restoreSandbox();
    await box.saveWorkspaces([box.ws]);
    const file = await box.file(box.ws, 'plan.txt', 'the first plan');
    const change = await box.agent().write('plan.txt', 'the agent’s plan');
    await writeFile(file, 'the person’s own edit since');
    const refused = await box.airlock('restore', change.id);
    assert.equal(refused.code, 1);
    assert.equal(refused.stdout, '');
    assert.match(
      refused.stderr,
      /^airlock: Nothing was restored, because things changed since the change:$/m,
    );
    assert.match(refused.stderr, /plan\.txt was changed since/);
    assert.match(refused.stderr, /Run again with --force/);
    assert.equal(await read(file), 'the person’s own edit since');
    const denied = (await box.records()).at(-1);
    assert.equal(denied?.event, 'restore');
    assert.equal(denied?.outcome, 'denied');

    const forced = await box.airlock('restore', change.id, '--force');
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(await read(file), 'the first plan');
    assert.match(forced.stdout, /What was there is kept in history/);
    const undo = /To undo it: airlock restore (\d+)$/m.exec(forced.stdout)?.[1];
    assert.ok(undo);
    const back = await box.airlock('restore', undo);
    assert.equal(back.code, 0, back.stderr);
    assert.equal(await read(file), 'the person’s own edit since', 'nothing was lost');
  });

  it('undoes a restore, named by the restore record’s number, and that undo in turn', async () => {
    const box = await restoreSandbox();
    await box.saveWorkspaces([box.ws]);
    const file = await box.file(box.ws, 'doc.txt', 'v1');
    const change = await box.agent().write('doc.txt', 'v2');
    const first = await box.airlock('restore', String(await box.seqOf(change)));
    assert.equal(await read(file), 'v1');
    const restoreRecord = /activity record (\d+)\./.exec(first.stdout)?.[1];
    assert.ok(restoreRecord, first.stdout);
    const second = await box.airlock('restore', restoreRecord);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(await read(file), 'v2');
    const third = await box.airlock(
      'restore',
      /activity record (\d+)\./.exec(second.stdout)?.[1] ?? '',
    );
    assert.equal(third.code, 0, third.stderr);
    assert.equal(await read(file), 'v1');
    const again = await box.airlock('restore', restoreRecord);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already undone/);
  });

  it('leaves the audit log verifying after restores and refusals', async () => {
    const box = await restoreSandbox();
    await box.saveWorkspaces([box.ws]);
    await box.file(box.ws, 'a.txt', 'one');
    const change = await box.agent().write('a.txt', 'two');
    await box.airlock('restore', change.id);
    await box.airlock('restore', change.id);
    const verify = await box.airlock('audit', 'verify');
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    assert.match(verify.stdout, /^OK: 3 records in 1 file\(s\) verify; the chain is intact\.$/m);
    const outcomes = (await box.records()).map((record) => [record.event, record.outcome]);
    assert.deepEqual(outcomes, [
      ['tool_call', 'ok'],
      ['restore', 'ok'],
      ['restore', 'denied'],
    ]);
  });

  it('says plainly when a record made no change, or no record has the number', async () => {
    const box = await restoreSandbox();
    await box.saveWorkspaces([box.ws]);
    await box.airlock('pause');
    const setting = (await box.records()).at(-1)?.seq;
    const none = await box.airlock('restore', String(setting));
    assert.equal(none.code, 1);
    assert.match(
      none.stderr,
      /^airlock: Record \d+ \(settings change\) made no change to files, so there is nothing to restore\.$/m,
    );
    const missing = await box.airlock('restore', '4242');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /There is no activity record 4242/);
    const unknown = await box.airlock('restore', 'abcdef012345');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /No change abcdef012345 is in history/);
  });
});

describe('which workspaces a restore from the command line may reach', () => {
  it('refuses a change in a folder that is no longer shared, and names --workspace for one still there', async () => {
    const box = await restoreSandbox();
    const file = await box.file(box.ws, 'a.txt', 'one');
    const change = await box.agent().write('a.txt', 'two');
    const other = await box.dir('other');
    await box.saveWorkspaces([other]);
    const refused = await box.airlock('restore', change.id);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, new RegExp(`The folder ${box.ws} is no longer shared in Airlock`));
    assert.match(refused.stderr, /name it with --workspace DIR/);
    assert.equal(await read(file), 'two');
    assert.equal((await box.records()).at(-1)?.outcome, 'denied');

    const named = await box.airlock('restore', change.id, '--workspace', box.ws);
    assert.equal(named.code, 0, named.stderr);
    assert.equal(await read(file), 'one');
  });

  it('refuses Airlock’s own data folder as a --workspace', async () => {
    const box = await restoreSandbox();
    const result = await box.airlock('restore', 'abcdef012345', '--workspace', box.dataDir);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Airlock's own data folder/);
  });

  it('refuses an empty --workspace as a mistake in the command', async () => {
    const box = await restoreSandbox();
    const result = await box.airlock('restore', 'abcdef012345', '--workspace', '');
    assert.equal(result.code, 2);
  });
});

describe('an attack on airlock restore: the folder swapped for a link to outside', () => {
  const scenarios = [
    {
      name: 'a file written over',
      change: (agent: ReturnType<Awaited<ReturnType<typeof restoreSandbox>>['agent']>) =>
        agent.write('docs/notes.txt', 'by the agent'),
    },
    {
      name: 'a file deleted',
      change: (agent: ReturnType<Awaited<ReturnType<typeof restoreSandbox>>['agent']>) =>
        agent.delete('docs/notes.txt'),
    },
    {
      name: 'a file moved out of the folder',
      change: (agent: ReturnType<Awaited<ReturnType<typeof restoreSandbox>>['agent']>) =>
        agent.move('docs/notes.txt', 'notes.txt'),
    },
  ];
  for (const scenario of scenarios) {
    it(`writes nothing outside: ${scenario.name}`, async () => {
      const box = await restoreSandbox();
      await box.saveWorkspaces([box.ws]);
      await box.file(box.ws, 'docs/notes.txt', 'the original');
      await box.file(box.outside, 'notes.txt', 'outside: must not change');
      const change = await scenario.change(box.agent());
      const outsideBefore = await snapshot(box.outside);
      const docs = path.join(box.ws, 'docs');
      await rename(docs, `${docs}-aside`);
      await symlink(box.outside, docs);
      const result = await box.airlock('restore', change.id, '--force');
      assert.equal(result.code, 1, result.stdout);
      assert.match(result.stderr, /leads outside the workspaces through a link/);
      assert.deepEqual(await snapshot(box.outside), outsideBefore);
      assert.equal((await box.records()).at(-1)?.outcome, 'denied');
    });
  }
});

describe('a change cut short by kill -9', () => {
  const killedMidChange = fileURLToPath(
    new URL('../core/history/killed-mid-change.ts', import.meta.url),
  );

  it('is restored by the next airlock restore', async () => {
    const box = await restoreSandbox();
    await box.saveWorkspaces([box.ws]);
    const file = await box.file(box.ws, 'report.txt', 'before the crash');
    const id = 'c0ffee000001';
    const child = spawn(
      process.execPath,
      [killedMidChange, box.dataDir, box.ws, id, 'write', 'report.txt', 'made'],
      { stdio: 'ignore' },
    );
    const [, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
    assert.equal(signal, 'SIGKILL');
    assert.equal(await read(file), 'written by the killed process');
    const result = await box.airlock('restore', id);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(await read(file), 'before the crash');
  });
});

describe('airlock restore --since', () => {
  it('rewinds every change since a time, newest first, and leaves older ones', async () => {
    let now = Date.now() - 3 * 3_600_000;
    const box = await restoreSandbox({ clock: () => now });
    await box.saveWorkspaces([box.ws]);
    const agent = box.agent();
    await agent.write('a.txt', 'from three hours ago');
    now = Date.now() - 10 * 60_000;
    const before = await snapshot(box.ws);
    const edit = await agent.write('a.txt', 'recent');
    const made = await agent.createDirectory('drafts/new');
    const dry = await box.airlock('restore', '--since', '1h', '--dry-run');
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /^A rewind would undo 2 change\(s\), newest first:$/m);
    assert.ok(dry.stdout.indexOf(made?.id ?? '?') < dry.stdout.indexOf(edit.id), 'newest first');
    assert.notDeepEqual(await snapshot(box.ws), before);

    const rewound = await box.airlock('restore', '--since', '1h');
    assert.equal(rewound.code, 0, rewound.stderr);
    assert.match(rewound.stdout, /^Undid 2 change\(s\), newest first:$/m);
    assert.deepEqual(await snapshot(box.ws), before);
    assert.equal(await read(path.join(box.ws, 'a.txt')), 'from three hours ago');
  });

  it('rewinds only one client’s changes with --client, in one workspace with --workspace', async () => {
    const box = await restoreSandbox();
    await box.saveWorkspaces([box.ws]);
    await box.agent('Claude Desktop 0.12').write('claude.txt', 'c');
    await box.agent('Cursor 2.0').write('cursor.txt', 'k');
    const result = await box.airlock(
      'restore',
      '--since',
      'today',
      '--client',
      'Cursor',
      '--workspace',
      box.ws,
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(await exists(path.join(box.ws, 'cursor.txt')), false);
    assert.equal(await read(path.join(box.ws, 'claude.txt')), 'c');
  });

  it('stops at a change that cannot be undone and says so, exit 1', async () => {
    const box = await restoreSandbox();
    await box.saveWorkspaces([box.ws]);
    const file = await box.file(box.ws, 'a.txt', 'one');
    const change = await box.agent().write('a.txt', 'two');
    await writeFile(file, 'the person’s edit');
    await box.agent().write('b.txt', 'new');
    const result = await box.airlock('restore', '--since', '1h');
    assert.equal(result.code, 1);
    assert.match(result.stdout, /^Undid 1 change\(s\)/m);
    assert.match(result.stderr, new RegExp(`Stopped at change ${change.id}`));
    assert.match(result.stderr, /Run again with --force/);
    assert.equal(await exists(path.join(box.ws, 'b.txt')), false);
    assert.equal(await read(file), 'the person’s edit');
  });

  it('says when nothing matches', async () => {
    const box = await restoreSandbox();
    const result = await box.airlock('restore', '--since', '5m');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^No change since .* to undo\.$/m);
  });
});

describe('mistakes in the command', () => {
  for (const [args, message] of [
    [[], /Say what to restore/],
    [['1', '--since', '1h'], /not both/],
    [['1', '2'], /Name one record/],
    [['1', '--client', 'Cursor'], /--client narrows a rewind/],
    [['--since', 'last tuesday'], /--since takes a time/],
    [['--since', '1h', '--workspace', '/a', '--workspace', '/b'], /give it once/],
    [['1', '--frobnicate'], /Unknown option/],
  ] as const) {
    it(`exits 2 for: restore ${args.join(' ')}`, async () => {
      const box = await restoreSandbox();
      const result = await box.airlock('restore', ...args);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, message);
      assert.match(result.stderr, /Usage:\n {2}airlock restore RECORD/);
    });
  }

  it('exits 1 in one line for a --data-dir that is a file', async () => {
    const box = await restoreSandbox();
    const file = await box.file(box.root, 'a-file', 'x');
    const { runCli, cliEnv } = await import('./run-keys-cli.ts');
    const result = await runCli(
      ['restore', '1', '--data-dir', file],
      cliEnv({ HOME: box.home, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' }),
    );
    assert.equal(result.code, 1);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  });
});
