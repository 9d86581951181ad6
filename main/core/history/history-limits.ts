import { HistorySettingsSchema } from '../../../preload/contract/history-settings-schema.ts';

/** How much history keeps: the settings feed these; tests pass their own. */
export interface HistoryLimits {
  /** A file larger than this is not kept: its change happens, but cannot be undone. */
  readonly maxFileBytes: number;
  /** History as a whole; the oldest changes are pruned first to stay below it. */
  readonly maxTotalBytes: number;
  /** Changes older than this are pruned. */
  readonly maxAgeDays: number;
}

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const DAY_MS = 24 * 60 * 60 * 1000;

/** 256 MiB a file, 5 GiB in all, 30 days: the settings' defaults, which say them once. */
export const DEFAULT_HISTORY_LIMITS: HistoryLimits = HistorySettingsSchema.parse({});

export function maxAgeMs(limits: HistoryLimits): number {
  return limits.maxAgeDays * DAY_MS;
}

/** What history may hold now, and whether the disk (rather than the setting) decided it. */
export interface TotalBudget {
  readonly bytes: number;
  readonly byDisk: boolean;
}

/**
 * History may take at most half of the space still free on its disk (besides what it holds
 * already). The person's own files come first: history is a safety net, and a net that
 * fills the disk would make the person's next save fail, which is the loss it exists to
 * prevent. Half leaves them room, and shrinks history as the disk fills.
 */
export function totalBudget(
  limits: HistoryLimits,
  keptBytes: number,
  freeBytes: number,
): TotalBudget {
  const byDisk = keptBytes + Math.floor(freeBytes / 2);
  return byDisk < limits.maxTotalBytes
    ? { bytes: byDisk, byDisk: true }
    : { bytes: limits.maxTotalBytes, byDisk: false };
}

/** What a change would keep, as far as the caps are concerned. */
export interface KeptSize {
  readonly what: 'file' | 'folder';
  readonly bytes: number;
  /** The largest single file in it. */
  readonly largestFile: number;
}

/**
 * Why history cannot keep `kept`, in words for the person and the agent, or undefined when
 * it can. The change still happens; only its undo is lost, so the words say that plainly.
 */
export function whyNotKept(
  kept: KeptSize,
  limits: HistoryLimits,
  budget: TotalBudget,
): string | undefined {
  const noun = kept.what === 'file' ? 'The file' : 'The folder';
  if (kept.largestFile > limits.maxFileBytes) {
    const subject = kept.what === 'file' ? `${noun} was` : 'A file in the folder was';
    return `${subject} ${formatSize(kept.largestFile)}, more than the ${formatSize(limits.maxFileBytes)} history keeps per file.`;
  }
  if (kept.bytes > budget.bytes) {
    return budget.byDisk
      ? `${noun} was ${formatSize(kept.bytes)}, more than history may use while the disk is nearly full (${formatSize(budget.bytes)}).`
      : `${noun} was ${formatSize(kept.bytes)}, more than the ${formatSize(limits.maxTotalBytes)} history keeps in all.`;
  }
  return undefined;
}

/** A size as people read it: 300 MB, 1.5 GB (powers of 1024, as the caps are set). */
export function formatSize(bytes: number): string {
  const units: Array<[number, string]> = [
    [GiB, 'GB'],
    [MiB, 'MB'],
    [1024, 'KB'],
  ];
  for (const [unit, name] of units) {
    if (bytes >= unit) {
      const value = bytes / unit;
      return `${Number.isInteger(value) || value >= 100 ? Math.round(value) : value.toFixed(1)} ${name}`;
    }
  }
  return `${bytes} bytes`;
}
