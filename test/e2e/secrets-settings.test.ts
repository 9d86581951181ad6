// Secrets inside files, as the person chooses and reads them, end to end in Chromium: each
// folder's "Hide passwords and keys inside files from agents" (on by default, explained,
// saved for that folder only and still so after the window reloads); in Settings, the
// random-looking values switch (off by default, with its trade-off) and the file names whose
// secrets are not hidden, checked before they join the list and saved without touching any
// other setting; and in Activity, how many values a real read hid from the agent, by kind.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Locator } from 'playwright-core';
import { connectAgent } from './support/agent.ts';
import { seedDataDir, type SeededDataDir } from './support/data-dir.ts';
import { WindowSession } from './support/window-session.ts';

let session: WindowSession;
let seeded: SeededDataDir;
let taxes: string;
let notes: string;

const SWITCH = 'Hide passwords and keys inside files from agents';
const GROUP = 'Secrets inside files';
const EXEMPT_LIST = 'Files whose secrets are not hidden';
/** Made-up values in the shapes Airlock recognizes: a cloud key and a password in a link. */
const AWS_SECRET = 'wJalrXUtnFEMIK7MDENGbPxRfiCYzEXAMPLEKEY1';
const DB_PASSWORD = 'Tr0ub4dor-3-horse';

before(async () => {
  seeded = await seedDataDir({
    name: 'secrets',
    workspaces: { 'Taxes 2024': 'write', Notes: 'read' },
  });
  taxes = seeded.at('Taxes 2024');
  notes = seeded.at('Notes');
  await writeFile(
    seeded.at('Taxes 2024', 'settings.yaml'),
    `region: eu-west-1\naws_secret_access_key: ${AWS_SECRET}\n` +
      `database: postgres://taxes:${DB_PASSWORD}@db.internal:5432/ledger\nretries: 3\n`,
  );
  session = await WindowSession.open({
    dataDir: seeded.dataDir,
    viewport: { width: 1100, height: 900 },
  });
  await session.page.getByRole('heading', { name: 'Folders the agent can use' }).waitFor();
});

after(async () => {
  await session?.close();
  await seeded?.remove();
});

interface SavedSettings {
  workspaces: { path: string; maskSecrets?: boolean; askBefore?: string }[];
  secrets?: { entropy?: boolean; exempt?: string[] };
  guard?: unknown;
  app?: unknown;
}

async function saved(): Promise<SavedSettings> {
  return JSON.parse(await readFile(seeded.configFile, 'utf8')) as SavedSettings;
}

/** Whether the saved settings hide the secrets in `folder`: on unless saved as off. */
async function savedMasking(folder: string): Promise<boolean> {
  const entry = (await saved()).workspaces.find((workspace) => workspace.path === folder);
  assert.ok(entry, `${folder} is still shared`);
  return entry.maskSecrets ?? true;
}

function folderItem(folder: string): Locator {
  return session.page
    .getByRole('list', { name: 'Folders the agent can use' })
    .getByRole('listitem', { name: folder, exact: true });
}

function folderSwitch(folder: string): Locator {
  return folderItem(folder).getByRole('checkbox', { name: `${SWITCH} in ${folder}` });
}

function group(): Locator {
  return session.page.getByRole('region', { name: GROUP, exact: true });
}

describe('hiding the passwords and keys inside a folder’s files', () => {
  it('is on by default in every folder, and says what it does and what it cannot catch', async () => {
    for (const folder of [taxes, notes]) assert.equal(await folderSwitch(folder).isChecked(), true);
    const item = folderItem(taxes);
    await item
      .getByText('Agents see a placeholder instead of each key, token or web-address password', {
        exact: false,
      })
      .waitFor();
    await item.getByText('Airlock puts the real value back', { exact: false }).waitFor();
    await item.getByText('is not recognized', { exact: false }).waitFor();
    // The help is the switch's description, so a screen reader hears it with the switch.
    const described = await folderSwitch(taxes).evaluate(
      (input) => document.getElementById(input.getAttribute('aria-describedby') ?? '')?.textContent,
    );
    assert.match(described ?? '', /puts the real value back/);
    await session.assertAccessibleInBothThemes();
    await session.screenshots('secrets-folder', item);
  });

  it('turns off for one folder only, says so plainly, and stays off after the window reloads', async () => {
    const { page } = session;
    await folderSwitch(notes).uncheck();
    await page
      .getByRole('status')
      .filter({ hasText: `Agents can now read the passwords and keys inside files in “${notes}”.` })
      .waitFor();
    assert.equal(await savedMasking(notes), false);
    assert.equal(await savedMasking(taxes), true);
    await folderItem(notes)
      .getByText('Off: agents read the passwords and keys inside these files as they are.')
      .waitFor();

    await page.reload();
    await page.getByRole('heading', { name: 'Folders the agent can use' }).waitFor();
    assert.equal(await folderSwitch(notes).isChecked(), false);
    assert.equal(await folderSwitch(taxes).isChecked(), true);
    assert.equal((await session.harness.status()).workspaces[1]?.maskSecrets, false);
    await session.assertAccessibleInBothThemes();
    await session.screenshots('secrets-folder-off', folderItem(notes));

    await folderSwitch(notes).check();
    await page
      .getByRole('status')
      .filter({ hasText: `Agents now see placeholders instead of the passwords and keys` })
      .waitFor();
    assert.equal(await savedMasking(notes), true);
  });
});

describe('"Secrets inside files" in Settings', () => {
  it('shows random-looking values off and no file names by default, with the trade-off in plain words', async () => {
    await session.openSection('Settings');
    const secrets = group();
    await secrets
      .getByText('Turn it on or off for each folder in Folders.', { exact: false })
      .waitFor();
    const entropy = secrets.getByRole('checkbox', {
      name: /^Also hide random-looking values saved under a secret’s name/,
    });
    assert.equal(await entropy.isChecked(), false);
    await secrets.getByText('Catches more', { exact: false }).waitFor();
    await secrets
      .getByText('may also hide harmless text that looks random', { exact: false })
      .waitFor();
    const exempt = secrets.getByRole('group', { name: EXEMPT_LIST });
    await exempt.getByText('None.').waitFor();
    await exempt.getByText('*.example matches settings.example', { exact: false }).waitFor();
    await session.assertAccessibleInBothThemes();
    await session.screenshots('settings-secrets', secrets);
  });

  it('refuses an empty name, a folder, a name of only * and one listed already, each with a clear message', async () => {
    const secrets = group();
    const field = secrets.getByRole('textbox', { name: 'Add a file name' });
    const add = secrets.getByRole('button', { name: 'Add', exact: true });
    const refusals: [typed: string, message: string][] = [
      ['', 'Type a file name first, such as *.example.'],
      ['   ', 'Type a file name first, such as *.example.'],
      [
        'config/*.example',
        'Write a file name without its folder, such as *.example: it counts in every folder.',
      ],
      [
        '**',
        'A name of only * would show the secrets of every file. To stop hiding them in one folder, turn it off for that folder in Folders.',
      ],
    ];
    for (const [typed, message] of refusals) {
      await field.fill(typed);
      await add.click();
      await secrets.getByText(message, { exact: true }).waitFor();
      assert.equal(await field.getAttribute('aria-invalid'), 'true', `"${typed}" is marked`);
    }
    await field.fill('*.example');
    await add.click();
    await field.fill('*.example');
    await field.press('Enter');
    await secrets.getByText('*.example is in the list already.', { exact: true }).waitFor();
    const listed = secrets.getByRole('list', { name: EXEMPT_LIST }).getByRole('listitem');
    assert.deepEqual(await listed.allInnerTexts(), ['*.example\n×']);
    // Nothing is saved until the group's Save.
    assert.equal((await saved()).secrets, undefined);
    await session.assertAccessibleInBothThemes();
  });

  it('saves random-looking values and the file names, and nothing else of the settings', async () => {
    const { page } = session;
    const secrets = group();
    // A folder whose switch is off must stay off when this group saves.
    await session.openSection('Folders');
    await folderSwitch(notes).uncheck();
    await page.getByRole('status').filter({ hasText: 'Agents can now read' }).waitFor();
    await session.openSection('Settings');
    const before = await saved();
    await secrets.getByRole('checkbox', { name: /^Also hide random-looking values/ }).check();
    const field = secrets.getByRole('textbox', { name: 'Add a file name' });
    for (const name of ['*.example', 'sample-*.env']) {
      await field.fill(name);
      await field.press('Enter');
    }
    await secrets.getByRole('button', { name: 'Save', exact: true }).click();
    await secrets.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const after = await saved();
    assert.deepEqual(after.secrets, { entropy: true, exempt: ['*.example', 'sample-*.env'] });
    // The folders' own switches, and every other group, are as they were.
    assert.deepEqual(after.workspaces, before.workspaces);
    assert.equal(await savedMasking(notes), false);
    assert.deepEqual(after.guard, before.guard);
    assert.deepEqual(after.app, before.app);

    await page.reload();
    await session.openSection('Settings');
    assert.equal(
      await group()
        .getByRole('checkbox', { name: /^Also hide random-looking values/ })
        .isChecked(),
      true,
    );
    const list = group().getByRole('list', { name: EXEMPT_LIST });
    assert.deepEqual(
      (await list.getByRole('listitem').allInnerTexts()).map((text) => text.split('\n')[0]),
      ['*.example', 'sample-*.env'],
    );
    await group().getByRole('button', { name: 'Remove sample-*.env' }).click();
    await group().getByRole('button', { name: 'Save', exact: true }).click();
    await group().getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    assert.deepEqual((await saved()).secrets, { entropy: true, exempt: ['*.example'] });
    session.assertNoPageProblems();
  });
});

describe('secrets hidden from the agent, in Activity', () => {
  /** Opens the details of the newest record whose row says `what` about settings.yaml. */
  async function openRecord(what: string): Promise<Locator> {
    const { page } = session;
    await session.openSection('Folders');
    await session.openSection('Activity');
    await page
      .getByRole('listbox', { name: 'Activity records, newest first' })
      .getByRole('option')
      .filter({ hasText: what })
      .filter({ hasText: 'settings.yaml' })
      .first()
      .click();
    const details = page.getByRole('region', { name: new RegExp(`^Record [\\d,]+: ${what}$`) });
    await details.waitFor();
    return details;
  }

  async function assertNoRawDetails(fields: string): Promise<void> {
    for (const raw of ['secretsHidden', 'secretsRestored', 'byKind', AWS_SECRET, DB_PASSWORD])
      assert.ok(!fields.includes(raw), `the details show "${raw}"`);
  }

  it('says how many values a real read hid, and of which kinds, and how many its edit put back', async () => {
    const file = seeded.at('Taxes 2024', 'settings.yaml');
    const agent = await connectAgent(session.harness, {
      name: 'Claude Desktop',
      version: '0.14.2',
      workspaces: [taxes],
    });
    try {
      const read = await agent.answer('read_text_file', { path: file });
      assert.ok(!read.refused, read.text);
      assert.ok(!read.text.includes(AWS_SECRET) && !read.text.includes(DB_PASSWORD), read.text);
      const placeholder = /\[secret hidden by Airlock: AWS secret key #1 [^\]]*\]/.exec(read.text);
      assert.ok(placeholder, `the agent sees a placeholder: ${read.text}`);
      // The agent changes the line the key is on, keeping its placeholder as it was shown.
      await agent.call('edit_file', {
        path: file,
        edits: [
          {
            oldText: `aws_secret_access_key: ${placeholder[0]}`,
            newText: `aws_secret_access_key: ${placeholder[0]} # production`,
          },
        ],
      });
    } finally {
      await agent.close();
    }
    assert.match(
      await readFile(file, 'utf8'),
      new RegExp(`aws_secret_access_key: ${AWS_SECRET} # production\n`),
    );

    const read = await openRecord('Read a file');
    const readFields = await read.locator('.record-fields').innerText();
    assert.match(
      readFields,
      /Hidden from the agent\s+2 values \(AWS secret key, password in a link\)/,
    );
    await assertNoRawDetails(readFields);
    await session.assertAccessibleInBothThemes();
    await session.screenshots('secrets-activity', read);

    const edit = await openRecord('Edited a file');
    const editFields = await edit.locator('.record-fields').innerText();
    // The edit wrote the whole file back from the masked view: both values were put back.
    assert.match(editFields, /Put back when writing\s+2 values\n/, editFields);
    await assertNoRawDetails(editFields);
    session.assertNoPageProblems();
  });
});
