// Measure 1: start-up, from spawn to `client.connect` resolving, median of several runs.
import type { Row } from '../result.ts';
import { verdict } from '../result.ts';
import type { ServerSpec } from '../servers.ts';
import { median } from '../stats.ts';
import { openSession } from '../stdio-server.ts';

export const STARTUP_TARGET_MS = 150;

async function connectOnce(spec: ServerSpec): Promise<number> {
  const session = await openSession(spec);
  await session.close();
  return session.connectMs;
}

export async function measureStartup(
  airlock: ServerSpec,
  official: ServerSpec,
  runs: number,
): Promise<Row> {
  // One discarded run each warms the page cache for both servers' code.
  await connectOnce(airlock);
  await connectOnce(official);
  const airlockRuns: number[] = [];
  const officialRuns: number[] = [];
  for (let i = 0; i < runs; i++) {
    // Alternate who goes first, so neither always follows the other's teardown.
    if (i % 2 === 0) {
      airlockRuns.push(await connectOnce(airlock));
      officialRuns.push(await connectOnce(official));
    } else {
      officialRuns.push(await connectOnce(official));
      airlockRuns.push(await connectOnce(airlock));
    }
  }
  const airlockMs = median(airlockRuns);
  const officialMs = median(officialRuns);
  return {
    measure: `start-up to initialized, median of ${runs}`,
    airlockMs,
    referenceName: official.label,
    referenceMs: officialMs,
    ratio: airlockMs / officialMs,
    ratioLabel: 'A/O',
    target: `≤${STARTUP_TARGET_MS} ms, < official`,
    status: verdict(airlockMs <= STARTUP_TARGET_MS && airlockMs < officialMs),
  };
}
