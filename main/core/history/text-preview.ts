import { looksBinary } from '../fs/text-detect.ts';
import { commonEnds, splitLines, unifiedDiff } from '../tools/unified-diff.ts';

/** A text larger than this is described by its sizes, not compared line by line. */
export const MAX_DIFF_BYTES = 1024 * 1024;

/**
 * unifiedDiff keeps one array of 2·(lines compared)+3 numbers for each edit it finds, so a
 * file whose lines were reordered (sorted, say) would cost gigabytes. Two texts are compared
 * only when that stays under this many numbers (32 MB).
 */
const DIFF_BUDGET = 8 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The bytes as text, or undefined when they are not text (a NUL byte, or not UTF-8). */
export function asText(bytes: Uint8Array): string | undefined {
  if (looksBinary(bytes)) return undefined;
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * A unified diff from the text there now to the text a restore leaves, labelled so, or
 * undefined when comparing the two would cost more than the budget allows.
 */
export function restoreDiff(name: string, now: string, restored: string): string | undefined {
  return boundedDiff(name, now, restored)
    ?.replace(/^--- (.*)\toriginal$/m, '--- $1\tnow')
    .replace(/^\+\+\+ (.*)\tmodified$/m, '+++ $1\tafter the restore');
}

/**
 * unifiedDiff's diff of `before` against `after`, or undefined when comparing the two would
 * cost more than the budget allows.
 */
export function boundedDiff(name: string, before: string, after: string): string | undefined {
  if (!withinBudget(splitLines(before), splitLines(after))) return undefined;
  return unifiedDiff(name, before, after);
}

/**
 * Whether unifiedDiff's memory for `a` against `b` stays within the budget: the number of
 * edits is found with Myers' forward pass, which keeps one array only, and given up on as
 * soon as it passes what the budget allows.
 */
function withinBudget(a: readonly string[], b: readonly string[]): boolean {
  const { head, tail } = commonEnds(a, b);
  const n = a.length - head - tail;
  const m = b.length - head - tail;
  const width = 2 * (n + m) + 3;
  const maxEdits = Math.min(n + m, Math.floor(DIFF_BUDGET / width) - 1);
  if (maxEdits < 0) return false;
  const offset = n + m + 1;
  const v = new Int32Array(width);
  for (let d = 0; d <= maxEdits; d += 1) {
    for (let k = -d; k <= d; k += 2) {
      const down =
        k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number));
      let x = down ? (v[offset + k + 1] as number) : (v[offset + k - 1] as number) + 1;
      let y = x - k;
      while (x < n && y < m && a[head + x] === b[head + y]) {
        x += 1;
        y += 1;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return true;
    }
  }
  return false;
}
