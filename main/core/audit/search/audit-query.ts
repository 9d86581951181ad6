import type { AuditRecord } from '../audit-record.ts';
import { parsePathPrefix, type PathPrefix } from './path-prefix.ts';
import { parseTerms } from './query-text.ts';
import { isCallOutcome, type CallOutcome } from '../../../../preload/contract/vocabulary.ts';

/** What the viewer and `airlock audit search` ask for. Every filter given must hold (AND). */
export interface AuditQuery {
  /**
   * Case-insensitive substrings, all of which must occur in the record's paths, reason,
   * tool or client (each term within one of those values). "Quotes" keep a phrase whole.
   */
  text?: string;
  /** Exact tool name, e.g. `read_text_file`. */
  tool?: string;
  /** Exact client name as recorded from MCP clientInfo. */
  client?: string;
  outcome?: CallOutcome;
  /** Exact workspace as recorded. */
  workspace?: string;
  /** Exact event kind, e.g. `tool_call`, `settings_change`. */
  event?: string;
  /** Exact transport, e.g. `stdio`, `http`. */
  transport?: string;
  /** Segment-aware: `/ws` matches `/ws` and `/ws/a`, not `/ws_evil`. Any path of the record counts. */
  pathPrefix?: string;
  /** Inclusive lower bound on `ts`: epoch milliseconds or an ISO 8601 string. */
  since?: number | string;
  /** Exclusive upper bound on `ts`: epoch milliseconds or an ISO 8601 string. */
  until?: number | string;
  /** Records per page: default 50, at most 1000. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
  /**
   * Matching records to skip before the page starts, counted from the cursor (or from the
   * newest record) on: a viewer can open any position of a long list. Default 0.
   */
  offset?: number;
}

export interface AuditPage {
  /** The matching records, newest first (highest `seq` first). */
  records: AuditRecord[];
  /** Present when more matching records follow; pass it as `cursor` for the next page. */
  nextCursor?: string;
  /**
   * Exact number of records matching the filters, over the whole index (not only from the
   * cursor on). Always present from AuditIndex.query: counting is part of its scan.
   */
  totalMatched?: number;
  /** Rows the scan examined (after narrowing by time), a measure of the query's work. */
  scanned: number;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 1000;

export class AuditQueryError extends RangeError {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.name = 'AuditQueryError';
    this.field = field;
  }
}

/** A query checked and put in the form both the index and the live-tail filter use. */
export interface NormalizedQuery {
  readonly terms: readonly string[];
  readonly tool?: string;
  readonly client?: string;
  readonly outcome?: CallOutcome;
  readonly workspace?: string;
  readonly event?: string;
  readonly transport?: string;
  readonly pathPrefix?: PathPrefix;
  /** Inclusive, epoch ms; -Infinity when unbounded. */
  readonly since: number;
  /** Exclusive, epoch ms; +Infinity when unbounded. */
  readonly until: number;
  readonly limit: number;
  readonly cursor?: string;
  readonly offset: number;
}

/** Empty strings count as "no filter", since that is what an untouched form field sends. */
export function normalizeQuery(query: AuditQuery): NormalizedQuery {
  if (query.outcome !== undefined && !isCallOutcome(query.outcome)) {
    throw new AuditQueryError('outcome', 'outcome must be ok, denied or error.');
  }
  const limit = query.limit === undefined ? DEFAULT_LIMIT : Math.floor(query.limit);
  if (!Number.isFinite(limit) || limit < 1) {
    throw new AuditQueryError('limit', 'limit must be a positive number.');
  }
  const offset = query.offset === undefined ? 0 : Math.floor(query.offset);
  if (!Number.isFinite(offset) || offset < 0) {
    throw new AuditQueryError('offset', 'offset must be 0 or more.');
  }
  const pathPrefix = present(query.pathPrefix);
  return {
    terms: parseTerms(query.text),
    ...optional('tool', present(query.tool)),
    ...optional('client', present(query.client)),
    ...optional('outcome', query.outcome),
    ...optional('workspace', present(query.workspace)),
    ...optional('event', present(query.event)),
    ...optional('transport', present(query.transport)),
    ...optional('pathPrefix', pathPrefix === undefined ? undefined : parsePathPrefix(pathPrefix)),
    since: toEpochMs('since', query.since, -Infinity),
    until: toEpochMs('until', query.until, Infinity),
    limit: Math.min(limit, MAX_LIMIT),
    ...optional('cursor', present(query.cursor)),
    offset,
  };
}

function present(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function toEpochMs(field: string, value: number | string | undefined, unbounded: number): number {
  if (value === undefined || value === '') return unbounded;
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (Number.isNaN(ms))
    throw new AuditQueryError(field, `${field} must be epoch milliseconds or an ISO 8601 time.`);
  return ms;
}
