// The "When" filter: a few ranges that end now, or two times the person picks.
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

export const TIME_RANGES = [
  { id: 'any', label: 'Any time', span: undefined },
  { id: 'hour', label: 'Last hour', span: HOUR },
  { id: 'day', label: 'Last 24 hours', span: DAY },
  { id: 'week', label: 'Last 7 days', span: 7 * DAY },
  { id: 'month', label: 'Last 30 days', span: 30 * DAY },
  { id: 'between', label: 'Between two times', span: undefined },
] as const;

export type TimeRangeId = (typeof TIME_RANGES)[number]['id'];

/**
 * The range as epoch milliseconds, `since` inclusive and `until` exclusive. "Between" reads
 * `datetime-local` values in the person's own time zone; the "until" minute or second is
 * included whole.
 */
export function timeBounds(
  range: TimeRangeId,
  from: string,
  to: string,
  now: number,
): { since?: number; until?: number } {
  if (range === 'between') {
    const since = localTime(from);
    const end = localTime(to);
    const until = end === undefined ? undefined : end + (to.length > 16 ? 1000 : 60_000);
    if (since !== undefined && until !== undefined && since >= until) return { since };
    return {
      ...(since !== undefined ? { since } : {}),
      ...(until !== undefined ? { until } : {}),
    };
  }
  const span = TIME_RANGES.find((entry) => entry.id === range)?.span;
  return span === undefined ? {} : { since: Math.max(0, now - span) };
}

function localTime(value: string): number | undefined {
  if (!value) return undefined;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) || ms < 0 ? undefined : ms;
}
