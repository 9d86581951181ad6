// The activity list's pager (renderer/screens/activity/activity-pager.ts, plain TS): pages
// read as the person scrolls, and what it does when main cannot answer for a page — it
// tells the person once and stops asking, instead of asking again and again at once.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RequestOf, ResponseOf } from '../../../../preload/ipc-contract.ts';
import { ActivityPager, PAGE_SIZE } from '../../../../renderer/screens/activity/activity-pager.ts';

type Request = RequestOf<'queryActivity'>;
type Page = ResponseOf<'queryActivity'>;

/** What the window's `failureMessage` gives for a refused call. */
const describeError = (error: unknown) => (error as Error).message;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Main's side for a log of `total` records (seq `total` is the newest), answering like the
 * search engine: a cursor continues below the page it came from, `beforeSeq` keeps places
 * below a seq, `offset` skips. `refuse` decides which requests fail, and how.
 */
function fakeMain(total: number, refuse: (request: Request) => Promise<never> | undefined) {
  const requests: Request[] = [];
  const query = async (request: Request): Promise<Page> => {
    requests.push(request);
    // A runaway pager is stopped here, so that the test fails instead of spinning for ever.
    if (requests.length > 200) return new Promise<Page>(() => undefined);
    const refused = refuse(request);
    if (refused) return refused;
    const limit = request.limit ?? 100;
    const top = request.cursor
      ? Number(request.cursor.slice(1)) - 1
      : Math.min(total, (request.beforeSeq ?? total + 1) - 1);
    const first = top - (request.offset ?? 0);
    const seqs: number[] = [];
    for (let seq = first; seq >= 1 && seqs.length < limit; seq--) seqs.push(seq);
    const last = seqs.at(-1);
    return {
      records: seqs.map((seq) => ({ seq, ts: '', event: 'tool_call', outcome: 'ok' as const })),
      totalMatched: total,
      ...(last !== undefined && last > 1 ? { nextCursor: `s${last}` } : {}),
      newestSeq: total,
    };
  };
  return { query, requests };
}

const failAfter = (ms: number, message: string) =>
  pause(ms).then(() => Promise.reject(new Error(message)));
const isFirstPage = (request: Request) =>
  !request.cursor && !request.offset && request.beforeSeq === undefined;

describe('the activity pager', () => {
  it('reads the first page, then the pages the person scrolls to, continuing from cursors', async () => {
    const main = fakeMain(1000, () => undefined);
    const pager = new ActivityPager(main.query, describeError);
    await pager.load({ tool: 'write_file' });
    assert.deepEqual(main.requests, [{ filters: { tool: 'write_file' }, limit: PAGE_SIZE }]);
    assert.equal(pager.view().total, 1000);
    assert.deepEqual(pager.view().shown, { filters: { tool: 'write_file' }, beforeSeq: 1001 });
    pager.want(120, 150);
    await pause(10);
    assert.deepEqual(main.requests[1], {
      filters: { tool: 'write_file' },
      limit: PAGE_SIZE,
      cursor: 's901',
    });
    assert.equal(pager.recordAt(120)?.seq, 880);
    assert.equal(pager.view().problem, undefined);
  });

  it('asks for a failing page a bounded number of times, and not again until the next search', async () => {
    // The reviewer's case: every page after the first fails a millisecond after it is asked.
    const main = fakeMain(1000, (request) =>
      isFirstPage(request) ? undefined : failAfter(1, 'The log cannot be read now.'),
    );
    const pager = new ActivityPager(main.query, describeError);
    await pager.load({});
    pager.want(100, 150);
    await pause(200);
    // Once from the cursor, once by its place; then the person is told, and it waits.
    assert.equal(main.requests.length, 3, `${main.requests.length} requests in 200 ms`);
    assert.match(pager.view().problem ?? '', /could not be read.*The log cannot be read now\./);
    assert.equal(pager.recordAt(120), undefined);
    assert.equal(pager.failedAt(120), true);
    assert.equal(pager.failedAt(20), false, 'the first page is there');
    pager.want(90, 160);
    await pause(20);
    assert.equal(main.requests.length, 3, 'scrolling over it does not ask again');
  });

  it('does not spin when main refuses at once', async () => {
    const main = fakeMain(1000, (request) =>
      isFirstPage(request) ? undefined : Promise.reject(new Error('Airlock is stopping.')),
    );
    const pager = new ActivityPager(main.query, describeError);
    await pager.load({});
    pager.want(100, 350);
    await pause(50);
    // Pages 1, 2 and 3: page 1 from its cursor and then by place, the others by place.
    assert.ok(main.requests.length <= 5, `${main.requests.length} requests`);
    for (const index of [100, 250, 350]) assert.equal(pager.failedAt(index), true);
    assert.match(pager.view().problem ?? '', /Airlock is stopping\./);
  });

  it('reads a page whose cursor is out of date again by its place, below the first page', async () => {
    // The index was rebuilt after the first page: its cursor is refused, places still hold.
    const main = fakeMain(1000, (request) =>
      request.cursor
        ? failAfter(1, 'This part of the list is out of date. Search again.')
        : undefined,
    );
    const pager = new ActivityPager(main.query, describeError);
    await pager.load({});
    pager.want(100, 150);
    await pause(30);
    assert.equal(main.requests.length, 3);
    assert.deepEqual(main.requests[2], {
      filters: {},
      limit: PAGE_SIZE,
      offset: 100,
      beforeSeq: 1001,
    });
    assert.equal(pager.recordAt(100)?.seq, 900);
    assert.equal(pager.failedAt(100), false);
    assert.equal(pager.view().problem, undefined, 'nothing to tell the person');
  });

  it('asks again for a page that failed once the person searches again', async () => {
    let failing = true;
    const main = fakeMain(1000, (request) =>
      failing && !isFirstPage(request) ? failAfter(1, 'Not now.') : undefined,
    );
    const pager = new ActivityPager(main.query, describeError);
    await pager.load({});
    pager.want(100, 150);
    await pause(30);
    assert.equal(pager.failedAt(120), true);
    failing = false;
    await pager.load({});
    assert.equal(pager.view().problem, undefined);
    await pause(30);
    assert.equal(pager.failedAt(120), false);
    assert.equal(pager.recordAt(120)?.seq, 880);
  });

  it('keeps the list it shows, with its filters and its bound, when a new search fails', async () => {
    let failing = false;
    const main = fakeMain(1000, () => (failing ? failAfter(1, 'Not now.') : undefined));
    const pager = new ActivityPager(main.query, describeError);
    await pager.load({ outcome: 'denied' });
    failing = true;
    await pager.load({ outcome: 'ok' });
    assert.equal(pager.view().problem, 'Not now.');
    assert.equal(pager.view().loading, false);
    assert.deepEqual(pager.view().shown, { filters: { outcome: 'denied' }, beforeSeq: 1001 });
    failing = false;
    pager.want(100, 150);
    await pause(30);
    assert.deepEqual(main.requests.at(-1), {
      filters: { outcome: 'denied' },
      limit: PAGE_SIZE,
      cursor: 's901',
    });
    assert.equal(pager.recordAt(100)?.seq, 900);
  });

  it("tells a live refresh from the person's own search", async () => {
    const main = fakeMain(1000, () => undefined);
    const pager = new ActivityPager(main.query, describeError);
    await pager.load({});
    assert.equal(pager.view().live, false);
    const refreshing = pager.load({}, 'live');
    assert.equal(pager.view().live, true);
    assert.equal(pager.view().loading, true);
    await refreshing;
    assert.equal(pager.view().live, true);
    // A search the person started, overtaken by a refresh before it answered, is still
    // theirs: its result is what they wait to hear.
    const search = pager.load({ text: 'taxes' });
    const refresh = pager.load({ text: 'taxes' }, 'live');
    assert.equal(pager.view().live, false);
    await Promise.all([search, refresh]);
    assert.equal(pager.view().live, false);
  });
});
