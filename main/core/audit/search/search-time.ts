/** Milliseconds in each unit a span back from now may use: `30m`, `1h`, `2d`, `1w`. */
const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** What a time given to a search may look like, for a message that says what to type. */
export const SEARCH_TIME_FORMS =
  'a time (2025-06-01 or 2025-06-01T14:30), a span back from now (30m, 1h, 2d, 1w), today or yesterday';

/**
 * A time typed by a person at a terminal, as epoch milliseconds: a span back from `now`,
 * `today` or `yesterday` (their midnight, local time, as a person means them), or anything
 * Date.parse reads. Undefined when it is none of these.
 */
export function parseSearchTime(text: string, now: Date = new Date()): number | undefined {
  const word = text.trim().toLowerCase();
  if (word === 'today') return localMidnight(now, 0);
  if (word === 'yesterday') return localMidnight(now, -1);
  const span = /^(\d+)\s*([smhdw])$/.exec(word);
  if (span) return now.getTime() - Number(span[1]) * (UNIT_MS[span[2] as string] as number);
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The Date constructor keeps local midnight right across a daylight-saving change. */
function localMidnight(now: Date, dayOffset: number): number {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + dayOffset).getTime();
}
