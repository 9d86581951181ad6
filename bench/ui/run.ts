// The activity viewer's query bench. Its target: on 1,000,000 records, a new query's results
// appear within 150 ms in the browser harness, so a person searching never waits.
//   node bench/ui/run.ts [--records N] [--json] [--keep]
// Needs the built window (`npm run build`, or AIRLOCK_RENDERER_DIR=<a vite build>) and
// Debian's Chromium. Writes a valid hash-chained log of N records (1,000,000 by default)
// into a temporary data dir, starts the UI harness on it (the real app and handlers), opens
// Activity in headless Chromium, and waits for the index. Then a person refines a search
// step by step, about 30 new queries; each is timed in the page, from the filter change or
// the Enter key to the frame that shows the new results. The reference, in the same run, is
// the search engine's own time for the same query in Node. Exits non-zero only when the
// bench itself fails, never on a MISS.
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { auditQueryOf } from '../../main/core/app/activity/activity-records.ts';
import { AuditFiles } from '../../main/core/audit/audit-files.ts';
import { AuditIndex } from '../../main/core/audit/search/audit-index.ts';
import type { ActivityFilters } from '../../preload/contract/activity-contract.ts';
import { WindowSession } from '../../test/e2e/support/window-session.ts';
import { median, percentile } from '../stats.ts';
import { writeChainedLog, type ChainedLog } from './chained-log.ts';

const TARGET_MS = 150;
/** The window's first page: renderer/screens/activity/activity-pager.ts PAGE_SIZE. */
const FIRST_PAGE = 100;
const NODE_RUNS = 5;

interface Step {
  readonly label: string;
  /** The control the person changes; its change is timed. */
  readonly control:
    'Search' | 'When' | 'From' | 'Until' | 'Client' | 'Action' | 'Result' | 'Folder';
  readonly value: string;
  /** The filters after the step, as the window sends them. */
  readonly filters: ActivityFilters;
}

interface Timed {
  readonly label: string;
  readonly browserMs: number;
  readonly nodeMs: number;
  readonly total: number;
}

const { values: args } = parseArgs({
  options: {
    records: { type: 'string', default: '1000000' },
    json: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const RECORDS = Number(args.records);
const progress = (message: string) => process.stderr.write(`bench/ui: ${message}\n`);

const root = await realpath(await mkdtemp(path.join(os.tmpdir(), 'alk-bench-ui-')));
let session: WindowSession | undefined;
try {
  const dataDir = path.join(root, 'data');
  const folder = path.join(root, 'Notes');
  await mkdir(folder);
  await mkdir(dataDir, { mode: 0o700 });
  await writeFile(
    path.join(dataDir, 'config.json'),
    JSON.stringify({ http: { port: 0 }, workspaces: [{ path: folder, access: 'read' }] }),
  );
  progress(`writing a chained log of ${RECORDS.toLocaleString('en-US')} records…`);
  const started = performance.now();
  const log = await writeChainedLog({ directory: path.join(dataDir, 'audit'), records: RECORDS });
  progress(
    `${(log.bytes / 1e6).toFixed(1)} MB in ${log.files.length} files, ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  const opened = performance.now();
  session = await WindowSession.open({ dataDir, viewport: { width: 1100, height: 900 } });
  const { page } = session;
  await session.openSection('Activity');
  const whileReading = (await page.locator('.results-count').textContent()) ?? '';
  await page.waitForFunction(
    () => document.querySelector('.activity-results')?.getAttribute('aria-busy') === 'false',
    undefined,
    { timeout: 120_000 },
  );
  const readyS = (performance.now() - opened) / 1000;
  const shownTotal = Number(await page.locator('.activity-results').getAttribute('data-total'));
  progress(
    `window ready with ${shownTotal.toLocaleString('en-US')} records after ${readyS.toFixed(1)} s; before that it said "${whileReading}"`,
  );
  await installTimer(page);

  const steps = refinements(log);
  const browser: { ms: number; total: number }[] = [];
  for (const step of steps) browser.push(await timeStep(page, step));

  progress('building the same index in Node for the reference…');
  const index = await AuditIndex.build(
    new AuditFiles(path.join(dataDir, 'audit', 'audit.jsonl')).chain(),
  );
  const timed: Timed[] = steps.map((step, i) => {
    const query = { ...auditQueryOf(step.filters), limit: FIRST_PAGE };
    index.query(query);
    const runs: number[] = [];
    let total = 0;
    for (let run = 0; run < NODE_RUNS; run++) {
      const t0 = performance.now();
      total = index.query(query).totalMatched ?? 0;
      runs.push(performance.now() - t0);
    }
    const shown = browser[i] as { ms: number; total: number };
    if (shown.total !== total)
      throw new Error(
        `${step.label}: the window shows ${shown.total} records, the engine ${total}`,
      );
    return { label: step.label, browserMs: shown.ms, nodeMs: median(runs), total };
  });
  index.close();
  report(log, shownTotal, readyS, timed);
} finally {
  await session?.close();
  if (!args.keep) await rm(root, { recursive: true, force: true });
  else progress(`kept ${root}`);
}

/** A person refining a search, one change at a time: each change is a new query. */
function refinements(log: ChainedLog): Step[] {
  const [taxes, garden] = log.workspaces as [string, string];
  const [claude, , cursor, , zed] = log.clients as [string, string, string, string, string];
  const local = (fraction: number) =>
    localInput(log.firstTs + (log.lastTs - log.firstTs) * fraction);
  const steps: Step[] = [];
  let filters: ActivityFilters = {};
  const step = (
    control: Step['control'],
    value: string,
    change: Partial<ActivityFilters>,
    label = `${control}: ${value || 'any'}`,
  ) => {
    const next: Record<string, unknown> = { ...filters, ...change };
    for (const key of Object.keys(next))
      if (next[key] === undefined || next[key] === '') delete next[key];
    filters = next as ActivityFilters;
    steps.push({ label, control, value, filters });
  };
  step('Search', 'invoice', { text: 'invoice' });
  step('Result', 'ok', { outcome: 'ok' });
  step('Client', claude, { client: claude });
  step('Search', 'receipts', { text: 'receipts' });
  step('Action', 'read_text_file', { tool: 'read_text_file' });
  step('Result', 'denied', { outcome: 'denied' });
  step('Search', '.env', { text: '.env' });
  step('Result', '', { outcome: undefined });
  step('Folder', taxes, { workspace: taxes });
  step('Search', 'budget 2024', { text: 'budget 2024' });
  step('Client', zed, { client: zed });
  step('Search', '', { text: undefined });
  step('Action', 'write_file', { tool: 'write_file' });
  step('Folder', garden, { workspace: garden });
  step('Search', 'summer', { text: 'summer' });
  step('Client', '', { client: undefined });
  step('Result', 'error', { outcome: 'error' });
  step('Search', 'does not exist', { text: 'does not exist' });
  step('Action', '', { tool: undefined });
  step('Folder', '', { workspace: undefined });
  step('Search', 'kyoto', { text: 'kyoto' });
  step('Result', 'denied', { outcome: 'denied' });
  step('Search', 'lisbon hiking', { text: 'lisbon hiking' });
  step('Result', '', { outcome: undefined });
  step('Search', 'no-such-words', { text: 'no-such-words' });
  step('Search', 'garden', { text: 'garden' });
  step('Client', cursor, { client: cursor });
  step('When', 'between', {}, 'When: between (not set yet)');
  const from = local(0.4);
  const to = local(0.5);
  step('From', from, { since: epochOf(from) }, 'From: 40% into the log');
  step('Until', to, { until: epochOf(to) + 1000 }, 'Until: 50% into the log');
  step('When', 'any', { since: undefined, until: undefined });
  step('Client', '', { client: undefined });
  step('Search', 'md', { text: 'md' });
  step('Search', '', { text: undefined }, 'Search cleared: all records');
  return steps;
}

/** In the page: when a change starts a query, and when its results are on screen. */
async function installTimer(page: Page): Promise<void> {
  await page.evaluate(() => {
    const state = { t0: 0 };
    const start = () => {
      if (state.t0 === 0) state.t0 = performance.now();
    };
    document.addEventListener('input', start, true);
    document.addEventListener('change', start, true);
    document.addEventListener('keydown', (event) => event.key === 'Enter' && start(), true);
    const results = document.querySelector('.activity-results') as Element;
    Object.assign(window, {
      __benchArm(before: number) {
        state.t0 = 0;
        const done = new Promise<{ ms: number; total: number }>((resolve) => {
          const check = () => {
            if (
              Number(results.getAttribute('data-query-id')) > before &&
              results.getAttribute('aria-busy') === 'false'
            ) {
              observer.disconnect();
              // The frame that paints the committed rows.
              requestAnimationFrame(() =>
                resolve({
                  ms: performance.now() - state.t0,
                  total: Number(results.getAttribute('data-total')),
                }),
              );
            }
          };
          const observer = new MutationObserver(check);
          observer.observe(results, { attributes: true });
          setTimeout(() => resolve({ ms: Number.NaN, total: -1 }), 30_000);
        });
        Object.assign(window, { __benchDone: done });
      },
    });
  });
}

async function timeStep(page: Page, step: Step): Promise<{ ms: number; total: number }> {
  const before = Number(await page.locator('.activity-results').getAttribute('data-query-id'));
  if (step.control === 'Search') {
    const search = page.getByRole('searchbox', { name: 'Search' });
    // Typed first, untimed; the search runs, timed, on Enter (typing alone waits 120 ms).
    await search.evaluate((element, value) => {
      const input = element as HTMLInputElement;
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(input, value);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }, step.value);
    await arm(page, before);
    await search.press('Enter');
  } else if (step.control === 'From' || step.control === 'Until') {
    await arm(page, before);
    await page.getByLabel(step.control, { exact: true }).fill(step.value);
  } else {
    await arm(page, before);
    await page.getByRole('combobox', { name: step.control, exact: true }).selectOption(step.value);
  }
  const shown = await page.evaluate(
    () =>
      (window as unknown as { __benchDone: Promise<{ ms: number; total: number }> }).__benchDone,
  );
  if (Number.isNaN(shown.ms)) throw new Error(`${step.label}: no new results within 30 s`);
  return shown;
}

async function arm(page: Page, before: number): Promise<void> {
  await page.evaluate(
    (id) => (window as unknown as { __benchArm(id: number): void }).__benchArm(id),
    before,
  );
}

function localInput(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** What the page makes of a `datetime-local` value: local time. */
function epochOf(local: string): number {
  return new Date(local).getTime();
}

function report(log: ChainedLog, shown: number, readyS: number, timed: Timed[]): void {
  const browser = timed.map((row) => row.browserMs);
  const node = timed.map((row) => row.nodeMs);
  const summary = {
    records: log.records,
    logMB: Number((log.bytes / 1e6).toFixed(1)),
    files: log.files.length,
    windowReadyS: Number(readyS.toFixed(1)),
    queries: timed.length,
    browserP50Ms: round(median(browser)),
    browserP95Ms: round(percentile(browser, 95)),
    browserMaxMs: round(Math.max(...browser)),
    nodeP50Ms: round(median(node)),
    nodeP95Ms: round(percentile(node, 95)),
    targetMs: TARGET_MS,
    loadAverage: os.loadavg()[0] ?? 0,
  };
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ summary, queries: timed }, null, 2)}\n`);
    return;
  }
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const lines = [
    `Activity viewer, new query to results on screen (load ${summary.loadAverage.toFixed(1)})`,
    `${log.records.toLocaleString('en-US')} records (${summary.logMB} MB, ${summary.files} files); the window showed ${shown.toLocaleString('en-US')} after ${summary.windowReadyS} s`,
    '',
    '| query | matches | browser | engine in Node |',
    '| --- | ---: | ---: | ---: |',
    ...timed.map(
      (row) =>
        `| ${row.label} | ${row.total.toLocaleString('en-US')} | ${ms(row.browserMs)} | ${ms(row.nodeMs)} |`,
    ),
    '',
    '| measure | browser | engine in Node | ratio to engine | target | ratio to target | result |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    `| p50 of ${timed.length} | ${ms(summary.browserP50Ms)} | ${ms(summary.nodeP50Ms)} | ${(summary.browserP50Ms / summary.nodeP50Ms).toFixed(2)}x | ≤ ${TARGET_MS} ms | ${(summary.browserP50Ms / TARGET_MS).toFixed(2)}x | ${summary.browserP50Ms <= TARGET_MS ? 'PASS' : 'MISS'} |`,
    `| p95 of ${timed.length} | ${ms(summary.browserP95Ms)} | ${ms(summary.nodeP95Ms)} | ${(summary.browserP95Ms / summary.nodeP95Ms).toFixed(2)}x | ≤ ${TARGET_MS} ms | ${(summary.browserP95Ms / TARGET_MS).toFixed(2)}x | ${summary.browserP95Ms <= TARGET_MS ? 'PASS' : 'MISS'} |`,
    `| slowest | ${ms(summary.browserMaxMs)} | — | — | — | — | — |`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
