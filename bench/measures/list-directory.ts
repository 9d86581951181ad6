// Measure 3: list_directory of a directory of ~200 entries, p50.
import { basename } from 'node:path';
import type { Fixtures } from '../fixtures.ts';
import { pairedSamples } from '../paired-samples.ts';
import type { Row } from '../result.ts';
import { verdict } from '../result.ts';
import { median } from '../stats.ts';
import type { Session } from '../stdio-server.ts';
import { callOk, textOf } from '../tool-calls.ts';

export async function measureListDirectory(
  airlock: Session,
  official: Session,
  fixtures: Fixtures,
  warmup: number,
  count: number,
): Promise<Row> {
  const args = { path: fixtures.listDir };
  // The listing is complete when the last entry (sorted or not) is in it.
  const last = `entry-${String(fixtures.listEntries - 1).padStart(3, '0')}`;
  const seen = textOf(await callOk(airlock, 'list_directory', args));
  const note = seen.includes(last)
    ? undefined
    : `Airlock's first page of ${basename(fixtures.listDir)}/ lacks ${last}: listing is paged or capped`;
  const samples = await pairedSamples(
    () => callOk(airlock, 'list_directory', args),
    () => callOk(official, 'list_directory', args),
    warmup,
    count,
  );
  const airlockMs = median(samples.a);
  const officialMs = median(samples.b);
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
