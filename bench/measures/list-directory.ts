// Measure 3: list_directory of a directory of ~200 entries, p50.
import { basename } from 'node:path';
import type { Fixtures } from '../fixtures.ts';
import { pairedSamples } from '../paired-samples.ts';
import type { Row } from '../result.ts';
import { verdict } from '../result.ts';
import { median } from '../stats.ts';
import type { Session } from '../stdio-server.ts';
import { callOk, textOf } from '../tool-calls.ts';

/** The name of the listing's last entry: a listing is complete when it contains it. */
export function lastEntryOf(fixtures: Fixtures): string {
  return `entry-${String(fixtures.listEntries - 1).padStart(3, '0')}`;
}

/** The median listing time of each server, the two called in turn. */
export async function pairedListingMedians(
  subject: Session,
  official: Session,
  fixtures: Fixtures,
  warmup: number,
  count: number,
): Promise<{ subjectMs: number; officialMs: number }> {
  const args = { path: fixtures.listDir };
  const samples = await pairedSamples(
    () => callOk(subject, 'list_directory', args),
    () => callOk(official, 'list_directory', args),
    warmup,
    count,
  );
  return { subjectMs: median(samples.a), officialMs: median(samples.b) };
}

export async function measureListDirectory(
  airlock: Session,
  official: Session,
  fixtures: Fixtures,
  warmup: number,
  count: number,
): Promise<Row> {
  // The listing is complete when the last entry (sorted or not) is in it.
  const last = lastEntryOf(fixtures);
  const seen = textOf(await callOk(airlock, 'list_directory', { path: fixtures.listDir }));
  const note = seen.includes(last)
    ? undefined
    : `Airlock's first page of ${basename(fixtures.listDir)}/ lacks ${last}: listing is paged or capped`;
  const { subjectMs: airlockMs, officialMs } = await pairedListingMedians(
    airlock,
    official,
    fixtures,
    warmup,
    count,
  );
  const ratio = airlockMs / officialMs;
  return {
    measure: `list_directory ${fixtures.listEntries} entries p50 (${count} calls)`,
    airlockMs,
    referenceName: official.spec.label,
    referenceMs: officialMs,
    ratio,
    ratioLabel: 'A/O',
    target: '≤1.0x A/O',
    status: verdict(ratio <= 1.0),
    ...(note === undefined ? {} : { note }),
  };
}
