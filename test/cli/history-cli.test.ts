// `airlock history`: what can be restored, newest first, each change with whether it can be
// undone now and why not, as text or JSON, narrowed by time, client and workspace.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { exists } from '../core/history/history-fixtures.ts';
import { restoreSandbox } from './restore-cli-fixture.ts';

interface ListedChange {
  readonly id: string;
  readonly tool: string;
  readonly at: string;
  readonly client?: string;
  readonly workspace: string;
  readonly paths: readonly string[];
  readonly summary: string;
  readonly undoable: boolean;
  readonly whyNot?: string;
  readonly restoredBy?: string;
  readonly restores?: string;
}

describe('airlock history', () => {
  it('lists each change newest first: id, time, client, what was done, and whether it can be undone', async () => {
    const box = await restoreSandbox();
    await box.saveWorkspaces([box.ws]);
    await box.file(box.ws, 'notes.txt', 'hello\n');
    const edit = await box.agent().edit('notes.txt', 'hello', 'goodbye');
    const move = await box.agent('Cursor 2.0').move('notes.txt', 'archive.txt');
    const result = await box.airlock('history');
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 3);
    assert.deepEqual(lines[0]?.split('\t'), [
      move.id,
      move.at,
      'Cursor 2.0',
      'Moved notes.txt to archive.txt',
      'can be undone',
    ]);
    assert.deepEqual(lines[1]?.split('\t'), [
      edit.id,
      edit.at,
      'Claude Desktop 0.12',
      'Edited notes.txt',
      'can be undone',
    ]);
    assert.match(lines[2] ?? '', /^2 change\(s\)\. To undo one: airlock restore ID/);
  });

  it('says which changes were undone, by which restore, and which cannot be undone and why', async () => {
    const box = await restoreSandbox();
    await box.saveWorkspaces([box.ws]);
    await box.file(box.ws, 'a.txt', 'one');
    const change = await box.agent().write('a.txt', 'two');
    assert.equal((await box.airlock('restore', change.id)).code, 0);
    const json = JSON.parse((await box.airlock('history', '--json')).stdout) as ListedChange[];
    const [restore, original] = json;
    assert.equal(restore?.restores, change.id);
    assert.equal(restore?.tool, 'restore');
    assert.equal(original?.restoredBy, restore?.id);
    const text = (await box.airlock('history')).stdout;
    assert.match(text, new RegExp(`^${change.id}\t.*\tundone by ${restore?.id}$`, 'm'));
    await box.saveWorkspaces([]);
    const unshared = await box.airlock('history');
    assert.match(
      unshared.stdout,
      new RegExp(
        `^${restore?.id}\t.*\tcannot be undone: The folder ${box.ws} is no longer shared in Airlock\\.$`,
        'm',
      ),
    );
    const named = await box.airlock('history', '--workspace', box.ws);
    assert.match(named.stdout, new RegExp(`^${restore?.id}\t.*\tcan be undone$`, 'm'));
  });

  it('gives JSON with plain fields and paths relative to the workspace, not history’s own record', async () => {
    const box = await restoreSandbox();
    await box.saveWorkspaces([box.ws]);
    await box.agent().createDirectory('drafts/2025/june');
    const result = await box.airlock('history', '--json');
    assert.equal(result.code, 0, result.stderr);
    const [change] = JSON.parse(result.stdout) as ListedChange[];
    assert.equal(change?.tool, 'create_directory');
    assert.equal(change?.summary, 'Created the folder drafts');
    assert.deepEqual(change?.paths, ['drafts']);
    assert.equal(change?.workspace, box.ws);
    assert.equal(change?.undoable, true);
    assert.equal('record' in (change ?? {}), false);
  });

  it('narrows by --since, --client and --workspace', async () => {
    let now = Date.now() - 2 * 86_400_000;
    const box = await restoreSandbox({ clock: () => now });
    await box.saveWorkspaces([box.ws]);
    const other = await box.dir('other');
    await box.agent().write('old.txt', 'o');
    now = Date.now();
    await box.agent('Cursor 2.0').write('new.txt', 'n');
    const list = async (...args: string[]) =>
      (JSON.parse((await box.airlock('history', '--json', ...args)).stdout) as ListedChange[]).map(
        (change) => change.paths[0],
      );
    assert.deepEqual(await list(), ['new.txt', 'old.txt']);
    assert.deepEqual(await list('--since', '1d'), ['new.txt']);
    assert.deepEqual(await list('--client', 'Claude'), ['old.txt']);
    assert.deepEqual(await list('--workspace', box.ws), ['new.txt', 'old.txt']);
    assert.deepEqual(await list('--workspace', other), []);
  });

  it('keeps changes as long as the settings say, not only the default 30 days', async () => {
    const box = await restoreSandbox({ clock: () => Date.now() - 40 * 86_400_000 });
    await writeFile(
      path.join(box.dataDir, 'config.json'),
      JSON.stringify({
        workspaces: [{ path: box.ws, access: 'write' }],
        history: { maxAgeDays: 90 },
      }),
    );
    const change = await box.agent().write('old.txt', 'from forty days ago');
    const result = await box.airlock('history', '--json');
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(
      (JSON.parse(result.stdout) as ListedChange[]).map((listed) => listed.id),
      [change.id],
    );
  });

  it('says when history holds nothing, and makes no data folder to say it', async () => {
    const box = await restoreSandbox();
    const { runCli, cliEnv } = await import('./run-keys-cli.ts');
    const nowhere = path.join(box.root, 'never-used');
    const result = await runCli(
      ['history', '--data-dir', nowhere],
      cliEnv({ HOME: box.home, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' }),
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'History holds no changes that match.\n');
    assert.equal(await exists(nowhere), false);
    const json = await runCli(
      ['history', '--json', '--data-dir', nowhere],
      cliEnv({ HOME: box.home, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' }),
    );
    assert.deepEqual(JSON.parse(json.stdout), []);
  });

  it('refuses mistakes in the command with exit 2, and a damaged settings file with exit 1', async () => {
    const box = await restoreSandbox();
    await box.agent().write('a.txt', 'x');
    const badTime = await box.airlock('history', '--since', 'soonish');
    assert.equal(badTime.code, 2);
    assert.match(badTime.stderr, /--since takes a time/);
    const twice = await box.airlock('history', '--workspace', box.ws, '--workspace', box.root);
    assert.equal(twice.code, 2);
    const positional = await box.airlock('history', 'all');
    assert.equal(positional.code, 2);
    await writeFile(path.join(box.dataDir, 'config.json'), '{ not json');
    const damaged = await box.airlock('history');
    assert.equal(damaged.code, 1);
    assert.match(damaged.stderr, /is not valid JSON/);
  });
});
