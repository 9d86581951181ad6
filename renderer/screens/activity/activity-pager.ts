// The list's records, page by page, as the person scrolls: the first page answers a new
// query; the rest are read on demand through the search engine, below the newest record
// the first page saw, so places hold while newer records arrive (the live tail counts those).
import type { RequestOf, ResponseOf } from '../../../preload/ipc-contract.ts';
import type { ActivityRecord } from './activity-words.ts';

export type ActivityFilters = NonNullable<RequestOf<'queryActivity'>['filters']>;
type QueryActivity = (request: RequestOf<'queryActivity'>) => Promise<ResponseOf<'queryActivity'>>;

export const PAGE_SIZE = 100;
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
  /** Goes up whenever anything above or a page changes. */
  readonly version: number;
}

export class ActivityPager {
  readonly #query: QueryActivity;
  readonly #describe: (error: unknown) => string;
  readonly #listeners = new Set<() => void>();
  #filters: ActivityFilters = {};
  #pages = new Map<number, ActivityRecord[]>();
  #cursors = new Map<number, string>();
  #inFlight = new Set<number>();
  #wanted: { first: number; last: number } = { first: 0, last: 0 };
  #beforeSeq: number | undefined;
  #counting = false;
  #view: PagerView = {
    queryId: 0,
    loading: true,
    total: 0,
    newer: 0,
    problem: undefined,
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

  /** Starts a new query (new filters, or the same ones to take in newer records). */
  async load(filters: ActivityFilters): Promise<void> {
    const queryId = this.#view.queryId + 1;
    this.#filters = filters;
    this.#update({ queryId, loading: true, problem: undefined });
    try {
      const page = await this.#query({ filters, limit: PAGE_SIZE });
      if (queryId !== this.#view.queryId) return;
      this.#pages = new Map([[0, page.records]]);
      this.#cursors = new Map(page.nextCursor ? [[0, page.nextCursor]] : []);
      this.#inFlight = new Set();
      this.#beforeSeq = page.newestSeq + 1;
      this.#update({ loading: false, total: page.totalMatched, newer: 0 });
      this.#pump();
    } catch (error) {
      if (queryId !== this.#view.queryId) return;
      this.#update({ loading: false, problem: this.#describe(error) });
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
      if (this.#pages.has(page) || this.#inFlight.has(page)) continue;
      void this.#fetch(page);
    }
  }

  async #fetch(page: number): Promise<void> {
    const queryId = this.#view.queryId;
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
      if (queryId !== this.#view.queryId) return;
      this.#pages.set(page, answer.records);
      if (answer.nextCursor) this.#cursors.set(page, answer.nextCursor);
      this.#update({});
    } catch (error) {
      if (queryId === this.#view.queryId) this.#update({ problem: this.#describe(error) });
    } finally {
      if (queryId === this.#view.queryId) {
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
