// The other in-memory layout for full text: one lowercase string per record (paths, reason,
// tool, client), all joined into one big string with a Uint32Array of offsets, searched
// with indexOf. Only the text match is timed (filters would come on top), so its figure
// is a lower bound for a whole query.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { AuditQuery } from '../../../main/core/audit/search/audit-query.ts';
import { parseTerms } from '../../../main/core/audit/search/query-text.ts';
import { median } from '../../stats.ts';
import { memoryDelta, settledMemory } from '../memory.ts';
import type { AlternativeResult } from './sqlite-fts5.ts';

export async function measureTextBlob(
  files: readonly string[],
  mix: readonly AuditQuery[],
  runs: number,
): Promise<AlternativeResult> {
  const before = await settledMemory();
  const start = performance.now();
  const texts: string[] = [];
  for (const file of files) {
    const bytes = readFileSync(file);
    let from = 0;
    for (let end = bytes.indexOf(10, from); end !== -1; end = bytes.indexOf(10, from)) {
      const record = JSON.parse(bytes.toString('utf8', from, end)) as Record<string, unknown>;
      const values = [
        ...((record.paths as string[] | undefined) ?? []),
        record.reason,
        record.tool,
        record.client,
      ];
      texts.push(
        values
          .filter((value) => typeof value === 'string')
          .join('\n')
          .toLowerCase(),
      );
      from = end + 1;
    }
  }
  const offsets = new Uint32Array(texts.length + 1);
  let length = 0;
  texts.forEach((text, row) => {
    offsets[row] = length;
    length += text.length + 1;
  });
  offsets[texts.length] = length;
  const blob = texts.join('\u0000');
  texts.length = 0;
  const buildMs = performance.now() - start;
  const memory = memoryDelta(before, await settledMemory());

  const samples: number[] = [];
  for (const query of mix) {
    const terms = parseTerms(query.text);
    const [first, ...rest] = terms;
    if (first === undefined) continue;
    for (let run = 0; run < runs; run++) {
      const t = performance.now();
      let matches = 0;
      let from = 0;
      for (let at = blob.indexOf(first, from); at !== -1; at = blob.indexOf(first, from)) {
        const row = rowAt(offsets, at);
        const end = offsets[row + 1] as number;
        if (at + first.length > end - 1) {
          from = at + 1;
          continue;
        }
        const text = blob.slice(offsets[row] as number, end - 1);
        if (rest.every((term) => text.includes(term))) matches++;
        from = end;
      }
      samples.push(performance.now() - t);
      if (matches < 0) throw new Error('unreachable');
    }
  }
  return {
    name: 'per-record text blob (one string + offsets)',
    buildMs,
    bytes: blob.length + offsets.byteLength,
    memory,
    queryP50Ms: median(samples),
    queryMaxMs: Math.max(...samples),
    queries: mix.length,
    note: 'text match only (no filters, no count of filtered rows, no page read): a lower bound',
  };
}

function rowAt(offsets: Uint32Array, position: number): number {
  let low = 0;
  let high = offsets.length - 2;
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if ((offsets[middle] as number) <= position) low = middle;
    else high = middle - 1;
  }
  return low;
}
