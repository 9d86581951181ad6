// Change history in Settings, end to end: what it holds on disk and its limits, after a real
// agent changed files through Airlock's tools; tighter limits asked first, then saved; and
// Empty history asked first, doing nothing when told not to, and emptying it, with the
// files left as they are, when told yes.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Locator } from 'playwright-core';
import { connectAgent } from './support/agent.ts';
import { seedDataDir, type SeededDataDir } from './support/data-dir.ts';
import { WindowSession } from './support/window-session.ts';

let session: WindowSession;
let seeded: SeededDataDir;

before(async () => {
  seeded = await seedDataDir({ name: 'hist', workspaces: { Notes: 'write' } });
  const notes = seeded.at('Notes');
  await writeFile(seeded.at('Notes', 'plan.md'), 'x'.repeat(3000));
  session = await WindowSession.open({ dataDir: seeded.dataDir });
  const agent = await connectAgent(session.harness, {
    name: 'Claude Desktop',
    version: '0.14.2',
    workspaces: [notes],
  });
  try {
    await agent.call('write_file', { path: `${notes}/plan.md`, content: 'a shorter plan' });
    await agent.call('write_file', { path: `${notes}/ideas.md`, content: 'new ideas' });
  } finally {
    await agent.close();
  }
  await session.openSection('Settings');
});

after(async () => {
  await session?.close();
  await seeded?.remove();
});

function historyGroup(): Locator {
  return session.page.getByRole('region', { name: 'Change history', exact: true });
}

async function savedHistory(): Promise<Record<string, number> | undefined> {
  const saved = JSON.parse(await readFile(seeded.configFile, 'utf8')) as {
    history?: Record<string, number>;
  };
  return saved.history;
}

async function changesInHistory(): Promise<number> {
  const usage = await session.harness.invoke('historyUsage');
  assert.ok(usage.ok);
  return usage.data.changes;
}

describe('change history in Settings', () => {
  it('says what history holds, and shows its limits in the units people use', async () => {
    const group = historyGroup();
    await group.getByText('History holds 2 changes, using 2.93 KB of at most 5 GB.').waitFor();
    assert.equal(await group.getByLabel('Keep changes for').inputValue(), '30');
    assert.equal(await group.getByLabel('Space history may use').inputValue(), '5');
    assert.equal(await group.getByLabel('Largest file history keeps').inputValue(), '256');
    await group
      .getByText('A change to a bigger file still happens, but cannot be undone.')
      .waitFor();
    await session.assertAccessibleInBothThemes();
    await session.screenshots('settings-history', group);
  });

  it('asks before tighter limits, which would remove changes now, then saves them', async () => {
    const { page } = session;
    const group = historyGroup();
    await group.getByLabel('Keep changes for').fill('7');
    await group.getByRole('button', { name: 'Save history limits' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove older changes from history?' });
    await dialog.getByText('can no longer be undone', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.equal((await savedHistory())?.maxAgeDays, undefined, 'nothing saved');

    await group.getByRole('button', { name: 'Save history limits' }).click();
    await dialog.getByRole('button', { name: 'Save and remove' }).click();
    await group.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    assert.equal((await savedHistory())?.maxAgeDays, 7);
    assert.equal(await changesInHistory(), 2, 'both changes are younger than a week');
  });

  it('refuses a limit outside its range, by the field, and saves nothing', async () => {
    const group = historyGroup();
    await group.getByLabel('Largest file history keeps').fill('0.5');
    await group.getByRole('button', { name: 'Save history limits' }).click();
    await group.getByText('That is too small. Choose from 1 MB to 64 GB.').waitFor();
    assert.equal((await savedHistory())?.maxFileBytes, 256 * 1024 * 1024, 'as it was');
    await group.getByLabel('Largest file history keeps').fill('256');
  });

  it('asks before emptying history, and empties nothing when told not to', async () => {
    const { page } = session;
    await historyGroup().getByRole('button', { name: 'Empty history…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Empty history?' });
    await dialog
      .getByText(
        'All 2 changes in history, and the 2.93 KB they keep, are removed. None of them can be undone after this. Your files stay as they are.',
      )
      .waitFor();
    assert.equal(
      await dialog
        .getByRole('button', { name: 'Cancel' })
        .evaluate((b) => b === document.activeElement),
      true,
    );
    assert.deepEqual(await session.seriousAccessibilityProblems(), []);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await changesInHistory(), 2);
  });

  it('empties history when told yes, and leaves the files as they are', async () => {
    const { page } = session;
    const group = historyGroup();
    await group.getByRole('button', { name: 'Empty history…' }).click();
    await page
      .getByRole('dialog', { name: 'Empty history?' })
      .getByRole('button', { name: 'Empty history' })
      .click();
    await group.getByRole('status').filter({ hasText: 'History is empty.' }).waitFor();
    await group.getByText('History is empty. It may use up to 5 GB.').waitFor();
    assert.equal(await changesInHistory(), 0);
    assert.equal(await readFile(seeded.at('Notes', 'plan.md'), 'utf8'), 'a shorter plan');
    assert.equal(await readFile(seeded.at('Notes', 'ideas.md'), 'utf8'), 'new ideas');
    assert.equal(await group.getByRole('button', { name: 'Empty history…' }).isDisabled(), true);
    session.assertNoPageProblems();
  });
});
