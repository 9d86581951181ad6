// The Changes section, end to end: two real agents (the SDK's MCP client over loopback
// HTTP) change files in two shared folders through Airlock's tools; the section groups
// their changes by app and session in plain words, Review shows each change with what its
// undo would do, and Undo all asks first (what, newest first), then undoes the group; a
// group whose file changed since stops there, says why, and can be undone anyway.
import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Locator } from 'playwright-core';
import { connectAgent } from './support/agent.ts';
import { seedDataDir, type SeededDataDir } from './support/data-dir.ts';
import { WindowSession } from './support/window-session.ts';

let session: WindowSession;
let seeded: SeededDataDir;

const CLAUDE = /^Claude Desktop changed 4 files in Taxes 2024$/;
const CURSOR = /^Cursor changed 1 file in Recipes$/;

before(async () => {
  seeded = await seedDataDir({
    name: 'changes',
    workspaces: { 'Taxes 2024': 'write', Recipes: 'write' },
  });
  const taxes = seeded.at('Taxes 2024');
  const recipes = seeded.at('Recipes');
  await writeFile(seeded.at('Taxes 2024', 'budget.txt'), 'rent 900\nfood 300\n');
  await writeFile(seeded.at('Recipes', 'soup.md'), '# Soup\nLeeks, potatoes.\n');
  session = await WindowSession.open({
    dataDir: seeded.dataDir,
    viewport: { width: 1100, height: 900 },
  });
  const claude = await connectAgent(session.harness, {
    name: 'Claude Desktop',
    version: '0.14.2',
    workspaces: [taxes],
  });
  try {
    await claude.call('write_file', {
      path: `${taxes}/receipts.csv`,
      content: 'date,amount\n2024-03-01,12\n',
    });
    await claude.call('edit_file', {
      path: `${taxes}/budget.txt`,
      edits: [{ oldText: 'food 300', newText: 'food 450' }],
    });
    await claude.call('write_file', { path: `${taxes}/summary.md`, content: '# Taxes 2024\n' });
    await claude.call('create_directory', { path: `${taxes}/Scans` });
  } finally {
    await claude.close();
  }
  const cursor = await connectAgent(session.harness, {
    name: 'Cursor',
    version: '1.4.2',
    workspaces: [recipes],
  });
  try {
    await cursor.call('edit_file', {
      path: `${recipes}/soup.md`,
      edits: [{ oldText: 'Leeks', newText: 'Leeks, carrots' }],
    });
  } finally {
    await cursor.close();
  }
  await session.openSection('Changes');
});

after(async () => {
  await session?.close();
  await seeded?.remove();
});

function groups(): Locator {
  return session.page.getByRole('list', { name: 'Changes by app and session' });
}

function group(headline: RegExp): Locator {
  return groups().getByRole('listitem', { name: headline });
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

describe('the Changes section, against changes real agents made through the tools', () => {
  it('groups the changes by app and session, newest first, in plain words', async () => {
    await group(CURSOR).waitFor();
    const headlines = await groups().getByRole('heading', { level: 3 }).allTextContents();
    assert.equal(headlines.length, 2);
    assert.match(headlines[0] ?? '', CURSOR);
    assert.match(headlines[1] ?? '', CLAUDE);
    const when = (await group(CLAUDE).locator('.group-when').textContent()) ?? '';
    assert.match(when, /^(At|Between) .+ on .+ · 4 changes · all can be undone$/);
  });

  it('reviews a group: each change, newest first, with what its undo would do', async () => {
    const claude = group(CLAUDE);
    await claude.getByRole('button', { name: /^Review: Claude Desktop/ }).click();
    const list = claude.getByRole('list', { name: /^Changes: Claude Desktop .*, newest first$/ });
    const items = list.getByRole('listitem').filter({ has: session.page.getByRole('heading') });
    assert.deepEqual(await list.getByRole('heading', { level: 4 }).allTextContents(), [
      'Created the folder Taxes 2024/Scans',
      'Wrote Taxes 2024/summary.md',
      'Edited Taxes 2024/budget.txt',
      'Wrote Taxes 2024/receipts.csv',
    ]);
    assert.equal(await items.count(), 4);
    const edit = items.filter({ hasText: 'Edited Taxes 2024/budget.txt' });
    await edit.getByText('Taxes 2024/budget.txt: the earlier version comes back.').waitFor();
    assert.deepEqual(
      await edit
        .getByRole('list', { name: 'Changes to the text of budget.txt' })
        .getByRole('listitem')
        .allTextContents(),
      [' rent 900', '−Goes: food 450', '+Comes back: food 300'],
    );
    await items
      .filter({ hasText: 'Wrote Taxes 2024/receipts.csv' })
      .getByText('Taxes 2024/receipts.csv: removed, because this change made it.')
      .waitFor();
    assert.equal(await list.getByRole('region', { name: 'What undo will do' }).count(), 4);

    await session.assertAccessibleInBothThemes();
    await session.screenshots('changes');
  });

  it('asks before Undo all, saying what it undoes newest first, and does nothing when told not to', async () => {
    const { page } = session;
    await group(CLAUDE)
      .getByRole('button', { name: /^Undo all: Claude Desktop/ })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Undo all 4 changes?' });
    await dialog.waitFor();
    assert.deepEqual(await dialog.getByRole('listitem').allTextContents(), [
      'Created the folder Taxes 2024/Scans',
      'Wrote Taxes 2024/summary.md',
      'Edited Taxes 2024/budget.txt',
      'Wrote Taxes 2024/receipts.csv',
    ]);
    await dialog.getByText('If a file was changed since, Airlock stops there').waitFor();
    assert.equal(
      await dialog
        .getByRole('button', { name: 'Cancel' })
        .evaluate((b) => b === document.activeElement),
      true,
      'Cancel has the focus, so Enter never undoes by accident',
    );
    assert.deepEqual(await session.seriousAccessibilityProblems(), []);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.ok(await exists(seeded.at('Taxes 2024', 'receipts.csv')), 'nothing was undone');
  });

  it('undoes the whole group when the person says yes, and lists the undos as theirs', async () => {
    const { page } = session;
    await group(CLAUDE)
      .getByRole('button', { name: /^Undo all: Claude Desktop/ })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Undo all 4 changes?' });
    await dialog.getByRole('button', { name: 'Undo all' }).click();
    await group(CLAUDE).getByRole('status').filter({ hasText: 'Undid 4 changes.' }).waitFor();
    assert.equal(
      await readFile(seeded.at('Taxes 2024', 'budget.txt'), 'utf8'),
      'rent 900\nfood 300\n',
    );
    for (const gone of ['receipts.csv', 'summary.md', 'Scans'])
      assert.equal(await exists(seeded.at('Taxes 2024', gone)), false, `${gone} is gone again`);
    await group(/^You undid 4 changes in Taxes 2024$/).waitFor();
    await group(CLAUDE)
      .getByText(/· 0 can be undone$/)
      .waitFor();
    assert.equal(
      await group(CLAUDE)
        .getByRole('button', { name: /^Undo all/ })
        .isDisabled(),
      true,
    );
  });

  it('stops where a file changed since, says what changed, and undoes the rest anyway when asked', async () => {
    const { page } = session;
    const soup = seeded.at('Recipes', 'soup.md');
    await writeFile(soup, '# Soup\nLeeks, carrots, and my own note.\n');
    await group(CURSOR)
      .getByRole('button', { name: /^Undo all: Cursor/ })
      .click();
    await page
      .getByRole('dialog', { name: 'Undo this change?' })
      .getByRole('button', { name: 'Undo', exact: true })
      .click();
    const stopped = group(CURSOR).getByRole('alert');
    await stopped
      .getByText('Nothing was undone. Stopped at “Edited Recipes/soup.md”: things changed since.')
      .waitFor();
    await stopped
      .getByRole('listitem')
      .filter({ hasText: /soup\.md was changed since/ })
      .waitFor();
    assert.deepEqual(await session.seriousAccessibilityProblems(), []);
    assert.match(await readFile(soup, 'utf8'), /my own note/);

    await stopped.getByRole('button', { name: 'Undo the rest anyway…' }).click();
    const again = page.getByRole('dialog', { name: 'Undo the rest anyway?' });
    await again
      .getByText('the version there now is kept in history first', { exact: false })
      .waitFor();
    await again.getByRole('button', { name: 'Undo anyway' }).click();
    await group(CURSOR).getByRole('status').filter({ hasText: 'Undid 1 change.' }).waitFor();
    assert.equal(await readFile(soup, 'utf8'), '# Soup\nLeeks, potatoes.\n');
  });

  it('had no CSP violation and no page error, and never showed the core’s words', async () => {
    session.assertNoPageProblems();
    const text = await session.page.locator('body').innerText();
    for (const word of ['workspace', 'journal', 'blob', 'correlation'])
      assert.ok(!text.toLowerCase().includes(word), `the window says "${word}"`);
  });
});
