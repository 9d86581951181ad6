import type { NormalizedQuery } from './audit-query.ts';
import { isUnder } from './path-prefix.ts';
import { indexedFields, pathStrings, timestampMs } from './record-fields.ts';

/**
 * A query as a test of one record object: what a live-tail subscription applies to each
 * appended record. It states the same rules the columnar scan applies to rows.
 */
export function recordPredicate(query: NormalizedQuery): (record: unknown) => boolean {
  return (value) => {
    const record = indexedFields(value);
    if (record === undefined) return false;
    if (query.outcome !== undefined && record.outcome !== query.outcome) return false;
    if (query.tool !== undefined && record.tool !== query.tool) return false;
    if (query.client !== undefined && record.client !== query.client) return false;
    if (query.workspace !== undefined && record.workspace !== query.workspace) return false;
    if (query.event !== undefined && record.event !== query.event) return false;
    if (query.transport !== undefined && record.transport !== query.transport) return false;
    if (query.since !== -Infinity || query.until !== Infinity) {
      const ts = timestampMs(record.ts);
      if (!(ts >= query.since && ts < query.until)) return false;
    }
    const paths = pathStrings(record.paths);
    const prefix = query.pathPrefix;
    if (prefix !== undefined && !paths.some((path) => isUnder(path, prefix))) return false;
    if (query.terms.length === 0) return true;
    const searchable = [...paths, record.reason, record.tool, record.client]
      .filter((text): text is string => text !== undefined)
      .map((text) => text.toLowerCase());
    return query.terms.every((term) => searchable.some((text) => text.includes(term)));
  };
}
