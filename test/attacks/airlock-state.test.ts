// Airlock's own state: with the whole home folder shared for reading and changing, the data
// dir inside it (settings, key list, bridge token, audit log, history, logs) is out of reach
// of every tool, by every spelling, through both SDK clients; so is the app's default data
// dir when the command line uses another, and an audit log that --audit-log puts elsewhere.
import assert from 'node:assert/strict';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLIENT_KINDS, connectClient, type ConnectedClient } from '../helpers/each-client.ts';
import { assertOk, assertRefused, textOf, type ToolArgs } from '../helpers/results.ts';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';

// The whole home folder is shared on purpose, to show the protections hold even there; the
// person's yes to that is this flag (its refusal: test/cli/serve-folders-cli.test.ts).
const SHARE_HOME = '--allow-risky-folder';

const MARKER = `AIRLOCK-STATE-MARKER-${Date.now()}`;
/** The files an agent would go for, each with the marker so a leak shows. */
const STATE_FILES: Record<string, string> = {
  'config.json': `${JSON.stringify({ app: { theme: 'dark' }, marker: MARKER })}\n`,
  'keys.json': `${JSON.stringify({ marker: MARKER })}\n`,
  'bridge-token': `${MARKER}\n`,
  'logs/old.log': `${MARKER}\n`,
  'history/entry/entry.json': `${JSON.stringify({ marker: MARKER })}\n`,
};

interface Layout {
  readonly sandbox: Sandbox;
  /** The shared folder: the person's whole home folder. */
  readonly home: string;
  /** The data dir in force, inside the home folder. */
  readonly dataDir: string;
}

async function plantState(dataDir: string): Promise<void> {
  for (const [name, content] of Object.entries(STATE_FILES)) {
    await mkdir(path.dirname(path.join(dataDir, name)), { recursive: true });
    await writeFile(path.join(dataDir, name), content);
  }
}

async function assertStateUnchanged(dataDir: string): Promise<void> {
  for (const [name, content] of Object.entries(STATE_FILES))
    assert.equal(await readFile(path.join(dataDir, name), 'utf8'), content, name);
}

/** Every way the suite spells a path below the data dir. */
function spellings(layout: Layout, below: string): string[] {
  const relative = path.relative(layout.home, path.join(layout.dataDir, below));
  return [
    path.join(layout.dataDir, below),
    relative,
    `./${relative}`,
    `Documents/../${relative}`,
    `file://${path.join(layout.dataDir, below)}`,
    path.join('shortcut', below),
  ];
}

for (const kind of CLIENT_KINDS) {
  describe(`attack: Airlock's own state in a shared home folder (${kind} client)`, () => {
    let layout: Layout;
    let client: ConnectedClient;
    const refused = async (tool: string, args: ToolArgs, code = /belongs to Airlock itself/) => {
      const result = await client.call(tool, args);
      const text = assertRefused(result, [MARKER], `${tool} ${JSON.stringify(args)}`);
      assert.match(text, code, `${tool} ${JSON.stringify(args)}: ${text}`);
      return text;
    };

    before(async () => {
      const sandbox = await makeSandbox();
      const home = sandbox.home;
      const dataDir = path.join(home, '.config', 'Airlock');
      await plantState(dataDir);
      await sandbox.file(home, 'Documents/notes.txt', 'my notes\n');
      await sandbox.file(home, '.config/other-app/settings.ini', 'x=1\n');
      // A link inside the shared folder that leads into the data dir.
      await symlink(dataDir, path.join(home, 'shortcut'));
      layout = { sandbox, home, dataDir };
      client = await connectClient(kind, {
        workspaces: [home],
        dataDir,
        home,
        allowWrite: true,
        extraArgs: [SHARE_HOME],
      });
    });
    after(async () => {
      await client?.close();
      await layout?.sandbox.cleanup();
    });

    it('refuses every reading tool on each file of the data dir, by every spelling', async () => {
      for (const name of [...Object.keys(STATE_FILES), 'audit/audit.jsonl']) {
        for (const spelled of spellings(layout, name)) {
          await refused('read_text_file', { path: spelled });
          await refused('read_text_file', { path: spelled, head: 1 });
          await refused('read_media_file', { path: spelled });
          await refused('get_file_info', { path: spelled });
          await refused('edit_file', {
            path: spelled,
            edits: [{ oldText: 'a', newText: 'b' }],
            dryRun: true,
          });
        }
      }
    });

    it('refuses listing, drawing or searching the data dir itself', async () => {
      for (const spelled of [...spellings(layout, ''), ...spellings(layout, 'audit')]) {
        await refused('list_directory', { path: spelled });
        await refused('list_directory_with_sizes', { path: spelled });
        await refused('directory_tree', { path: spelled });
        await refused('search_files', { path: spelled, pattern: '*' });
        await refused('search_content', { path: spelled, pattern: MARKER, literal: true });
      }
    });

    it('reports the data dir in read_multiple_files as refused, and still reads the rest', async () => {
      const result = await client.call('read_multiple_files', {
        paths: ['Documents/notes.txt', ...spellings(layout, 'config.json')],
      });
      const text = assertOk(result, 'read_multiple_files');
      assert.ok(!text.includes(MARKER), 'no state file content');
      assert.match(text, /my notes/);
    });

    it('leaves the data dir out of listings, trees and searches, and counts it', async () => {
      const listing = await client.call('list_directory', { path: '.config' });
      const text = assertOk(listing, 'list_directory .config');
      assert.match(text, /other-app/);
      assert.doesNotMatch(text, /Airlock\b(?! itself)/);
      assert.match(text, /1 item belonging to Airlock itself not shown/);
      const sized = assertOk(
        await client.call('list_directory_with_sizes', { path: '.config' }),
        'list_directory_with_sizes',
      );
      assert.match(sized, /belonging to Airlock itself not shown/);
      for (const [tool, args] of [
        ['directory_tree', { path: '.' }],
        ['search_files', { path: '.', pattern: '**/*.json' }],
        ['search_files', { path: '.', pattern: '**/Airlock' }],
        ['search_content', { path: '.', pattern: MARKER, literal: true }],
        ['search_content', { path: '.config', pattern: '.*' }],
      ] as const) {
        const result = await client.call(tool, args);
        const found = assertOk(result, tool);
        assert.ok(!JSON.stringify(result).includes(MARKER), `${tool} leaks state content`);
        assert.ok(
          !JSON.stringify(result).includes(`${layout.dataDir}${path.sep}`),
          `${tool} names a file in the data dir: ${found.slice(0, 500)}`,
        );
        assert.match(found, /belonging to Airlock itself not shown/, tool);
      }
    });

    it('refuses writing, editing, creating, moving and deleting anything in the data dir', async () => {
      for (const spelled of spellings(layout, 'config.json')) {
        await refused('write_file', {
          path: spelled,
          content: '{"workspaces":[{"path":"/","access":"write"}]}',
        });
        await refused('edit_file', {
          path: spelled,
          edits: [{ oldText: 'dark', newText: 'light' }],
        });
        await refused('move_file', { source: spelled, destination: 'Documents/stolen.json' });
        await refused('delete_file', { path: spelled });
      }
      for (const spelled of spellings(layout, 'planted.json'))
        await refused('write_file', { path: spelled, content: 'x' });
      for (const spelled of spellings(layout, 'audit/audit.jsonl')) {
        await refused('write_file', { path: spelled, content: '' });
        await refused('delete_file', { path: spelled });
      }
      for (const spelled of [...spellings(layout, 'audit'), ...spellings(layout, 'history')]) {
        await refused('delete_file', { path: spelled, recursive: true });
        await refused('move_file', { source: spelled, destination: 'Documents/moved' });
      }
      for (const spelled of spellings(layout, 'new-folder'))
        await refused('create_directory', { path: spelled });
      await refused('move_file', {
        source: 'Documents/notes.txt',
        destination: path.join(layout.dataDir, 'notes.txt'),
      });
      await refused('move_file', {
        source: 'Documents/notes.txt',
        destination: 'shortcut/notes.txt',
      });
      await assertStateUnchanged(layout.dataDir);
      assert.equal(
        await readFile(path.join(layout.home, 'Documents/notes.txt'), 'utf8'),
        'my notes\n',
      );
    });

    it('refuses moving or deleting a folder that holds the data dir', async () => {
      for (const folder of ['.config', layout.home + '/.config']) {
        await refused('delete_file', { path: folder, recursive: true }, /Airlock’s own data/);
        await refused(
          'move_file',
          { source: folder, destination: 'elsewhere' },
          /Airlock’s own data/,
        );
      }
      await assertStateUnchanged(layout.dataDir);
    });

    it('records each refusal as denied in the audit log it protects', async () => {
      const log = await readFile(path.join(layout.dataDir, 'audit', 'audit.jsonl'), 'utf8');
      const denied = log
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { outcome?: string; reason?: string })
        .filter((record) => record.reason?.startsWith('airlock_state'));
      assert.ok(denied.length > 50, `refusals recorded: ${denied.length}`);
      assert.ok(denied.every((record) => record.outcome === 'denied'));
    });
  });
}

describe("attack: the app's default data dir when the command line uses another", () => {
  let sandbox: Sandbox;
  let client: ConnectedClient;
  let appDataDir: string;

  before(async () => {
    sandbox = await makeSandbox();
    appDataDir = path.join(sandbox.home, '.config', 'Airlock');
    await plantState(appDataDir);
    client = await connectClient('v2', {
      workspaces: [sandbox.home],
      dataDir: sandbox.dataDir,
      home: sandbox.home,
      allowWrite: true,
      extraArgs: [SHARE_HOME],
    });
  });
  after(async () => {
    await client?.close();
    await sandbox?.cleanup();
  });

  it('keeps the app’s data dir out of reach too', async () => {
    for (const name of Object.keys(STATE_FILES)) {
      const target = path.join(appDataDir, name);
      assertRefused(await client.call('read_text_file', { path: target }), [MARKER]);
      assertRefused(await client.call('write_file', { path: target, content: 'x' }), [MARKER]);
      assertRefused(await client.call('delete_file', { path: target }), [MARKER]);
    }
    const listing = assertOk(await client.call('list_directory', { path: '.config' }));
    assert.match(listing, /belonging to Airlock itself not shown/);
    await assertStateUnchanged(appDataDir);
  });
});

describe('attack: an audit log that --audit-log puts inside a shared folder', () => {
  let sandbox: Sandbox;
  let client: ConnectedClient;
  let logFile: string;

  before(async () => {
    sandbox = await makeSandbox();
    logFile = path.join(sandbox.ws, 'logs', 'audit.jsonl');
    await sandbox.file(sandbox.ws, 'logs/notes.txt', 'not a log\n');
    client = await connectClient('v2', {
      workspaces: [sandbox.ws],
      dataDir: sandbox.dataDir,
      home: sandbox.home,
      allowWrite: true,
      extraArgs: ['--audit-log', logFile],
    });
    // One call, so the log has records.
    await client.call('list_allowed_directories', {});
  });
  after(async () => {
    await client?.close();
    await sandbox?.cleanup();
  });

  it('refuses the log, its head and lock, and leaves them out of the folder listing', async () => {
    for (const name of ['audit.jsonl', 'audit.jsonl.head', 'audit.jsonl.lock']) {
      const target = path.join('logs', name);
      assertRefused(await client.call('read_text_file', { path: target }));
      assertRefused(await client.call('write_file', { path: target, content: '' }));
      assertRefused(await client.call('delete_file', { path: target }));
    }
    assertRefused(
      await client.call('write_file', {
        path: 'logs/audit-20260101T000000000Z.jsonl',
        content: '{}',
      }),
    );
    const listing = assertOk(await client.call('list_directory', { path: 'logs' }));
    assert.match(listing, /notes\.txt/);
    assert.doesNotMatch(listing, /audit\.jsonl/);
    assert.match(
      assertOk(await client.call('read_text_file', { path: 'logs/notes.txt' })),
      /not a log/,
    );
    assertRefused(await client.call('delete_file', { path: 'logs', recursive: true }));
    const log = await readFile(logFile, 'utf8');
    assert.ok(log.split('\n').length > 3, 'the log is still there, with its records');
    assert.match(textOf(await client.call('list_allowed_directories', {})), new RegExp(sandbox.ws));
  });
});
