// What the keychain's head anchor costs appends: the same appends through the real audit
// path for the same time, with a key from a keychain (so the writer anchors the head there
// every ANCHOR_INTERVAL_MS, forcing the log to disk first) and with a key from none, runs
// alternating. Appends yield to the event loop every YIELD_EVERY records, as a server does
// between requests, so that the anchor's timer and the fsync interval run in both.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { ANCHOR_INTERVAL_MS } from '../../main/core/audit/anchor-keeper.ts';
import { rememberKeychainOf } from '../../main/core/audit/audit-key.ts';
import { AuditLog } from '../../main/core/audit/audit-log.ts';
import { DEFAULT_AUDIT_SETTINGS } from '../../main/core/audit/audit-settings.ts';
import { AuditWriter } from '../../main/core/audit/audit-writer.ts';
import type { Keychain } from '../../main/core/platform/keychain.ts';
import { openSystemKeychain } from '../../main/core/platform/system-keychain.ts';
import { median } from '../stats.ts';
import { BENCH_ENTRY } from './appends.ts';
import { renderAuditTable, type AuditRow } from './report.ts';

const YIELD_EVERY = 256;
/** A stand-in's delay per call, about a Secret Service round trip on a loaded machine. */
const STAND_IN_DELAY_MS = 5;

export interface AnchoredAppendFigures {
  /** Records a second with the anchor kept, median of the runs. */
  readonly anchoredPerSecond: number;
  /** The same appends with no keychain behind the key, median of the runs. */
  readonly unanchoredPerSecond: number;
  /** Each pair's anchored figure over its unanchored one, in run order: the spread is the noise. */
  readonly pairRatios: readonly number[];
  /** Anchor writes the keychain took in the anchored runs. */
  readonly anchorWrites: number;
  readonly secondsPerRun: number;
  readonly runs: number;
  /** Which keychain took the writes. */
  readonly keychain: string;
}

export async function measureAnchoredAppends(
  secondsPerRun: number,
  runs: number,
): Promise<AnchoredAppendFigures> {
  const { keychain, label, cleanup } = await benchKeychain();
  const writes = { count: 0 };
  const counting: Keychain = {
    ...keychain,
    set: (account, secret) => {
      writes.count += 1;
      return keychain.set(account, secret);
    },
  };
  const anchored: number[] = [];
  const unanchored: number[] = [];
  try {
    // Unmeasured: the first appends of a process run before the JIT has warmed up.
    await appendFor(1, undefined);
    for (let run = 0; run < runs; run += 1) {
      unanchored.push(await appendFor(secondsPerRun, undefined));
      anchored.push(await appendFor(secondsPerRun, counting));
    }
  } finally {
    await cleanup();
  }
  return {
    anchoredPerSecond: median(anchored),
    unanchoredPerSecond: median(unanchored),
    pairRatios: anchored.map((value, index) => value / (unanchored[index] ?? value)),
    anchorWrites: writes.count,
    secondsPerRun,
    runs,
    keychain: label,
  };
}

/** Appends for `seconds`; returns records a second. With a keychain, the key anchors there. */
async function appendFor(seconds: number, keychain: Keychain | undefined): Promise<number> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'airlock-anchor-bench-'));
  const key = new Uint8Array(randomBytes(32));
  if (keychain) rememberKeychainOf(key, keychain);
  const writer = AuditWriter.open(path.join(directory, 'audit.jsonl'), DEFAULT_AUDIT_SETTINGS, key);
  const log = new AuditLog(writer);
  try {
    let records = 0;
    const started = performance.now();
    const until = started + seconds * 1000;
    while (performance.now() < until) {
      for (let index = 0; index < YIELD_EVERY; index += 1) await log.record(BENCH_ENTRY);
      records += YIELD_EVERY;
      await yieldToLoop();
    }
    const elapsed = performance.now() - started;
    return (records / elapsed) * 1000;
  } finally {
    await log.closeAndAnchor();
    rmSync(directory, { recursive: true, force: true });
  }
}

/**
 * The system keychain under a service of the bench's own, emptied afterwards; where there
 * is none (no Secret Service here), a stand-in that answers after a delay, and says so.
 */
async function benchKeychain(): Promise<{
  keychain: Keychain;
  label: string;
  cleanup: () => Promise<void>;
}> {
  const service = `AirlockBench-anchor-${randomBytes(4).toString('hex')}`;
  const system = openSystemKeychain(service, { timeoutMs: 3000 });
  try {
    await system.set('probe', 'probe');
    await system.delete('probe');
    return {
      keychain: system,
      label: `the system keychain (service ${service}, emptied afterwards)`,
      cleanup: async () => {
        for (const { account } of await system.findAll()) await system.delete(account);
      },
    };
  } catch {
    return {
      keychain: delayedStandIn(),
      label: `an in-memory stand-in answering after ${STAND_IN_DELAY_MS} ms (no system keychain here)`,
      cleanup: async () => undefined,
    };
  }
}

function delayedStandIn(): Keychain {
  const entries = new Map<string, string>();
  const later = <T>(value: () => T) =>
    new Promise<T>((resolve) => setTimeout(() => resolve(value()), STAND_IN_DELAY_MS));
  return {
    get: (account) => later(() => entries.get(account)),
    set: (account, secret) => later(() => void entries.set(account, secret)),
    delete: (account) => later(() => entries.delete(account)),
    findAll: () => later(() => [...entries].map(([account, secret]) => ({ account, secret }))),
  };
}

/** The bench table's row: anchored appends against unanchored ones, measured in the same run. */
export function anchoredAppendRow(
  figures: AnchoredAppendFigures,
  targetPerSecond: number,
): AuditRow {
  const perSecond = (value: number) => `${Math.round(value).toLocaleString('en-US')}/s`;
  return {
    measure: `appends with the keychain's head anchor kept (${figures.runs} × ${figures.secondsPerRun} s, fsync "interval")`,
    result: perSecond(figures.anchoredPerSecond),
    reference: `${perSecond(figures.unanchoredPerSecond)} (no anchor)`,
    ratio: `${(figures.anchoredPerSecond / figures.unanchoredPerSecond).toFixed(2)}x`,
    target: `≥ ${targetPerSecond.toLocaleString('en-US')}/s`,
    verdict: figures.anchoredPerSecond >= targetPerSecond ? 'PASS' : 'MISS',
    note:
      `${figures.anchorWrites} anchor writes (one per ${ANCHOR_INTERVAL_MS / 1000} s while records come, each after an fsync of the log) to ${figures.keychain}; ` +
      `appends yield to the event loop every ${YIELD_EVERY} records in both, medians of alternating runs; ` +
      `each pair's ratio: ${figures.pairRatios.map((ratio) => ratio.toFixed(2)).join(', ')}`,
  };
}

// `node bench/audit/anchored-appends.ts [--quick]`: this measure alone.
if (import.meta.main) {
  const quick = process.argv.includes('--quick');
  const figures = await measureAnchoredAppends(quick ? 2.5 : 5, quick ? 1 : 5);
  process.stdout.write(`${renderAuditTable([anchoredAppendRow(figures, 20_000)])}\n`);
}
