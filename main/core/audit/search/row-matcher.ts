import type { RowColumns } from './row-columns.ts';

/** Masks over dictionary ids for one text term: 1 where that value contains the term. */
export interface TermMasks {
  readonly tool: Uint8Array | null;
  readonly client: Uint8Array | null;
  readonly reason: Uint8Array | null;
  readonly path: Uint8Array | null;
}

/** A query compiled against the dictionaries: ids instead of strings, -1 for "any". */
export interface RowFilter {
  /** Rows [low, high) can match; the rest are excluded by the time range already. */
  readonly low: number;
  readonly high: number;
  readonly outcome: number;
  readonly event: number;
  readonly transport: number;
  readonly tool: number;
  readonly client: number;
  readonly workspace: number;
  /** Checked per row only when the time column is out of order (else low/high did it). */
  readonly checkTime: boolean;
  readonly since: number;
  readonly until: number;
  /** Path ids under the path prefix, or null for no prefix filter. */
  readonly pathMask: Uint8Array | null;
  readonly terms: readonly TermMasks[];
}

/** The per-row test of the columnar scan: typed-array reads and mask lookups only. */
export class RowMatcher {
  readonly filter: RowFilter;
  readonly #rows: RowColumns;

  constructor(rows: RowColumns, filter: RowFilter) {
    this.#rows = rows;
    this.filter = filter;
  }

  matches(row: number): boolean {
    const f = this.filter;
    const rows = this.#rows;
    if (f.outcome >= 0 && rows.outcome[row] !== f.outcome) return false;
    if (f.tool >= 0 && rows.tool[row] !== f.tool) return false;
    if (f.client >= 0 && rows.client[row] !== f.client) return false;
    if (f.workspace >= 0 && rows.workspace[row] !== f.workspace) return false;
    if (f.event >= 0 && rows.event[row] !== f.event) return false;
    if (f.transport >= 0 && rows.transport[row] !== f.transport) return false;
    if (f.checkTime) {
      const ts = rows.ts[row] as number;
      if (!(ts >= f.since && ts < f.until)) return false;
    }
    if (f.pathMask !== null && !this.#anyPath(row, f.pathMask)) return false;
    const terms = f.terms;
    for (let i = 0; i < terms.length; i++) {
      const term = terms[i] as TermMasks;
      if (term.tool !== null && term.tool[rows.tool[row] as number] === 1) continue;
      if (term.client !== null && term.client[rows.client[row] as number] === 1) continue;
      if (term.reason !== null && term.reason[rows.reason[row] as number] === 1) continue;
      if (term.path !== null && this.#anyPath(row, term.path)) continue;
      return false;
    }
    return true;
  }

  #anyPath(row: number, mask: Uint8Array): boolean {
    const rows = this.#rows;
    const end = rows.pathStart[row + 1] as number;
    for (let i = rows.pathStart[row] as number; i < end; i++) {
      if (mask[rows.pathIds[i] as number] === 1) return true;
    }
    return false;
  }
}
