// Undo in Activity, end to end: a real agent (the SDK's MCP client over loopback HTTP)
// changes files in a shared folder through Airlock's tools; the person opens each change's
// record in Activity and undoes it, preview first: a diff for text, the type and sizes of a
// file that is not text, the files of a folder, what changed since (and undo anyway, with
// nothing lost), a change that cannot be undone and why, and an undo undone in turn.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Locator } from 'playwright-core';
import { connectAgent } from './support/agent.ts';
import { seedDataDir, type SeededDataDir } from './support/data-dir.ts';
import { WindowSession } from './support/window-session.ts';

const MiB = 1024 * 1024;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let session: WindowSession;
let seeded: SeededDataDir;
let taxes: string;

function inTaxes(...names: string[]): string {
  return seeded.at('Taxes 2024', ...names);
}

before(async () => {
  seeded = await seedDataDir({
    name: 'undo',
    workspaces: { 'Taxes 2024': 'write' },
    folders: ['Taxes 2024/Scans'],
    // History keeps files up to 1 MB, so a 2 MB one shows a change that cannot be undone.
    settings: { history: { maxFileBytes: MiB } },
  });
  taxes = inTaxes();
  await writeFile(inTaxes('budget.txt'), 'rent 900\nfood 300\nbus 60\n');
  await writeFile(inTaxes('letter.txt'), 'Dear Sam,\n');
  await writeFile(inTaxes('photo.png'), Buffer.concat([PNG, Buffer.alloc(2040, 1)]));
  await writeFile(inTaxes('Scans', 'march.pdf'), '%PDF-1.4 march');
  await writeFile(inTaxes('Scans', 'april.pdf'), '%PDF-1.4 april');
  await writeFile(inTaxes('archive.bin'), Buffer.alloc(2 * MiB, 7));
  session = await WindowSession.open({
    dataDir: seeded.dataDir,
    viewport: { width: 1100, height: 900 },
  });
  const agent = await connectAgent(session.harness, {
    name: 'Claude Desktop',
    version: '0.14.2',
    workspaces: [taxes],
  });
  try {
    await agent.call('edit_file', {
      path: inTaxes('budget.txt'),
      edits: [{ oldText: 'food 300', newText: 'food 450' }],
    });
    await agent.call('write_file', { path: inTaxes('letter.txt'), content: 'Dear Sam, thanks\n' });
    await agent.call('write_file', { path: inTaxes('photo.png'), content: 'not a picture' });
    await agent.call('delete_file', { path: inTaxes('Scans'), recursive: true });
    await agent.call('write_file', { path: inTaxes('archive.bin'), content: 'emptied' });
    // A shell start-up file: agents may read it but never change it.
    await agent.callRefused('write_file', { path: inTaxes('.bashrc'), content: 'curl evil' });
  } finally {
    await agent.close();
  }
});

after(async () => {
  await session?.close();
  await seeded?.remove();
});

/**
 * Opens Activity afresh, searches for `file`, and opens the details of the record of `what`
 * whose row shows `shown` (the file, by default).
 */
async function openRecord(what: string, file: string, shown = file): Promise<Locator> {
  const { page } = session;
  await session.openSection('Folders');
  await session.openSection('Activity');
  // The search runs once the person stops typing: its rows are the ones to click.
  const results = page.locator('.activity-results');
  await page.waitForFunction(() => {
    const shown = document.querySelector('.activity-results');
    return (
      Number(shown?.getAttribute('data-query-id')) >= 1 &&
      shown?.getAttribute('aria-busy') === 'false'
    );
  });
  const before = Number(await results.getAttribute('data-query-id'));
  await page.getByRole('searchbox', { name: 'Search' }).fill(file);
  await page.waitForFunction((previous) => {
    const shown = document.querySelector('.activity-results');
    return (
      Number(shown?.getAttribute('data-query-id')) > previous &&
      shown?.getAttribute('aria-busy') === 'false'
    );
  }, before);
  await page
    .getByRole('listbox', { name: 'Activity records, newest first' })
    .getByRole('option')
    .filter({ hasText: what })
    .filter({ hasText: shown })
    .first()
    .click();
  const details = page.getByRole('region', { name: new RegExp(`^Record [\\d,]+: ${what}$`) });
  await details.waitFor();
  return details;
}

/** The fields of a record's details, as they read: each name, then its value. */
async function fieldsOf(details: Locator): Promise<string> {
  return details.locator('.record-fields').innerText();
}

/** Asserts the fields say `words`, and never show history's ids and flags as logged. */
async function assertFieldsSay(details: Locator, ...words: string[]): Promise<void> {
  const fields = await fieldsOf(details);
  for (const each of words) assert.ok(fields.includes(each), `the details say "${each}"`);
  for (const raw of ['changeId', 'undoable', 'restores', 'forced'])
    assert.ok(!fields.includes(raw), `the details show "${raw}"`);
}

/** Asks for the undo's preview from a record's details; resolves with the preview. */
async function showPreview(details: Locator): Promise<Locator> {
  await details.getByRole('button', { name: /^Undo: / }).click();
  const preview = details.getByRole('region', { name: 'What undo will do' });
  await preview.waitFor();
  return preview;
}

/** The lines of a text preview, as a screen reader reads them. */
async function diffLines(preview: Locator, file: string): Promise<string[]> {
  return preview
    .getByRole('list', { name: `Changes to the text of ${file}` })
    .getByRole('listitem')
    .allTextContents();
}

describe('Undo in Activity, against changes a real agent made through the tools', () => {
  it('previews a text change as the lines that go and come back, and undoes it', async () => {
    const { page } = session;
    const details = await openRecord('Edited a file', 'budget.txt');
    const undo = details.getByRole('button', { name: 'Undo: Edited Taxes 2024/budget.txt' });
    // From the keyboard: the preview comes, and the focus goes to its undo button.
    await undo.focus();
    await page.keyboard.press('Enter');
    const preview = details.getByRole('region', { name: 'What undo will do' });
    await preview.waitFor();
    await preview.getByText('Taxes 2024/budget.txt: the earlier version comes back.').waitFor();
    assert.deepEqual(await diffLines(preview, 'budget.txt'), [
      ' rent 900',
      '−Goes: food 450',
      '+Comes back: food 300',
      ' bus 60',
    ]);
    const confirm = preview.getByRole('button', { name: 'Undo this change' });
    assert.equal(await confirm.evaluate((button) => button === document.activeElement), true);
    assert.equal(await readFile(inTaxes('budget.txt'), 'utf8'), 'rent 900\nfood 450\nbus 60\n');
    await assertFieldsSay(details, 'Could be undone\nYes: history kept what this change replaced.');

    await session.assertAccessibleInBothThemes();
    await session.screenshots('undo-preview', details);

    await confirm.click();
    await details
      .getByRole('status')
      .filter({ hasText: /^Undone\./ })
      .waitFor();
    assert.equal(await readFile(inTaxes('budget.txt'), 'utf8'), 'rent 900\nfood 300\nbus 60\n');
  });

  it('lists the undo as a record of its own, which can be undone in turn', async () => {
    const details = await openRecord('Undid a change', 'budget.txt');
    await assertFieldsSay(details, 'What was undone\nEdited a file');
    const preview = await showPreview(details);
    assert.deepEqual(await diffLines(preview, 'budget.txt'), [
      ' rent 900',
      '−Goes: food 300',
      '+Comes back: food 450',
      ' bus 60',
    ]);
    await preview.getByRole('button', { name: 'Undo this change' }).click();
    await details
      .getByRole('status')
      .filter({ hasText: /^Undone\./ })
      .waitFor();
    assert.equal(await readFile(inTaxes('budget.txt'), 'utf8'), 'rent 900\nfood 450\nbus 60\n');
    // The change the agent made was undone once already: its record says so.
    const original = await openRecord('Edited a file', 'budget.txt');
    await original.getByText('This change was undone.', { exact: false }).waitFor();
    assert.equal(await original.getByRole('button', { name: /^Undo/ }).count(), 0);
  });

  it('shows what changed since, and undoes anyway keeping the version there now', async () => {
    await writeFile(inTaxes('letter.txt'), 'Dear Sam, thank you so much!\n');
    const details = await openRecord('Wrote a file', 'letter.txt');
    const preview = await showPreview(details);
    const conflicts = preview.getByRole('group', { name: 'Changed since this change:' });
    await conflicts
      .getByRole('listitem')
      .filter({ hasText: /letter\.txt was changed since/ })
      .waitFor();
    await conflicts
      .getByText('The version there now is kept in history first', { exact: false })
      .waitFor();
    assert.equal(await preview.getByRole('button', { name: 'Undo this change' }).count(), 0);
    await session.assertAccessibleInBothThemes();

    await preview.getByRole('button', { name: 'Undo anyway' }).click();
    await details
      .getByRole('status')
      .filter({ hasText: /^Undone\./ })
      .waitFor();
    assert.equal(await readFile(inTaxes('letter.txt'), 'utf8'), 'Dear Sam,\n');

    // Nothing was lost: the undo's own record would bring the person's version back.
    const undoRecord = await openRecord('Undid a change', 'letter.txt');
    const back = await showPreview(undoRecord);
    assert.ok(
      (await diffLines(back, 'letter.txt')).includes('+Comes back: Dear Sam, thank you so much!'),
    );
    await back.getByRole('button', { name: 'Cancel' }).click();
    await undoRecord.getByRole('button', { name: /^Undo: / }).waitFor();
  });

  it('shows the type and the sizes of a file that is not text', async () => {
    const details = await openRecord('Wrote a file', 'photo.png');
    const preview = await showPreview(details);
    await preview.getByText('Taxes 2024/photo.png: the earlier version comes back.').waitFor();
    await preview.getByText('PNG image: 13 bytes now, 2 KB after the undo.').waitFor();
    await preview.getByRole('button', { name: 'Undo this change' }).click();
    await details
      .getByRole('status')
      .filter({ hasText: /^Undone\./ })
      .waitFor();
    const photo = await readFile(inTaxes('photo.png'));
    assert.equal(photo.length, 2048);
    assert.deepEqual(photo.subarray(0, 8), PNG);
  });

  it('lists the files of a deleted folder, which the undo brings back', async () => {
    const details = await openRecord('Deleted a file', 'Scans');
    const preview = await showPreview(details);
    await preview.getByText('Taxes 2024/Scans: comes back.').waitFor();
    assert.deepEqual(
      await preview
        .getByRole('list', { name: 'Files in Scans' })
        .getByRole('listitem')
        .allTextContents(),
      ['april.pdf', 'march.pdf'],
    );
    await preview.getByRole('button', { name: 'Undo this change' }).click();
    await details
      .getByRole('status')
      .filter({ hasText: /^Undone\./ })
      .waitFor();
    assert.equal(await readFile(inTaxes('Scans', 'march.pdf'), 'utf8'), '%PDF-1.4 march');
  });

  it('says a change cannot be undone, and why, with no Undo to press', async () => {
    const details = await openRecord('Wrote a file', 'archive.bin');
    await details
      .getByText(
        'This change cannot be undone. The file was 2 MB, more than the 1 MB history keeps per file.',
      )
      .waitFor();
    assert.equal(await details.getByRole('button', { name: /^Undo/ }).count(), 0);
    await assertFieldsSay(
      details,
      'Could be undone\nNo. The file was 2 MB, more than the 1 MB history keeps per file.',
    );
    await session.assertAccessibleInBothThemes();
  });

  it('offers no Undo for a call Airlock refused, which changed nothing', async () => {
    const looked = session.page.waitForResponse((response) =>
      response.url().includes('channel=getChange'),
    );
    // A refused call's record names no file: its row says Refused.
    const details = await openRecord('Wrote a file', '.bashrc', 'Refused');
    // History was asked, and answered that the call made no change.
    await looked;
    assert.equal(await details.getByRole('heading', { name: 'Undo' }).count(), 0);
    assert.equal(await details.getByRole('button', { name: /^Undo/ }).count(), 0);
  });

  it('had no CSP violation and no page error, and never showed the core’s words', async () => {
    session.assertNoPageProblems();
    const text = await session.page.locator('body').innerText();
    for (const word of ['workspace', 'journal', 'blob', 'correlation'])
      assert.ok(!text.toLowerCase().includes(word), `the window says "${word}"`);
  });
});
