// Measure 5: search_files for `**/*.md` over the generated tree, Airlock vs the official
// server (and `find -name '*.md'` as a reference), p50 of a few runs.
import type { Tool } from '@modelcontextprotocol/client';
import type { Fixtures } from '../fixtures.ts';
import { pairedSamples } from '../paired-samples.ts';
import { runProcess } from '../reference-process.ts';
import type { Row } from '../result.ts';
import { verdict } from '../result.ts';
import { median } from '../stats.ts';
import type { Session } from '../stdio-server.ts';
import { callAllPages, searchArgs } from '../tool-calls.ts';

export const SEARCH_FILES_TARGET = 10;
const TIMEOUT_MS = 180_000;

/** Distinct `*.md` paths named in a result's text, relative to the tree. */
function markdownPaths(text: string, tree: string): Set<string> {
  const found = new Set<string>();
  for (const match of text.matchAll(/[^\s"'`,[\]{}()<>]+\.md(?![\w.-])/g)) {
    let path = match[0];
    if (path.startsWith(`${tree}/`)) path = path.slice(tree.length + 1);
    else if (path.startsWith('tree/')) path = path.slice('tree/'.length);
    found.add(path);
  }
  return found;
}

export async function measureSearchFiles(
  airlock: Session,
  airlockTool: Tool | undefined,
  official: Session,
  officialTool: Tool | undefined,
  fixtures: Fixtures,
  runs: number,
): Promise<Row[]> {
  const label = `search_files **/*.md, ${fixtures.treeFiles.toLocaleString('en-US')} files`;
  if (airlockTool === undefined || officialTool === undefined) {
    const missing = airlockTool === undefined ? 'Airlock' : 'the official server';
    return [
      {
        measure: label,
        referenceName: official.spec.label,
        ratioLabel: '',
        target: `≥${SEARCH_FILES_TARGET}x O/A`,
        status: 'N/A',
        note: `${missing} has no search_files tool`,
      },
    ];
  }
  const expected = fixtures.markdownFiles;
  const notes: string[] = [];
  const intent = { path: fixtures.tree, expectedResults: expected };
  const officialArgs = searchArgs(officialTool, { ...intent, pattern: '**/*.md' });
  // The same glob first; if Airlock matches names rather than paths, fall back to `*.md`.
  let airlockArgs = searchArgs(airlockTool, { ...intent, pattern: '**/*.md' });
  let first = await callAllPages(airlock, airlockTool, airlockArgs, TIMEOUT_MS);
  let airlockFound = markdownPaths(first.text, fixtures.tree).size;
  if (airlockFound < expected) {
    const nameArgs = searchArgs(airlockTool, { ...intent, pattern: '*.md' });
    const byName = await callAllPages(airlock, airlockTool, nameArgs, TIMEOUT_MS);
    const byNameFound = markdownPaths(byName.text, fixtures.tree).size;
    if (byNameFound > airlockFound) {
      notes.push(`Airlock found ${airlockFound} with **/*.md, so it is timed with *.md`);
      airlockArgs = nameArgs;
      first = byName;
      airlockFound = byNameFound;
    }
  }
  if (first.pages > 1) notes.push(`Airlock answered in ${first.pages} pages, all timed`);
  const officialFound = markdownPaths(
    (await callAllPages(official, officialTool, officialArgs, TIMEOUT_MS)).text,
    fixtures.tree,
  ).size;
  notes.push(`matches: Airlock ${airlockFound}, official ${officialFound}, on disk ${expected}`);

  const samples = await pairedSamples(
    () => callAllPages(airlock, airlockTool, airlockArgs, TIMEOUT_MS),
    () => callAllPages(official, officialTool, officialArgs, TIMEOUT_MS),
    0, // the calls above were the warm-up
    runs,
  );
  const airlockMs = median(samples.a);
  const officialMs = median(samples.b);
  const speedup = officialMs / airlockMs;

  const findRuns: number[] = [];
  let findFound = 0;
  for (let i = 0; i < runs + 1; i++) {
    const run = await runProcess('find', [fixtures.tree, '-name', '*.md']);
    if (i > 0) findRuns.push(run.ms);
    findFound = run.stdout.split('\n').filter((line) => line !== '').length;
  }
  const findMs = median(findRuns);

  return [
    {
      measure: label,
      airlockMs,
      referenceName: official.spec.label,
      referenceMs: officialMs,
      ratio: speedup,
      ratioLabel: 'O/A',
      target: `≥${SEARCH_FILES_TARGET}x O/A`,
      status: verdict(speedup >= SEARCH_FILES_TARGET),
      note: notes.join('; '),
    },
    {
      measure: `  vs find -name '*.md' (reference)`,
      airlockMs,
      referenceName: 'find',
      referenceMs: findMs,
      ratio: airlockMs / findMs,
      ratioLabel: 'A/find',
      target: 'report only',
      status: 'INFO',
      note: `find listed ${findFound} files`,
    },
  ];
}
