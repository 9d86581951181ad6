import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSearchTime } from '../../../../main/core/audit/search/search-time.ts';

describe('parseSearchTime: a time typed at a terminal', () => {
  const now = new Date(2025, 5, 15, 14, 30, 0); // 15 June 2025, 14:30 local time

  it('reads a span back from now in seconds, minutes, hours, days and weeks', () => {
    const back = (ms: number) => now.getTime() - ms;
    assert.equal(parseSearchTime('45s', now), back(45_000));
    assert.equal(parseSearchTime('30m', now), back(30 * 60_000));
    assert.equal(parseSearchTime('1h', now), back(3_600_000));
    assert.equal(parseSearchTime('2d', now), back(2 * 86_400_000));
    assert.equal(parseSearchTime('1w', now), back(7 * 86_400_000));
  });

  it('reads today and yesterday as local midnight, in any case', () => {
    assert.equal(parseSearchTime('today', now), new Date(2025, 5, 15).getTime());
    assert.equal(parseSearchTime('Yesterday', now), new Date(2025, 5, 14).getTime());
    const firstOfMonth = new Date(2025, 6, 1, 9, 0);
    assert.equal(parseSearchTime('yesterday', firstOfMonth), new Date(2025, 5, 30).getTime());
  });

  it('still reads a time as Date.parse does', () => {
    assert.equal(parseSearchTime('2025-06-01T12:00:00Z', now), Date.UTC(2025, 5, 1, 12));
    assert.equal(parseSearchTime('2025-06-01T14:30', now), new Date(2025, 5, 1, 14, 30).getTime());
  });

  it('gives undefined for anything else, so the caller can say what it takes', () => {
    for (const text of ['', 'soon', '1y', '-1h', '1.5h', 'h', 'last tuesday'])
      assert.equal(parseSearchTime(text, now), undefined, text);
  });
});
