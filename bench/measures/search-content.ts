// Measure 6: search_content for a literal over the generated tree (Airlock only; the official
// server has no such tool), against ripgrep spawned over the same tree for the same literal.
import type { Tool } from '@modelcontextprotocol/client';
import type { Fixtures } from '../fixtures.ts';
import { runProcess } from '../reference-process.ts';
import type { Row } from '../result.ts';
import { verdict } from '../result.ts';
import { median } from '../stats.ts';
import type { Session } from '../stdio-server.ts';
import { callAllPages, searchArgs } from '../tool-calls.ts';
import { timed } from '../timing.ts';

export const SEARCH_CONTENT_TARGET = 3;
const TIMEOUT_MS = 180_000;

function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

export async function measureSearchContent(
  airlock: Session,
  airlockTool: Tool | undefined,
  rgPath: string | undefined,
  fixtures: Fixtures,
  runs: number,
): Promise<Row> {
  const base: Row = {
    measure: `search_content literal, ${fixtures.treeFiles.toLocaleString('en-US')} files`,
    referenceName: 'rg',
    ratioLabel: 'A/rg',
    target: `≤${SEARCH_CONTENT_TARGET}x A/rg`,
    status: 'N/A',
  };
  if (airlockTool === undefined) {
    return { ...base, note: 'Airlock lists no search_content tool; not measured' };
  }
  const args = searchArgs(airlockTool, {
    path: fixtures.tree,
    pattern: fixtures.needle,
    literal: true,
    expectedResults: fixtures.needleLines,
  });
  const rgArgs = [
    '--no-config',
    '--line-number',
    '--fixed-strings',
    '--',
    fixtures.needle,
    fixtures.tree,
  ];

  // Warm-up (also the completeness check).
  const first = await callAllPages(airlock, airlockTool, args, TIMEOUT_MS);
  const airlockFound = occurrences(first.text, fixtures.needle);
  const notes = [`args ${JSON.stringify({ ...args, path: '<tree>' })}`];
  if (first.pages > 1) notes.push(`Airlock answered in ${first.pages} pages, all timed`);

  const airlockRuns: number[] = [];
  const rgRuns: number[] = [];
  let rgFound: number | undefined;
  if (rgPath !== undefined)
    rgFound = occurrences((await runProcess(rgPath, rgArgs)).stdout, fixtures.needle);
  for (let i = 0; i < runs; i++) {
    airlockRuns.push((await timed(() => callAllPages(airlock, airlockTool, args, TIMEOUT_MS))).ms);
    if (rgPath !== undefined) rgRuns.push((await runProcess(rgPath, rgArgs)).ms);
  }
  notes.push(
    `matching lines: Airlock ${airlockFound}, rg ${rgFound ?? '—'}, on disk ${fixtures.needleLines}`,
  );
  const airlockMs = median(airlockRuns);
  if (rgPath === undefined) {
    return { ...base, airlockMs, note: [...notes, 'rg is not installed'].join('; ') };
  }
  const rgMs = median(rgRuns);
  const ratio = airlockMs / rgMs;
  return {
    ...base,
    airlockMs,
    referenceMs: rgMs,
    ratio,
    status: verdict(ratio <= SEARCH_CONTENT_TARGET),
    note: notes.join('; '),
  };
}
