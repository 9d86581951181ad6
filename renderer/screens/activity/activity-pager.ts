// The list's records, page by page, as the person scrolls: the first page answers a new
// query; the rest are read on demand through the search engine, below the newest record
// the first page saw, so places hold while newer records arrive (the live tail counts those).
import type { RequestOf, ResponseOf } from '../../../preload/ipc-contract.ts';
import type { ActivityRecord } from './activity-words.ts';

export type ActivityFilters = NonNullable<RequestOf<'queryActivity'>['filters']>;
type QueryActivity = (request: RequestOf<'queryActivity'>) => Promise<ResponseOf<'queryActivity'>>;

export const PAGE_SIZE = 100;

/** What the list holds: the filters of its query, and the seq its records are all below. */
export interface ListScope {
  readonly filters: ActivityFilters;
  readonly beforeSeq: number;
}

/** `search`: the person asked. `live`: the same query again, for the live tail's new records. */
export type LoadReason = 'search' | 'live';
/** Pages read at once; the rest wait, and are dropped if the person scrolled past them. */
const MAX_IN_FLIGHT = 2;

export interface PagerView {
  /** Goes up by one with every new query. */
  readonly queryId: number;
  /** The first page of the current query is still being read. */
  readonly loading: boolean;
  /** Records the list holds: the matches when the query was made. */
  readonly total: number;
  /** Matching records added since, not in the list yet. */
  readonly newer: number;
  readonly problem: string | undefined;
  /**
   * The current query only takes in newer records for the live tail: the person did not
   * ask for it, so there is nothing to announce.
   */
  readonly live: boolean;
  /** The query the records shown answer (undefined until one has): what an export saves. */
  readonly shown: ListScope | undefined;
  /** Goes up whenever anything above or a page changes. */
  readonly version: number;
}

export class ActivityPager {
  readonly #query: QueryActivity;
  readonly #describe: (error: unknown) => string;
  readonly #listeners = new Set<() => void>();
  #filters: ActivityFilters = {};
  /** The query the pages below belong to: the last one that answered. */
  #generation = 0;
  #pages = new Map<number, ActivityRecord[]>();
  #cursors = new Map<number, string>();
  #inFlight = new Set<number>();
  /** Pages main could not give: not asked for again until the next query answers. */
  #failed = new Set<number>();
  #wanted: { first: number; last: number } = { first: 0, last: 0 };
  #beforeSeq: number | undefined;
  #counting = false;
  #view: PagerView = {
    queryId: 0,
    loading: true,
    total: 0,
    newer: 0,
    problem: undefined,
    live: false,
    shown: undefined,
    version: 0,
  };

  constructor(query: QueryActivity, describe: (error: unknown) => string) {
    this.#query = query;
    this.#describe = describe;
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  readonly view = (): PagerView => this.#view;

  recordAt(index: number): ActivityRecord | undefined {
    return this.#pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  }

  /** The page holding row `index` could not be read (until the next query answers). */
  failedAt(index: number): boolean {
    return this.#failed.has(Math.floor(index / PAGE_SIZE));
  }

  /**
   * Starts a new query (new filters, or the same ones to take in newer records). Until it
   * answers, the list keeps the records of the last query that did; if it fails, it keeps
   * them, with the problem.
   */
  async load(filters: ActivityFilters, reason: LoadReason = 'search'): Promise<void> {
    const queryId = this.#view.queryId + 1;
    // A refresh that overtakes a search still being read is still that search.
    const live = reason === 'live' && !(this.#view.loading && !this.#view.live);
    this.#update({ queryId, loading: true, live, problem: undefined });
    try {
      const page = await this.#query({ filters, limit: PAGE_SIZE });
      if (queryId !== this.#view.queryId) return;
      this.#generation = queryId;
      this.#filters = filters;
      this.#pages = new Map([[0, page.records]]);
      this.#cursors = new Map(page.nextCursor ? [[0, page.nextCursor]] : []);
      this.#inFlight = new Set();
      this.#failed = new Set();
      this.#beforeSeq = page.newestSeq + 1;
      this.#update({
        loading: false,
        total: page.totalMatched,
        newer: 0,
        shown: { filters, beforeSeq: this.#beforeSeq },
      });
      this.#pump();
    } catch (error) {
      if (queryId !== this.#view.queryId) return;
      this.#update({ loading: false, problem: this.#describe(error) });
      this.#pump();
    }
  }

  /** The rows the list shows now (with some around them): their pages are read first. */
  want(first: number, last: number): void {
    this.#wanted = { first, last };
    this.#pump();
  }

  /** Counts the matching records added since the query, for "N new records — show them". */
  async countNewer(): Promise<void> {
    if (this.#counting || this.#view.loading) return;
    this.#counting = true;
    const queryId = this.#view.queryId;
    try {
      const page = await this.#query({ filters: this.#filters, limit: 1 });
      if (queryId === this.#view.queryId)
        this.#update({ newer: Math.max(0, page.totalMatched - this.#view.total) });
    } catch {
      // The count is a hint; the next record tries again.
    } finally {
      this.#counting = false;
    }
  }

  #pump(): void {
    if (this.#view.loading || this.#view.total === 0) return;
    const lastPage = Math.floor((this.#view.total - 1) / PAGE_SIZE);
    const from = Math.floor(this.#wanted.first / PAGE_SIZE);
    const to = Math.min(lastPage, Math.floor(this.#wanted.last / PAGE_SIZE));
    for (let page = from; page <= to && this.#inFlight.size < MAX_IN_FLIGHT; page++) {
      if (this.#pages.has(page) || this.#inFlight.has(page) || this.#failed.has(page)) continue;
      void this.#fetch(page);
    }
  }

  async #fetch(page: number): Promise<void> {
    const generation = this.#generation;
    this.#inFlight.add(page);
    const cursor = this.#cursors.get(page - 1);
    try {
      // The page after one already read continues from its cursor; any other is opened by
      // its place below the first page's newest record.
      const answer = await this.#query(
        cursor
          ? { filters: this.#filters, limit: PAGE_SIZE, cursor }
          : {
              filters: this.#filters,
              limit: PAGE_SIZE,
              offset: page * PAGE_SIZE,
              ...(this.#beforeSeq ? { beforeSeq: this.#beforeSeq } : {}),
            },
      );
      if (generation !== this.#generation) return;
      this.#pages.set(page, answer.records);
      if (answer.nextCursor) this.#cursors.set(page, answer.nextCursor);
      this.#update({});
    } catch (error) {
      if (generation !== this.#generation) return;
      if (cursor !== undefined && this.#cursors.get(page - 1) === cursor) {
        // A cursor made before the index was read again is refused; the place still holds,
        // so the page is asked for once more by its place (the pump below does it).
        this.#cursors.delete(page - 1);
      } else {
        // Not again for this query: asking at once would fail the same way, over and over.
        this.#failed.add(page);
        this.#update({ problem: `Some records could not be read. ${this.#describe(error)}` });
      }
    } finally {
      if (generation === this.#generation) {
        this.#inFlight.delete(page);
        this.#pump();
      }
    }
  }

  #update(change: Partial<PagerView>): void {
    this.#view = { ...this.#view, ...change, version: this.#view.version + 1 };
    for (const listener of this.#listeners) listener();
  }
}
