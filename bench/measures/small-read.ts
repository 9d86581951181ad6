// Measure 2: read_text_file of a ~2 KiB file, p50 and p95 after warm-up.
import type { Fixtures } from '../fixtures.ts';
import { pairedSamples } from '../paired-samples.ts';
import type { Row } from '../result.ts';
import { verdict } from '../result.ts';
import { percentile } from '../stats.ts';
import type { Session } from '../stdio-server.ts';
import { callOk, returnedChars } from '../tool-calls.ts';

export async function measureSmallRead(
  airlock: Session,
  official: Session,
  fixtures: Fixtures,
  warmup: number,
  count: number,
): Promise<Row[]> {
  const args = { path: fixtures.smallFile };
  const check = returnedChars(await callOk(airlock, 'read_text_file', args));
  const note =
    check < fixtures.smallBytes
      ? `Airlock returned ${check} of ${fixtures.smallBytes} characters`
      : undefined;
  const samples = await pairedSamples(
    () => callOk(airlock, 'read_text_file', args),
    () => callOk(official, 'read_text_file', args),
    warmup,
    count,
  );
  const size = `${(fixtures.smallBytes / 1024).toFixed(0)} KiB`;
  return [50, 95].map((p): Row => {
    const airlockMs = percentile(samples.a, p);
    const officialMs = percentile(samples.b, p);
    const ratio = airlockMs / officialMs;
    return {
      measure: `read_text_file ${size} p${p} (${count} calls)`,
      airlockMs,
      referenceName: official.spec.label,
      referenceMs: officialMs,
      ratio,
      ratioLabel: 'A/O',
      target: '≤1.0x A/O',
      status: verdict(ratio <= 1.0),
      ...(note === undefined ? {} : { note }),
    };
  });
}
