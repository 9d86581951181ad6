// Measure 3b: list_directory on a bare v2 SDK server against the official server, p50
// (reported only). Row 3 compares Airlock with the official server; this row says how much
// of that distance the SDK alone accounts for, measured the same way in the same run.
import type { Fixtures } from '../fixtures.ts';
import type { Row } from '../result.ts';
import type { Session } from '../stdio-server.ts';
import { callOk, textOf } from '../tool-calls.ts';
import { lastEntryOf, pairedListingMedians } from './list-directory.ts';

export async function measureSdkFloor(
  floor: Session,
  official: Session,
  fixtures: Fixtures,
  warmup: number,
  count: number,
): Promise<Row> {
  const last = lastEntryOf(fixtures);
  if (!textOf(await callOk(floor, 'list_directory', { path: fixtures.listDir })).includes(last)) {
    throw new Error(`the SDK floor server's listing lacks ${last}`);
  }
  const { subjectMs: floorMs, officialMs } = await pairedListingMedians(
    floor,
    official,
    fixtures,
    warmup,
    count,
  );
  return {
    measure: `list_directory ${fixtures.listEntries} entries p50, bare v2 SDK (${count} calls)`,
    airlockMs: floorMs,
    subjectName: floor.spec.label,
    referenceName: official.spec.label,
    referenceMs: officialMs,
    ratio: floorMs / officialMs,
    ratioLabel: 'F/O',
    target: 'report only',
    status: 'INFO',
    note: 'F is a v2 SDK server that only reads the folder (bench/baseline/sdk-floor-server.ts): no checks, no audit. The room left under 1.0x is what all of the guarantees must fit in.',
  };
}
