// The Folders section end to end: the list with each folder's permission, guard status and
// who can see it; adding a folder (pick, then confirm, with a warning for a risky one);
// widening the permission after a confirmation; removing after a confirmation. The built
// renderer runs in Chromium against the real main-process handlers (scripts/ui-harness.ts),
// whose home folder is one this test makes, so the risk warnings are judged against it.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { seedDataDir, type SeededDataDir } from './support/data-dir.ts';
import { WindowSession } from './support/window-session.ts';

let session: WindowSession;
let seeded: SeededDataDir;
let home: string;
let notes: string;
let recipes: string;

before(async () => {
  seeded = await seedDataDir({
    name: 'fold',
    workspaces: { 'home/Project notes': 'read' },
    folders: ['home/Recipes'],
  });
  home = seeded.at('home');
  notes = seeded.at('home', 'Project notes');
  recipes = seeded.at('home', 'Recipes');
  // A key made for the notes folder only, as `airlock keys create` leaves it in the list.
  await writeFile(
    path.join(seeded.dataDir, 'keys.json'),
    JSON.stringify([
      {
        name: 'Cursor',
        created: new Date().toISOString(),
        scope: { workspaces: [notes], access: 'read' },
      },
    ]),
    { mode: 0o600 },
  );
  session = await WindowSession.open({ dataDir: seeded.dataDir, args: ['--home', home] });
  await session.page.getByRole('heading', { name: 'Folders the agent can use' }).waitFor();
});

after(async () => {
  await session?.close();
  await seeded?.remove();
});

function folderItem(folder: string) {
  return session.page
    .getByRole('list', { name: 'Folders the agent can use' })
    .getByRole('listitem', { name: folder, exact: true });
}

async function sharedFolders(): Promise<[string, string][]> {
  const status = await session.harness.status();
  return status.workspaces.map((workspace) => [workspace.path, workspace.access]);
}

describe('the Folders section in Chromium, against the real main-process handlers', () => {
  it('shows each folder with its permission, the secret guard, and who can see it', async () => {
    const item = folderItem(notes);
    await item.getByText('Key “Cursor”: can read').waitFor();
    assert.equal(await item.getByLabel(`Permission for ${notes}`).inputValue(), 'read');
    await item.getByText('Apps connected on this computer').waitFor();
    await item.getByText(/^Secrets hidden: \.env files, private keys and \d+ more$/).waitFor();
  });

  it('adds a plain folder: pick, then choose what agents may do', async () => {
    const { page, harness } = session;
    await harness.setPickedFolder(recipes);
    await page.getByRole('button', { name: 'Add a folder…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Share this folder' });
    await dialog.getByText(recipes).waitFor();
    await dialog.getByRole('radio', { name: 'Read and change' }).check();
    await dialog.getByRole('button', { name: 'Share folder' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `“${recipes}” is shared.` })
      .waitFor();
    assert.equal(
      await folderItem(recipes).getByLabel(`Permission for ${recipes}`).inputValue(),
      'write',
    );
    assert.deepEqual(await sharedFolders(), [
      [notes, 'read'],
      [recipes, 'write'],
    ]);
    // The key was made for the notes only: it does not see the new folder.
    await folderItem(recipes).getByText('Apps connected on this computer').waitFor();
    assert.equal(await folderItem(recipes).getByText('Key “Cursor”').count(), 0);
  });

  it('says so when the folder picked is shared already, and adds nothing', async () => {
    const { page, harness } = session;
    await harness.setPickedFolder(recipes);
    await page.getByRole('button', { name: 'Add a folder…' }).click();
    await page.getByRole('alert').filter({ hasText: 'is already shared with agents' }).waitFor();
    assert.equal((await sharedFolders()).length, 2);
  });

  it('does nothing when the person cancels the picker', async () => {
    const { page, harness } = session;
    await harness.setPickedFolder(null);
    const answered = page.waitForResponse((response) =>
      response.url().includes('channel=pickNewWorkspace'),
    );
    await page.getByRole('button', { name: 'Add a folder…' }).click();
    await answered;
    await page.getByRole('button', { name: 'Add a folder…', disabled: false }).waitFor();
    assert.equal(await page.getByRole('dialog').count(), 0);
    assert.equal(await page.getByRole('alert').count(), 0);
  });

  it('warns before sharing the whole home folder, and shares nothing when told not to', async () => {
    const { page, harness } = session;
    await harness.setPickedFolder(home);
    await page.getByRole('button', { name: 'Add a folder…' }).click();
    const warning = page.getByRole('dialog', {
      name: 'This is your whole home folder. Share it anyway?',
    });
    await warning.getByText(/could read your documents, mail/).waitFor();
    await session.assertAccessibleInBothThemes();
    await session.screenshots('folders-risk');
    // Cancel has the focus first: Enter never shares a risky folder by accident.
    await page.keyboard.press('Enter');
    await warning.waitFor({ state: 'hidden' });
    assert.equal(await page.getByRole('dialog', { name: 'Share this folder' }).isVisible(), false);
    assert.equal((await sharedFolders()).length, 2);
  });

  it('shares the home folder once the risk is accepted, and keeps the warning in the list', async () => {
    const { page, harness } = session;
    await harness.setPickedFolder(home);
    await page.getByRole('button', { name: 'Add a folder…' }).click();
    await page.getByRole('button', { name: 'Share anyway' }).click();
    const dialog = page.getByRole('dialog', { name: 'Share this folder' });
    assert.equal(await dialog.getByRole('radio', { name: 'Read only' }).isChecked(), true);
    await dialog.getByRole('button', { name: 'Share folder' }).click();
    await folderItem(home).getByText('This is your whole home folder.', { exact: false }).waitFor();
    // The key made for the notes sees that part of the home folder, and no more.
    await folderItem(home).getByText('Key “Cursor”: can read one folder inside it').waitFor();
    assert.deepEqual((await sharedFolders()).at(-1), [home, 'read']);
  });

  it('is accessible in light and dark, and looks right', async () => {
    await folderItem(notes).getByText('Key “Cursor”: can read', { exact: true }).waitFor();
    await session.assertAccessibleInBothThemes();
    await session.screenshots('folders');
  });

  it('asks before letting agents change files, and changes nothing when cancelled', async () => {
    const { page } = session;
    const select = folderItem(notes).getByLabel(`Permission for ${notes}`);
    await select.selectOption('write');
    const dialog = page.getByRole('dialog', { name: 'Let agents change files here?' });
    await dialog.getByText('Agents will be able to create, edit', { exact: false }).waitFor();
    assert.equal(await dialog.getByText('whole home folder', { exact: false }).count(), 0);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await select.inputValue(), 'read');
    assert.deepEqual((await sharedFolders())[0], [notes, 'read']);

    await select.selectOption('write');
    await dialog.getByRole('button', { name: 'Allow changes' }).click();
    await page.getByRole('status').filter({ hasText: 'can now read and change files' }).waitFor();
    assert.equal(await select.inputValue(), 'write');
    assert.deepEqual((await sharedFolders())[0], [notes, 'write']);
  });

  it('narrows the permission back to reading at once, with no question', async () => {
    const { page } = session;
    const select = folderItem(notes).getByLabel(`Permission for ${notes}`);
    await select.selectOption('read');
    await page.getByRole('status').filter({ hasText: 'can now only read files' }).waitFor();
    assert.equal(await page.getByRole('dialog').count(), 0);
    assert.deepEqual((await sharedFolders())[0], [notes, 'read']);
  });

  it('repeats the risk when a risky folder would let agents change files', async () => {
    const { page } = session;
    const select = folderItem(home).getByLabel(`Permission for ${home}`);
    await select.selectOption('write');
    const dialog = page.getByRole('dialog', { name: 'Let agents change files here?' });
    await dialog.getByText('This is your whole home folder.', { exact: false }).waitFor();
    await dialog.getByText(/could read your documents, mail/).waitFor();
    await session.assertAccessibleInBothThemes();
    await session.screenshots('folders-widen-risky');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await select.inputValue(), 'read');
    assert.deepEqual((await sharedFolders()).at(-1), [home, 'read']);
  });

  it('asks before removing a folder, and keeps it when cancelled', async () => {
    const { page } = session;
    await folderItem(home)
      .getByRole('button', { name: `Remove ${home}` })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Stop sharing this folder?' });
    await dialog.getByText('Nothing in the folder is deleted.').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal((await sharedFolders()).length, 3);

    await folderItem(home)
      .getByRole('button', { name: `Remove ${home}` })
      .click();
    await dialog.getByRole('button', { name: 'Stop sharing' }).click();
    await folderItem(home).waitFor({ state: 'detached' });
    assert.deepEqual(
      (await sharedFolders()).map(([folder]) => folder),
      [notes, recipes],
    );
  });

  it('shows the secret guard switched off as a warning', async () => {
    const { harness } = session;
    const off = await harness.invoke('updateSettings', { guard: { enabled: false } });
    assert.equal(off.ok, true);
    await session.openSection('Settings');
    await session.openSection('Folders');
    await folderItem(notes)
      .getByText(/^Secret guard off: agents can read \.env files/)
      .waitFor();
    await session.assertAccessibleInBothThemes();
    assert.equal((await harness.invoke('updateSettings', { guard: { enabled: true } })).ok, true);
  });

  it('keeps a pause made elsewhere while a folder change was under way', async () => {
    const { page, harness } = session;
    const pausedText = page.getByText('Paused. Agents cannot use any folder until you resume.');
    // The window asks for the change while access runs; before main has the request, access
    // is paused from the tray and the window hears of it. Then main answers the window.
    await page.route(
      /\/__harness\/invoke\.js\?.*channel=setWorkspaceAccess/,
      async (route) => {
        assert.equal((await harness.invoke('setPaused', { paused: true })).ok, true);
        await pausedText.waitFor();
        await route.fulfill({ response: await route.fetch() });
      },
      { times: 1 },
    );
    await folderItem(recipes).getByLabel(`Permission for ${recipes}`).selectOption('read');
    await page
      .getByRole('status')
      .filter({ hasText: `Agents can now only read files in “${recipes}”.` })
      .waitFor();
    // The answer carried the folders only: the pause the window heard of meanwhile stays.
    assert.equal(await pausedText.isVisible(), true);
    await page.getByRole('button', { name: 'Resume access' }).waitFor();
    assert.deepEqual((await sharedFolders())[1], [recipes, 'read']);

    assert.equal((await harness.invoke('setPaused', { paused: false })).ok, true);
    await page.getByRole('button', { name: 'Pause all access' }).waitFor();
  });

  it('ran the whole time without a CSP violation or a page error', () => {
    session.assertNoPageProblems();
  });
});
