// The Connections page, end to end: the built renderer in Debian's headless Chromium, the
// real main-process handlers and core behind it (scripts/ui-harness.ts), and a fixture
// home (--home) where the apps' settings files live, so nothing outside the test's
// sandbox is read or written. Links opened, files shown and text copied are recorded by
// the harness instead of done.
import assert from 'node:assert/strict';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { configValue } from '../../main/core/connect/merge-config.ts';
import { freePort } from '../helpers/free-port.ts';
import { connectV2, resultText } from '../helpers/http-clients.ts';
import { ROOT } from './support/harness-process.ts';
import { seedDataDir, type SeededDataDir } from './support/data-dir.ts';
import { WindowSession } from './support/window-session.ts';

let session: WindowSession;
let seeded: SeededDataDir;
let home: string;
let notes: string;
let reading: string;
let port: number;

const VSCODE_BEFORE = `{
  // GitHub, added by hand
  "servers": { "github": { "type": "http", "url": "https://example.invalid/mcp" } },
  "inputs": [{ "id": "gh-token", "type": "promptString", "password": true }],
}
`;
const CURSOR_BEFORE = '{ "mcpServers": { "notes": { "command": "/usr/bin/notes-server" } } }\n';

const files = () => ({
  vscode: path.join(home, '.config', 'Code', 'User', 'mcp.json'),
  cursor: path.join(home, '.cursor', 'mcp.json'),
  claudeDesktop: path.join(home, '.config', 'Claude', 'claude_desktop_config.json'),
});

before(async () => {
  port = await freePort();
  // VS Code and Cursor have settings already; Claude Desktop only its folder.
  seeded = await seedDataDir({
    name: 'conn',
    workspaces: { 'Project notes': 'write', 'Reading list': 'read' },
    folders: ['home/.config/Code/User', 'home/.cursor', 'home/.config/Claude'],
    settings: { http: { port } },
  });
  home = seeded.at('home');
  notes = seeded.at('Project notes');
  reading = seeded.at('Reading list');
  await writeFile(files().vscode, VSCODE_BEFORE);
  await writeFile(files().cursor, CURSOR_BEFORE);
  session = await WindowSession.open({ dataDir: seeded.dataDir, args: ['--home', home] });
  await session.openSection('Connections');
});

after(async () => {
  await session?.close();
  await seeded?.remove();
});

const card = (name: string) =>
  session.page
    .getByRole('list', { name: 'Apps', exact: true })
    .getByRole('listitem')
    .filter({
      has: session.page.getByRole('heading', { name, exact: true }),
    });

/** Saves a settings file as apps do: a new file renamed over the old one. */
async function replaceFile(file: string, value: unknown): Promise<void> {
  await writeFile(`${file}.saving`, JSON.stringify(value, null, 2));
  await rename(`${file}.saving`, file);
}

async function eventuallyEqual<T>(read: () => Promise<T>, expected: T): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const value = await read();
    try {
      return assert.deepEqual(value, expected);
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function backupsOf(file: string): Promise<string[]> {
  const names = await readdir(path.dirname(file));
  return names.filter((name) => name.startsWith(`${path.basename(file)}.airlock-backup-`));
}

describe('the Connections page', () => {
  it('lists each app as found or not, and not yet connected', async () => {
    const { page } = session;
    const apps = page.getByRole('list', { name: 'Apps', exact: true });
    await apps.getByRole('heading', { name: 'VS Code' }).waitFor();
    assert.deepEqual(await apps.getByRole('heading', { level: 3 }).allTextContents(), [
      'Claude Desktop',
      'Cursor',
      'VS Code',
      'Windsurf',
      'Claude Code',
    ]);
    await card('VS Code').getByText('Not connected', { exact: true }).waitFor();
    await card('Windsurf').getByText('Not found on this computer', { exact: true }).waitFor();
    assert.equal(
      await card('Windsurf').getByRole('button', { name: 'Connect Windsurf' }).isDisabled(),
      true,
    );
    assert.ok((await card('VS Code').textContent())?.includes(files().vscode));
    await session.assertAccessibleInBothThemes();
    await session.screenshots('connections');
  });

  it('connects VS Code over HTTP with a key for the folders chosen, merged into its settings', async () => {
    const { page, harness } = session;
    const vscode = card('VS Code');
    await vscode.getByRole('button', { name: 'Connect VS Code' }).click();
    const form = page.getByRole('form', { name: 'Connect VS Code' });
    const reachable = form.getByRole('group', { name: 'Folders VS Code can use' });
    const notesBox = reachable.getByRole('checkbox', { name: 'Project notes' });
    const readingBox = reachable.getByRole('checkbox', { name: 'Reading list' });
    // The key reaches what is ticked, so nothing is ticked at first.
    assert.equal(await notesBox.isChecked(), false);
    assert.equal(await readingBox.isChecked(), false);
    await form.getByRole('button', { name: 'Add Airlock to VS Code' }).click();
    const noneChosen = form
      .getByRole('alert')
      .filter({ hasText: 'Tick at least one folder: the key for VS Code reaches only' });
    await noneChosen.waitFor();
    assert.equal(await notesBox.evaluate((box) => box === document.activeElement), true);
    assert.equal(await readFile(files().vscode, 'utf8'), VSCODE_BEFORE, 'nothing written');
    const none = await harness.invoke('listKeys');
    assert.ok(none.ok);
    assert.equal(none.data.filter((key) => key.madeFor === 'vscode').length, 0, 'no key made');
    await session.assertAccessibleInBothThemes();
    await session.screenshots('connections-no-folder');

    await notesBox.check();
    await noneChosen.waitFor({ state: 'detached' });
    await form.getByRole('radio', { name: 'Can read and change' }).check();
    await session.assertAccessibleInBothThemes();
    await session.screenshots('connections-choose-folders');
    await form.getByRole('button', { name: 'Add Airlock to VS Code' }).click();

    const outcome = vscode.getByRole('status').filter({ hasText: 'Added Airlock to VS Code' });
    await outcome.waitFor();
    assert.match(
      (await outcome.textContent()) ?? '',
      /^Added Airlock to VS Code\. A backup of your old settings is at .+mcp\.json\.airlock-backup-\d{8}T\d{6}Z\./,
    );
    await vscode.getByText('Connected', { exact: true }).waitFor();
    const secret = await vscode.getByRole('textbox', { name: 'The key for VS Code' }).inputValue();
    assert.match(secret, /^alk_[A-Za-z0-9_-]{43}$/);

    // The file: VS Code's own server, input and comment kept; ours added; a backup made.
    const text = await readFile(files().vscode, 'utf8');
    assert.ok(text.includes('// GitHub, added by hand'));
    assert.equal(text.includes(secret), false, 'VS Code keeps the key itself');
    const value = configValue(text);
    assert.deepEqual(Object.keys(value.servers as object), ['github', 'airlock']);
    assert.deepEqual(
      (value.inputs as { id: string }[]).map((input) => input.id),
      ['gh-token', 'airlock-key'],
    );
    const backups = await backupsOf(files().vscode);
    assert.equal(backups.length, 1);
    assert.equal(
      await readFile(path.join(path.dirname(files().vscode), backups[0] ?? ''), 'utf8'),
      VSCODE_BEFORE,
    );

    // The key: listed on the Keys page's channel, for the one folder, and it works.
    const keys = await harness.invoke('listKeys');
    assert.ok(keys.ok);
    const key = keys.data.find((candidate) => candidate.name === 'vscode');
    assert.deepEqual(key?.workspaces, [notes]);
    assert.equal(key?.access, 'write');
    // HTTP starts listening once the first key is made, a moment after it.
    assert.equal(await harness.httpAddress(), `http://127.0.0.1:${port}/mcp`);
    const client = await connectV2(`http://127.0.0.1:${port}/mcp`, secret);
    try {
      const reached = resultText(
        await client.callTool({ name: 'list_allowed_directories', arguments: {} }),
      );
      assert.ok(reached.includes(notes) && !reached.includes(reading), reached);
    } finally {
      await client.close();
    }
    await session.assertAccessibleInBothThemes();
    await session.screenshots('connections-connected');
    await vscode.getByRole('button', { name: 'Done with the key' }).click();
    assert.equal(await vscode.getByRole('textbox', { name: 'The key for VS Code' }).count(), 0);
    // The watch sees Airlock's own write too, a moment later; the outcome stays.
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(await outcome.count(), 1, 'the outcome of the connect stays');
  });

  it('connects Claude Desktop by keyboard: its entry starts the bridge', async () => {
    const { page } = session;
    const desktop = card('Claude Desktop');
    await desktop.getByRole('button', { name: 'Connect Claude Desktop' }).focus();
    await page.keyboard.press('Enter');
    const outcome = desktop.getByRole('status').filter({ hasText: 'Added Airlock to Claude' });
    await outcome.waitFor();
    assert.match((await outcome.textContent()) ?? '', /Restart Claude Desktop to finish\.$/);
    // The focus moves to the outcome, in the same card, where a screen reader reads it.
    const focused = await page.evaluate(() => {
      const active = document.activeElement;
      return {
        outcome: active?.classList.contains('client-outcome') ?? false,
        card: active?.closest('li')?.querySelector('h3')?.textContent,
      };
    });
    assert.deepEqual(focused, { outcome: true, card: 'Claude Desktop' });
    const servers = configValue(await readFile(files().claudeDesktop, 'utf8')).mcpServers as {
      airlock: { command: string; args: string[] };
    };
    assert.equal(path.isAbsolute(servers.airlock.command), true);
    assert.deepEqual(servers.airlock.args.slice(0, 3), [
      path.join(ROOT, 'dist', 'bridge', 'airlock-bridge.js'),
      '--client',
      'claude-desktop',
    ]);
    await desktop.getByText('Connected', { exact: true }).waitFor();
  });

  it('removes Claude Desktop after asking, taking out only our entry', async () => {
    const { page } = session;
    const desktop = card('Claude Desktop');
    const remove = desktop.getByRole('button', { name: 'Remove Airlock from Claude Desktop' });
    await remove.click();
    const dialog = page.getByRole('dialog', { name: 'Remove Airlock from Claude Desktop?' });
    await dialog.waitFor();
    await session.assertAccessibleInBothThemes();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.ok((await readFile(files().claudeDesktop, 'utf8')).includes('airlock'));

    await remove.click();
    await dialog.getByRole('button', { name: 'Remove' }).click();
    const outcome = desktop.getByRole('status').filter({ hasText: 'Removed Airlock from' });
    await outcome.waitFor();
    assert.deepEqual(configValue(await readFile(files().claudeDesktop, 'utf8')), {
      mcpServers: {},
    });
    await desktop.getByText('Not connected', { exact: true }).waitFor();
  });

  it('notices while open that Claude Desktop dropped Airlock, and Repair adds it back with a backup', async () => {
    const { page, harness } = session;
    const desktop = card('Claude Desktop');
    const file = files().claudeDesktop;
    // The section watches every app's settings while it is open.
    assert.ok((await harness.watchedFiles()).includes(file));
    await desktop.getByRole('button', { name: 'Connect Claude Desktop' }).click();
    await desktop.getByText('Connected', { exact: true }).waitFor();
    const added = desktop.getByRole('status').filter({ hasText: 'Added Airlock to Claude' });
    await added.waitFor();
    // The watch sees Airlock's own write too; that changes nothing on the page.
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(await added.count(), 1, 'the outcome of the connect stays');

    // Claude Desktop saves its settings without Airlock's entry, as it is known to do.
    await replaceFile(file, { globalShortcut: 'Alt+Space' });
    const gone = desktop.getByText(
      'Claude Desktop no longer lists Airlock. It may have rewritten its settings. Repair adds Airlock back, keeping a backup of the file.',
    );
    await gone.waitFor();
    await desktop.getByText('Airlock was taken out', { exact: true }).waitFor();
    assert.equal(await added.count(), 0, 'what the window did last no longer holds');
    await session.assertAccessibleInBothThemes();
    await session.screenshots('connections-gone');

    const backups = (await backupsOf(file)).length;
    await desktop.getByRole('button', { name: 'Repair Claude Desktop' }).click();
    const outcome = desktop
      .getByRole('status')
      .filter({ hasText: "Put Airlock's entry back into Claude Desktop's settings." });
    await outcome.waitFor();
    assert.match((await outcome.textContent()) ?? '', /A backup of your old settings is at /);
    await desktop.getByText('Connected', { exact: true }).waitFor();
    assert.equal(await gone.count(), 0);
    assert.equal((await backupsOf(file)).length, backups + 1);
    const value = configValue(await readFile(file, 'utf8'));
    assert.equal(value.globalShortcut, 'Alt+Space', "the app's own settings are kept");
    assert.ok((value.mcpServers as Record<string, unknown>).airlock);

    // Someone else edits the entry: the card says so.
    const edited = value as { mcpServers: { airlock: { args: string[] } } };
    edited.mcpServers.airlock.args = ['/somewhere/else.js'];
    await replaceFile(file, edited);
    await desktop.getByText('Changed by someone else', { exact: true }).waitFor();
    await desktop
      .getByText(/^Someone else has changed Airlock’s entry in Claude Desktop’s/)
      .waitFor();

    // Away from the section nothing is watched; coming back checks again.
    await session.openSection('Keys');
    await eventuallyEqual(() => harness.watchedFiles(), []);
    await replaceFile(file, { globalShortcut: 'Alt+Space' });
    await session.openSection('Connections');
    await card('Claude Desktop').getByText('Airlock was taken out', { exact: true }).waitFor();
    assert.ok((await harness.watchedFiles()).includes(file));

    // Removing it says it stops offering to add Airlock back, and leaves "Not connected".
    await card('Claude Desktop')
      .getByRole('button', { name: 'Remove Airlock from Claude Desktop' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Remove Airlock from Claude Desktop?' });
    await dialog
      .getByText(/no longer lists Airlock; Airlock stops offering to add it back/)
      .waitFor();
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await card('Claude Desktop').getByText('Not connected', { exact: true }).waitFor();
  });

  it("does not offer Cursor's install link on Linux; Connect writes Cursor's file instead", async () => {
    const { page, harness } = session;
    const cursor = card('Cursor');
    await cursor.getByRole('button', { name: 'Connect Cursor' }).click();
    const form = page.getByRole('form', { name: 'Connect Cursor' });
    await form.getByRole('button', { name: 'Add Airlock to Cursor' }).waitFor();
    // The link would carry the key on command lines every user of the computer can read.
    assert.equal(await form.getByRole('button', { name: 'Open in Cursor instead' }).count(), 0);
    const refused = await harness.invoke('openCursorInstallLink', {
      workspaces: [notes],
      access: 'read',
    });
    assert.equal(refused.ok, false);
    assert.equal(
      (await harness.desktopCalls()).some((call) => call.action === 'openExternal'),
      false,
    );

    await form
      .getByRole('group', { name: 'Folders Cursor can use' })
      .getByRole('checkbox', { name: 'Reading list' })
      .check();
    await form.getByRole('button', { name: 'Add Airlock to Cursor' }).click();
    await cursor.getByRole('status').filter({ hasText: 'Added Airlock to Cursor' }).waitFor();
    const servers = configValue(await readFile(files().cursor, 'utf8')).mcpServers as {
      airlock: { url: string; headers: { Authorization: string } };
    };
    assert.equal(servers.airlock.url, `http://127.0.0.1:${port}/mcp`);
    assert.match(servers.airlock.headers.Authorization, /^Bearer alk_/);
    const keys = await harness.invoke('listKeys');
    assert.ok(keys.ok);
    assert.deepEqual(
      keys.data
        .filter((key) => key.madeFor === 'cursor')
        .map((key) => ({ name: key.name, workspaces: key.workspaces })),
      [{ name: 'cursor', workspaces: [reading] }],
    );
    await cursor.getByText('Connected', { exact: true }).waitFor();
  });

  it('offers the Claude Desktop extension, opened or shown by the system', async () => {
    const { harness } = session;
    const desktop = card('Claude Desktop');
    await desktop.getByRole('button', { name: 'Install the extension' }).click();
    await desktop
      .getByRole('status')
      .filter({ hasText: 'install the Airlock extension' })
      .waitFor();
    await desktop.getByRole('button', { name: 'Show the extension file' }).click();
    await desktop.getByRole('status').filter({ hasText: 'The extension is' }).waitFor();
    const calls = (await harness.desktopCalls()).slice(-2);
    const extension = path.join(ROOT, 'dist', 'airlock.mcpb');
    assert.deepEqual(calls, [
      { action: 'openPath', target: extension },
      { action: 'showItemInFolder', target: extension },
    ]);
  });

  it('gives the text for other apps and copies exactly what it shows', async () => {
    const { page, harness } = session;
    const other = page.getByRole('region', { name: 'Other apps' });
    const http = other
      .getByRole('group', { name: /^For apps that connect over HTTP/ })
      .locator('pre');
    await http.waitFor();
    const shown = (await http.textContent()) ?? '';
    await other
      .getByRole('button', { name: /^Copy the text: For apps that connect over HTTP/ })
      .click();
    await other.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
    const copied = (await harness.desktopCalls()).at(-1);
    assert.deepEqual(copied, { action: 'writeClipboard', target: shown });
    assert.match(shown, new RegExp(`"url": "http://127\\.0\\.0\\.1:${port}/mcp"`));

    await other.getByLabel('Show the text for').selectOption({ label: 'Claude Code' });
    await other.getByText(/^claude mcp add --transport http/).waitFor();
    await session.assertAccessibleInBothThemes();
    await session.screenshots('connections-other-apps');
  });

  it("says what is wrong with a settings file Airlock will not change, and won't connect", async () => {
    const { page } = session;
    await writeFile(files().cursor, '{ "mcpServers": { "notes": ');
    await session.openSection('Keys');
    await session.openSection('Connections');
    const cursor = card('Cursor');
    await cursor.getByText(/is not valid JSON/).waitFor();
    assert.ok((await cursor.textContent())?.includes(files().cursor));
    assert.equal(await cursor.getByRole('button', { name: 'Connect Cursor' }).isDisabled(), true);
    await page.getByRole('list', { name: 'Apps', exact: true }).waitFor();
    await session.assertAccessibleInBothThemes();
  });

  it('ran the whole time without a CSP violation or a page error', () => {
    session.assertNoPageProblems();
  });
});
