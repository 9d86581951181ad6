// The activity viewer end to end: a real, hash-chained audit log of
// 3,000 records in the data dir, the real app and handlers in the UI harness, and the built
// window in Debian's headless Chromium: search, each filter, the virtualized list, the live
// tail and its pause, the detail pane with redactions, export, and the chain's check.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { AuditFiles } from '../../main/core/audit/audit-files.ts';
import { DEFAULT_AUDIT_SETTINGS } from '../../main/core/audit/audit-settings.ts';
import { AuditWriter } from '../../main/core/audit/audit-writer.ts';
import type { RequestOf } from '../../preload/ipc-contract.ts';
import { writeChainedLog, type ChainedLog } from '../../bench/ui/chained-log.ts';
import { seedDataDir, type SeededDataDir } from './support/data-dir.ts';
import { WindowSession } from './support/window-session.ts';

const RECORDS = 3000;
/** The record that carries redactions, and a word found nowhere else. */
const REDACTED_SEQ = 2990;
const UNIQUE_WORD = 'zanzibar';

let session: WindowSession;
let seeded: SeededDataDir;
let auditFile: string;
let log: ChainedLog;

before(async () => {
  seeded = await seedDataDir({ name: 'act', workspaces: { 'Project notes': 'read' } });
  const { dataDir } = seeded;
  log = await writeChainedLog({
    directory: path.join(dataDir, 'audit'),
    records: RECORDS,
    seed: 7,
    adjust(record) {
      if (record.seq !== REDACTED_SEQ) return;
      // What redaction leaves of a call that carried secrets (main/core/audit/redact.ts).
      Object.assign(record, {
        event: 'tool_call',
        tool: 'write_file',
        outcome: 'ok',
        paths: [`/home/ana/Notes/${UNIQUE_WORD}-trip.md`],
        args: {
          path: `/home/ana/Notes/${UNIQUE_WORD}-trip.md`,
          content: { bytes: 1843, sha256: 'ab'.repeat(32) },
          note: 'token [REDACTED:github-token] for the upload',
          password: '[REDACTED]',
        },
      });
      delete record.reason;
    },
  });
  auditFile = path.join(dataDir, 'audit', 'audit.jsonl');
  session = await WindowSession.open({ dataDir, viewport: { width: 1100, height: 900 } });
  await session.openSection('Activity');
  await waitForQuery(session.page, 0);
});

after(async () => {
  await session?.close();
  await seeded?.remove();
});

type Filters = NonNullable<RequestOf<'queryActivity'>['filters']>;

/** How many records match, asked of the real handlers behind the window. */
async function matching(filters: Filters): Promise<number> {
  const answer = await session.harness.invoke('queryActivity', { filters, limit: 1 });
  assert.ok(answer.ok, JSON.stringify(answer));
  return answer.data.totalMatched;
}

async function queryId(page: Page): Promise<number> {
  return Number(await page.locator('.activity-results').getAttribute('data-query-id'));
}

/** Waits for a query newer than `after` to be shown. */
async function waitForQuery(page: Page, after: number): Promise<void> {
  await page.waitForFunction((previous) => {
    const results = document.querySelector('.activity-results');
    return (
      results !== null &&
      Number(results.getAttribute('data-query-id')) > previous &&
      results.getAttribute('aria-busy') === 'false'
    );
  }, after);
}

/** Does `action`, then waits until the list shows the query it started. */
async function newQuery(page: Page, action: () => Promise<unknown>): Promise<void> {
  const previous = await queryId(page);
  await action();
  await waitForQuery(page, previous);
}

function list(page: Page) {
  return page.getByRole('listbox', { name: 'Activity records, newest first' });
}

async function shownCount(page: Page): Promise<string> {
  return (await page.locator('.results-count').textContent()) ?? '';
}

const count = (value: number) => value.toLocaleString('en-US');

/**
 * Records every text the results' live region (role=status) takes from now on; the
 * function returned gives them.
 */
async function listenToStatus(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const region = document.querySelector('.results-summary [role="status"]');
    const heard: string[] = [];
    (window as unknown as { heard: string[] }).heard = heard;
    if (!region) return;
    new MutationObserver(() => heard.push(region.textContent ?? '')).observe(region, {
      childList: true,
      characterData: true,
      subtree: true,
    });
  });
  return () => page.evaluate(() => (window as unknown as { heard: string[] }).heard);
}

describe('the activity viewer, against a real chained log of 3,000 records', () => {
  it('lists every record, newest first, with the total', async () => {
    const { page } = session;
    assert.equal(await shownCount(page), `${count(RECORDS)} records`);
    const first = list(page).getByRole('option').first();
    assert.equal(await first.getAttribute('aria-posinset'), '1');
    assert.equal(await first.getAttribute('aria-setsize'), String(RECORDS));
    const newest = await session.harness.invoke('queryActivity', { limit: 1 });
    assert.ok(newest.ok);
    assert.equal(newest.data.records[0]?.seq, RECORDS);
    assert.match((await first.textContent()) ?? '', new RegExp(newest.data.records[0]!.client!));
  });

  it('renders only the rows in view, and reads pages as the person scrolls to the oldest', async () => {
    const { page } = session;
    const options = list(page).getByRole('option');
    const rendered = await options.count();
    assert.ok(rendered > 10 && rendered < 60, `${rendered} rows in the DOM`);
    await list(page).evaluate((element) => {
      element.scrollTop = element.scrollHeight;
    });
    const last = list(page).locator(`[aria-posinset="${RECORDS}"]`);
    await last.waitFor();
    await page.waitForFunction(
      (total) =>
        !document.querySelector(`[aria-posinset="${total}"]`)?.textContent?.includes('Loading'),
      RECORDS,
    );
    assert.ok((await options.count()) < 60, 'still only the rows in view');
    const oldest = await session.harness.invoke('queryActivity', {
      limit: 1,
      offset: RECORDS - 1,
    });
    assert.ok(oldest.ok);
    assert.equal(oldest.data.records[0]?.seq, 1);
    // The middle of the list, reached in one jump, is read by its place.
    await list(page).evaluate((element) => {
      element.scrollTop = element.scrollHeight / 2;
    });
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[role="option"]')].every(
        (row) => !row.textContent?.includes('Loading'),
      ),
    );
    await list(page).evaluate((element) => {
      element.scrollTop = 0;
    });
    // Back at the top once the window has drawn the first row again.
    await list(page).locator('[aria-posinset="1"]').waitFor();
  });

  it('moves the selection with the keyboard and opens a record with Enter', async () => {
    const { page } = session;
    await list(page).focus();
    const selection = list(page).locator('[aria-selected="true"]');
    assert.equal(await selection.getAttribute('aria-posinset'), '1', 'the first row in view');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const selected = list(page).locator('[aria-selected="true"]');
    assert.equal(await selected.getAttribute('aria-posinset'), '3');
    assert.equal(
      await list(page).getAttribute('aria-activedescendant'),
      await selected.getAttribute('id'),
    );
    await page.keyboard.press('End');
    assert.equal(
      await list(page).locator('[aria-selected="true"]').getAttribute('aria-posinset'),
      String(RECORDS),
    );
    await page.keyboard.press('Enter');
    const details = page.getByRole('region', { name: /^Record 1:/ });
    await details.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'record-details-heading');
    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached' });
    await page.keyboard.press('Home');
  });

  it('searches the full text as the person types', async () => {
    const { page } = session;
    const search = page.getByRole('searchbox', { name: 'Search' });
    await newQuery(page, () => search.fill('invoice'));
    const invoices = await matching({ text: 'invoice' });
    assert.ok(invoices > 0 && invoices < RECORDS);
    assert.equal(await shownCount(page), `${count(invoices)} records`);
    for (const row of await list(page).getByRole('option').all())
      assert.match((await row.textContent()) ?? '', /invoice/i);
    await newQuery(page, () => search.fill(UNIQUE_WORD));
    assert.equal(await shownCount(page), '1 record');
    await newQuery(page, async () => {
      await search.fill('');
      await search.press('Enter');
    });
    assert.equal(await shownCount(page), `${count(RECORDS)} records`);
  });

  it('filters by client, action, result and folder, each as the engine counts them', async () => {
    const { page } = session;
    const choose = async (label: string, value: string) =>
      newQuery(page, async () => {
        await page.getByRole('combobox', { name: label }).selectOption(value);
      });
    const client = log.clients[1] as string;
    const workspace = log.workspaces[2] as string;
    const cases: [string, string, Filters][] = [
      ['Client', client, { client }],
      ['Action', 'edit_file', { tool: 'edit_file' }],
      ['Result', 'denied', { outcome: 'denied' }],
      ['Folder', workspace, { workspace }],
    ];
    for (const [label, value, filters] of cases) {
      await choose(label, value);
      const expected = await matching(filters);
      assert.ok(expected > 0 && expected < RECORDS, `${label} narrows the list`);
      assert.equal(await shownCount(page), `${count(expected)} records`, label);
      await choose(label, '');
    }
    await choose('Client', client);
    await choose('Result', 'ok');
    assert.equal(
      await shownCount(page),
      `${count(await matching({ client, outcome: 'ok' }))} records`,
    );
    await choose('Result', '');
    await choose('Client', '');
    assert.equal(await shownCount(page), `${count(RECORDS)} records`);
  });

  it('filters by a time range the person picks', async () => {
    const { page } = session;
    const local = (ms: number) => {
      const date = new Date(ms);
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
    };
    const from = log.firstTs + (log.lastTs - log.firstTs) * 0.25;
    const to = log.firstTs + (log.lastTs - log.firstTs) * 0.5;
    await page.getByRole('combobox', { name: 'When' }).selectOption('between');
    await newQuery(page, () => page.getByLabel('From').fill(local(from)));
    await newQuery(page, () => page.getByLabel('Until').fill(local(to)));
    const since = Math.floor(from / 1000) * 1000;
    const until = Math.floor(to / 1000) * 1000 + 1000;
    const expected = await matching({ since, until });
    assert.ok(expected > 0 && expected < RECORDS);
    assert.equal(await shownCount(page), `${count(expected)} records`);
    await session.assertAccessibleInBothThemes();
    await newQuery(page, () => page.getByRole('combobox', { name: 'When' }).selectOption('hour'));
    assert.equal(await shownCount(page), '0 records', 'the log is from 2024');
    await page.getByText('No records match this search.').waitFor();
    await newQuery(page, () => page.getByRole('combobox', { name: 'When' }).selectOption('any'));
  });

  it('shows every field of a record, with redactions as redactions', async () => {
    const { page } = session;
    await newQuery(page, () => page.getByRole('searchbox', { name: 'Search' }).fill(UNIQUE_WORD));
    await list(page).getByRole('option').first().click();
    const details = page.getByRole('region', {
      name: `Record ${count(REDACTED_SEQ)}: Wrote a file`,
    });
    await details.waitFor();
    const text = (await details.textContent()) ?? '';
    for (const words of [
      'Hidden: GitHub token',
      'Hidden: secret',
      'Not recorded: file content',
      '1,843 bytes',
      `${UNIQUE_WORD}-trip.md`,
      'Record number',
      'Previous record’s hash',
      'Hash',
      'Client',
      'Connection',
    ])
      assert.ok(text.includes(words), `the pane shows "${words}"`);
    assert.ok(!text.includes('[REDACTED'), 'no marker is shown as if it were the value');
    assert.equal(await details.locator('.redaction').count(), 3);
    await session.assertAccessibleInBothThemes();
    await session.screenshots('activity-details');
    await details.getByRole('button', { name: 'Back to the list' }).click();
    await newQuery(page, async () => {
      await page.getByRole('searchbox', { name: 'Search' }).fill('');
      await page.getByRole('searchbox', { name: 'Search' }).press('Enter');
    });
  });

  it('exports the filtered view as JSONL: exactly its records, as stored, and the check', async () => {
    const { page, harness } = session;
    await newQuery(page, () =>
      page.getByRole('combobox', { name: 'Result' }).selectOption('denied'),
    );
    const expected = await matching({ outcome: 'denied' });
    const file = seeded.at('refused.jsonl');
    await harness.setSaveFile(file);
    await page.getByRole('button', { name: 'Export as JSONL' }).click();
    await page.getByText(`Saved ${count(expected)} records to ${file}.`).waitFor();
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    assert.equal(lines.length, expected + 1);
    const stored = new Set((await readFile(auditFile, 'utf8')).split('\n'));
    for (const line of lines.slice(0, -1)) {
      assert.equal(JSON.parse(line).outcome, 'denied');
      assert.ok(stored.has(line), 'each record exactly as stored');
    }
    const last = JSON.parse(lines.at(-1) as string);
    assert.equal(last.records, expected);
    assert.match(last.verification, /^ok \(/);
  });

  it('exports the filtered view as CSV, and does nothing when the dialog is cancelled', async () => {
    const { page, harness } = session;
    const expected = await matching({ outcome: 'denied' });
    const file = seeded.at('refused.csv');
    await harness.setSaveFile(file);
    await page.getByRole('button', { name: 'Export as CSV' }).click();
    await page.getByText(`Saved ${count(expected)} records to ${file}.`).waitFor();
    const rows = (await readFile(file, 'utf8')).trimEnd().split('\r\n');
    assert.match(rows[0] as string, /^seq,ts,event,outcome,client,/);
    assert.match(rows.at(-1) as string, /^"# verification: ok \(/);
    assert.equal(rows.length, expected + 2);
    for (const row of rows.slice(1, -1)) assert.equal(row.split(',')[3], 'denied');
    await harness.setSaveFile(null);
    await page.getByRole('button', { name: 'Export as CSV' }).click();
    await page.getByText(/^Saved /).waitFor({ state: 'detached' });
    await newQuery(page, () => page.getByRole('combobox', { name: 'Result' }).selectOption(''));
  });

  it('verifies the chain on request and says it is intact', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'Verify now' }).click();
    await page.getByRole('heading', { name: 'Log check: Intact' }).waitFor();
    // The seeded records carry no signature (no MAC): the check says so, rather than that
    // they are exactly as Airlock wrote them.
    await page
      .getByText(
        /The activity log is intact: all [\d,]+ records are in order and unchanged\..* (No record carries a signature|carry no signature)/,
      )
      .waitFor();
    await session.assertAccessibleInBothThemes();
    await session.screenshots('activity');
  });

  it('shows new records live while the list is at its top', async () => {
    const { page, harness } = session;
    const spoken = await listenToStatus(page);
    const before = await queryId(page);
    assert.ok((await harness.invoke('setPaused', { paused: true })).ok);
    await waitForQuery(page, before);
    await list(page)
      .getByRole('option')
      .first()
      .filter({ hasText: 'Access paused in Airlock' })
      .waitFor();
    assert.ok((await harness.invoke('setPaused', { paused: false })).ok);
    await list(page)
      .getByRole('option')
      .first()
      .filter({ hasText: 'Access resumed in Airlock' })
      .waitFor();
    assert.equal(await shownCount(page), `${count(await matching({}))} records`);
    // A screen reader is not told of each refresh: the live region only empties.
    assert.deepEqual(
      (await spoken()).filter((text) => text !== ''),
      [],
      'nothing announced for the live tail',
    );
  });

  it("announces the count of the person's own search", async () => {
    const { page } = session;
    const spoken = await listenToStatus(page);
    await newQuery(page, () =>
      page.getByRole('combobox', { name: 'Result' }).selectOption('denied'),
    );
    const denied = `${count(await matching({ outcome: 'denied' }))} records`;
    assert.equal((await spoken()).at(-1), denied);
    assert.equal(await page.locator('.results-summary [role="status"]').textContent(), denied);
    await newQuery(page, () => page.getByRole('combobox', { name: 'Result' }).selectOption(''));
  });

  it('pauses the live tail while the person has scrolled away, and counts what came', async () => {
    const { page, harness } = session;
    const total = await matching({});
    await list(page).evaluate((element) => {
      element.scrollTop = 600;
    });
    await page.waitForTimeout(100);
    const firstShown = await list(page).getByRole('option').first().getAttribute('aria-posinset');
    const top = await harness.invoke('queryActivity', { limit: 1 });
    assert.ok(top.ok);
    const newest = top.data.newestSeq;
    assert.ok((await harness.invoke('setPaused', { paused: true })).ok);
    assert.ok((await harness.invoke('setPaused', { paused: false })).ok);
    const show = page.getByRole('button', { name: '2 new records — show them' });
    await show.waitFor();
    assert.equal(await shownCount(page), `${count(total)} records`, 'the list holds still');
    assert.equal(
      await list(page).getByRole('option').first().getAttribute('aria-posinset'),
      firstShown,
    );
    // The export holds what the list shows: not the two records waiting above it.
    const file = seeded.at('as-shown.jsonl');
    await harness.setSaveFile(file);
    await page.getByRole('button', { name: 'Export as JSONL' }).click();
    await page.getByText(`Saved ${count(total)} records to ${file}.`).waitFor();
    const exported = (await readFile(file, 'utf8')).trimEnd().split('\n').slice(0, -1);
    assert.equal(exported.length, total);
    assert.equal(JSON.parse(exported[0] as string).seq, newest, 'the newest record shown');
    await newQuery(page, () => show.click());
    assert.equal(await shownCount(page), `${count(total + 2)} records`);
    await list(page)
      .getByRole('option')
      .first()
      .filter({ hasText: 'Access resumed in Airlock' })
      .waitFor();
    assert.equal(await list(page).evaluate((element) => element.scrollTop), 0);
  });

  it('shows records another Airlock process writes to the same log', async () => {
    const { page } = session;
    const total = await matching({});
    // A client's own `airlock serve --stdio` appends to the same chain, under its lock.
    const other = AuditWriter.open(auditFile, { ...DEFAULT_AUDIT_SETTINGS, fsync: 'never' });
    other.append({
      event: 'tool_call',
      client: 'Zed 0.190.2',
      transport: 'stdio',
      tool: 'list_directory',
      paths: ['/home/ana/Notes/from-another-process'],
      workspace: '/home/ana/Notes',
      outcome: 'ok',
    });
    other.close();
    await list(page)
      .getByRole('option')
      .first()
      .filter({ hasText: 'from-another-process' })
      .waitFor();
    assert.equal(await shownCount(page), `${count(total + 1)} records`);
  });

  it('says calmly what a failed check means and what to do', async () => {
    const { page } = session;
    // The seeded records are from 2024: the app's first write rotated them out, by age.
    const [oldest] = new AuditFiles(auditFile).chain();
    const text = await readFile(oldest as string, 'utf8');
    const lines = text.split('\n');
    const at = lines.findIndex((line) => line.startsWith('{"seq":10,'));
    assert.ok(at >= 0, `record 10 is in ${oldest}`);
    // One character of record 10, as an editor would change it: the length stays the same.
    lines[at] = (lines[at] as string).replace(
      /"correlationId":"(.)/,
      (_match, first: string) => `"correlationId":"${first === 'a' ? 'b' : 'a'}`,
    );
    assert.notEqual(lines.join('\n'), text, 'the record was changed');
    await writeFile(oldest as string, lines.join('\n'));
    await page.getByRole('button', { name: 'Verify now' }).click();
    await page.getByRole('heading', { name: 'Log check: Changed outside Airlock' }).waitFor();
    await page
      .getByText('Record 10 was changed after Airlock wrote it.', { exact: false })
      .waitFor();
    await page.getByText(/Keep a copy of the log folder as it is now/).waitFor();
    await page.getByText('Technical details').click();
    await page.getByText(/Record 10 \(line 10\) was changed after it was written/).waitFor();
    await session.assertAccessibleInBothThemes();
    await session.screenshots('activity-check-failed');
  });

  it('ran the whole time without a CSP violation or a page error', () => {
    session.assertNoPageProblems();
  });
});
