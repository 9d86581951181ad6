// Choosing what waits for your OK, and reading back what was asked, end to end in
// Chromium: each folder's "Ask me first" in Folders, saved for that folder only; in
// Settings, whether files that can make programs run may be changed with your OK, and how
// long a call and its request wait, with their ranges; and in Activity, each request a real
// agent's call made and its answer told in a sentence, with a filter that shows only them.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { connectAgentThroughBridge } from './support/agent.ts';
import { seedDataDir, type SeededDataDir } from './support/data-dir.ts';
import { WindowSession } from './support/window-session.ts';

let session: WindowSession;
let seeded: SeededDataDir;
let taxes: string;
let notes: string;

before(async () => {
  seeded = await seedDataDir({
    name: 'askset',
    workspaces: { 'Taxes 2024': 'write', Notes: 'write', Photos: 'read' },
  });
  taxes = seeded.at('Taxes 2024');
  notes = seeded.at('Notes');
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
  workspaces: { path: string; askBefore?: string }[];
  approvals?: { waitSeconds?: number; pendingMinutes?: number };
  launchPoints?: { agentChanges?: string };
}

async function saved(): Promise<SavedSettings> {
  return JSON.parse(await readFile(seeded.configFile, 'utf8')) as SavedSettings;
}

function folderItem(folder: string) {
  return session.page
    .getByRole('list', { name: 'Folders the agent can use' })
    .getByRole('listitem', { name: folder, exact: true });
}

describe('"Ask me first" for each folder', () => {
  it('offers three plain choices for a folder agents may change, and saves one for that folder only', async () => {
    const { page } = session;
    const choice = folderItem(taxes).getByRole('combobox', { name: `Ask me first for ${taxes}` });
    // Saved before approvals existed: it asks before nothing, as it did.
    assert.equal(await choice.inputValue(), 'nothing');
    assert.deepEqual(await choice.locator('option').allInnerTexts(), [
      'Agents may change files without asking',
      'Ask me before deleting, moving or replacing a file',
      'Ask me before every change',
    ]);
    await choice.selectOption('every-change');
    await page
      .getByRole('status')
      .filter({ hasText: `Agents now ask you before every change in “${taxes}”.` })
      .waitFor();
    const workspaces = (await saved()).workspaces;
    assert.equal(workspaces.find((entry) => entry.path === taxes)?.askBefore, 'every-change');
    assert.equal(
      workspaces.find((entry) => entry.path === notes)?.askBefore ?? 'nothing',
      'nothing',
    );
    assert.equal(await choice.inputValue(), 'every-change');
  });

  it('has nothing to ask in a folder agents may only read', async () => {
    const photos = folderItem(seeded.at('Photos'));
    await photos.getByText('Nothing to ask: agents can only read here.').waitFor();
    assert.equal(await photos.getByRole('combobox', { name: /^Ask me first/ }).count(), 0);
    await session.assertAccessibleInBothThemes();
  });
});

describe('"Ask me first" in Settings', () => {
  function group() {
    return session.page.getByRole('region', { name: 'Ask me first', exact: true });
  }

  it('shows the launch-point choice (never, by default) and the two timings with their ranges', async () => {
    await session.openSection('Settings');
    const ask = group();
    await ask.getByText('Choose what each folder asks in Folders.', { exact: false }).waitFor();
    assert.equal(
      await ask.getByRole('radio', { name: /^Never let agents change them/ }).isChecked(),
      true,
    );
    assert.equal(
      await ask.getByLabel('How long an agent waits for your answer').inputValue(),
      '45',
    );
    assert.equal(await ask.getByLabel('How long a request waits here').inputValue(), '10');
    await ask.getByText('From 5 seconds to 55 seconds.', { exact: false }).waitFor();
    await ask.getByText('From 1 minute to 2 hours.', { exact: false }).waitFor();
    await session.assertAccessibleInBothThemes();
    await session.screenshots('settings-approvals', ask);
  });

  it('refuses a timing outside its range by the field, and saves nothing', async () => {
    const ask = group();
    await ask.getByLabel('How long an agent waits for your answer').fill('90');
    await ask.getByRole('button', { name: 'Save', exact: true }).click();
    await ask.getByText('That is too large. Choose from 5 seconds to 55 seconds.').waitFor();
    assert.equal((await saved()).approvals, undefined);
  });

  it('saves "Ask me each time" for files that can make programs run, and both timings', async () => {
    const ask = group();
    await ask.getByRole('radio', { name: /^Ask me each time/ }).check();
    await ask.getByLabel('How long an agent waits for your answer').fill('30');
    await ask.getByLabel('How long a request waits here').fill('20');
    await ask.getByRole('button', { name: 'Save', exact: true }).click();
    await ask.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const settings = await saved();
    assert.deepEqual(settings.approvals, { waitSeconds: 30, pendingMinutes: 20 });
    assert.equal(settings.launchPoints?.agentChanges, 'ask');
  });

  it('keeps "Ask me each time" when the protected files’ lists go back to their defaults', async () => {
    const { page } = session;
    const lists = page.getByRole('region', {
      name: 'Files agents may read but never change',
      exact: true,
    });
    await lists.getByRole('button', { name: 'Restore the defaults…' }).click();
    await page
      .getByRole('dialog', { name: 'Restore the defaults of the protected files?' })
      .getByRole('button', { name: 'Restore the defaults' })
      .click();
    await lists.getByRole('status').filter({ hasText: 'The defaults are back.' }).waitFor();
    assert.equal((await saved()).launchPoints?.agentChanges, 'ask');
    assert.equal(
      await group()
        .getByRole('radio', { name: /^Ask me each time/ })
        .isChecked(),
      true,
    );
  });
});

describe('approvals in Activity', () => {
  /** Waits for the list to show a query newer than the one shown now. */
  async function newQuery(page: Page, action: () => Promise<unknown>): Promise<void> {
    const shown = () =>
      page.evaluate(() => {
        const results = document.querySelector('.activity-results');
        return {
          id: Number(results?.getAttribute('data-query-id')),
          busy: results?.getAttribute('aria-busy'),
        };
      });
    const before = (await shown()).id;
    await action();
    await page.waitForFunction((previous) => {
      const results = document.querySelector('.activity-results');
      return (
        Number(results?.getAttribute('data-query-id')) > previous &&
        results?.getAttribute('aria-busy') === 'false'
      );
    }, before);
  }

  it('tells each request and its answer in a sentence, and filters them from the rest', async () => {
    const { page } = session;
    await writeFile(path.join(taxes, 'report.pdf'), '%PDF-1.4\n');
    await writeFile(path.join(taxes, 'budget.txt'), 'food 300\n');
    // Taxes 2024 asks before every change now: the agent connects after that choice, which
    // restarted the servers.
    const claude = await connectAgentThroughBridge(seeded.dataDir, {
      name: 'Claude Desktop',
      version: '0.14.2',
    });
    try {
      // Allowed once, then denied, as the person answers them in the window.
      for (const [tool, args, button, refused] of [
        ['delete_file', { path: path.join(taxes, 'report.pdf') }, 'Allow once', false],
        [
          'edit_file',
          {
            path: path.join(taxes, 'budget.txt'),
            edits: [{ oldText: 'food 300', newText: 'food 450' }],
          },
          'Deny',
          true,
        ],
      ] as const) {
        const call = claude.answer(tool, args);
        const dialog = page.getByRole('dialog', { name: /asks to/ });
        await dialog.getByRole('button', { name: button, exact: true }).click();
        assert.equal((await call).refused, refused);
        await dialog.waitFor({ state: 'hidden' });
      }
    } finally {
      await claude.close();
    }
    await session.openSection('Activity');
    await newQuery(page, () =>
      page.getByRole('combobox', { name: 'Kind' }).selectOption('approval'),
    );
    const rows = page
      .getByRole('listbox', { name: 'Activity records, newest first' })
      .getByRole('option');
    const texts = (await rows.allInnerTexts()).map((text) => text.replace(/\s+/g, ' '));
    assert.equal(texts.length, 4, 'two requests, two answers, and nothing else');
    for (const sentence of [
      'Claude Desktop asked to delete report.pdf in Taxes 2024 — you were asked',
      'Claude Desktop asked to delete report.pdf in Taxes 2024 — you allowed it once',
      'Claude Desktop asked to edit budget.txt in Taxes 2024 — you were asked',
      'Claude Desktop asked to edit budget.txt in Taxes 2024 — you denied it',
    ])
      assert.ok(
        texts.some((text) => text.includes(sentence)),
        `a row says "${sentence}"`,
      );

    await rows.filter({ hasText: 'you allowed it once' }).click();
    const details = page.getByRole('region', { name: /^Record [\d,]+: Claude Desktop asked/ });
    await details.getByText('Allowed once').waitFor();
    await details.getByText('delete report.pdf', { exact: true }).waitFor();
    // The request changed nothing itself: only the call's own record offers an undo.
    assert.equal(await details.getByRole('heading', { name: 'Undo' }).count(), 0);
    await session.assertAccessibleInBothThemes();
    await session.screenshots('activity-approvals');
    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached' });
    session.assertNoPageProblems();
  });
});
