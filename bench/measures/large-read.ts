// Measure 4: read_text_file of a file just under 1 MiB, p50 (reported only).
import type { Fixtures } from '../fixtures.ts';
import { pairedSamples } from '../paired-samples.ts';
import type { Row } from '../result.ts';
import { median } from '../stats.ts';
import type { Session } from '../stdio-server.ts';
import { callOk, returnedChars, ToolError } from '../tool-calls.ts';

export async function measureLargeRead(
  airlock: Session,
  official: Session,
  fixtures: Fixtures,
  count: number,
): Promise<Row> {
  const args = { path: fixtures.largeFile };
  const measure = `read_text_file ${(fixtures.largeBytes / 1024).toFixed(0)} KiB p50 (${count} calls)`;
  let returned: number;
  try {
    returned = returnedChars(await callOk(airlock, 'read_text_file', args));
  } catch (error) {
    if (!(error instanceof ToolError)) throw error;
    // Airlock caps reads: a refusal is a finding to report, not a failure of the bench.
    const officialMs = median(
      (
        await pairedSamples(
          async () => undefined,
          () => callOk(official, 'read_text_file', args),
          1,
          count,
        )
      ).b,
    );
    return {
      measure,
      referenceName: official.spec.label,
      referenceMs: officialMs,
      ratioLabel: '',
      target: 'report only',
      status: 'INFO',
      note: `Airlock refused the read: ${error.message}`,
    };
  }
  const samples = await pairedSamples(
    () => callOk(airlock, 'read_text_file', args),
    () => callOk(official, 'read_text_file', args),
    1,
    count,
  );
  const airlockMs = median(samples.a);
  const officialMs = median(samples.b);
  return {
    measure,
    airlockMs,
    referenceName: official.spec.label,
    referenceMs: officialMs,
    ratio: airlockMs / officialMs,
    ratioLabel: 'A/O',
    target: 'report only',
    status: 'INFO',
    ...(returned < fixtures.largeBytes
      ? { note: `Airlock returned ${returned} of ${fixtures.largeBytes} characters (truncated)` }
      : {}),
  };
}
