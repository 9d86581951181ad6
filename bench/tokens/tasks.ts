// The token benchmark's tasks, and how one is run against a connected client: the same
// call, with the arguments a prompt written for the official server would give, on both
// servers. Importing this module starts nothing; tests may use it on their own fixtures.
import type { CallToolResult, Client, Tool } from '@modelcontextprotocol/client';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { addCounts, countAnswer, countToolList, readableParts, ZERO } from './count.ts';
import type { TokenCount } from './count.ts';
import type { TokenFixtures, TreeEntry } from './fixtures.ts';

/** What a task needs of a client: the v2 SDK's Client, or anything shaped like it. */
export type ToolClient = Pick<Client, 'callTool' | 'listTools'>;

export type TaskId =
  | 'tools-list'
  | 'tree-project'
  | 'tree-big'
  | 'list-directory'
  | 'list-directory-sizes'
  | 'search-files'
  | 'search-content'
  | 'file-info'
  | 'read-multiple'
  | 'edit-dry-run';

/**
 * Something a complete answer says: `text` appears `count` times (default 1). A `word` is
 * matched whole, as a name or as the end of a path; anything else as a plain substring.
 */
export interface Fact {
  text: string;
  count?: number;
  word?: boolean;
}

export interface TokenTask {
  id: TaskId;
  /** The tool called; undefined for tools/list. */
  tool: string | undefined;
  /** What the task works on, for the report. */
  size: string;
  /** The highest Airlock ÷ official ratio that passes; undefined: reported only. */
  target: number | undefined;
  /** Counted in the total ratio. */
  inTotal: boolean;
  /** The official server has no such tool: Airlock is reported alone. */
  airlockOnly: boolean;
  /** Follow "more" pages (offset or cursor) until the answer is complete, and count them all. */
  followPages: boolean;
  args(fixtures: TokenFixtures): Record<string, unknown>;
  /** What a complete answer holds (a cheap check; the "nothing lost" test compares in full). */
  facts(fixtures: TokenFixtures): Fact[];
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** A file's non-blank lines, trimmed: what an answer quoting it must hold. */
function contentLines(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** Every entry's name, as often as it occurs in the tree. */
function treeFacts(entries: readonly TreeEntry[]): Fact[] {
  const counts = new Map<string, number>();
  for (const entry of entries) {
    const name = baseName(entry.path);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].map(([text, count]) => ({ text, count, word: true }));
}

export const TASKS: readonly TokenTask[] = [
  {
    id: 'tools-list',
    tool: undefined,
    size: 'every tool, writable workspace',
    target: 0.7,
    inTotal: true,
    airlockOnly: false,
    followPages: true,
    args: () => ({}),
    facts: () => [],
  },
  {
    id: 'tree-project',
    tool: 'directory_tree',
    size: '1,000-file project',
    target: 0.3,
    inTotal: true,
    airlockOnly: false,
    followPages: false,
    args: (f) => ({ path: f.project }),
    facts: (f) => treeFacts(f.projectEntries),
  },
  {
    id: 'tree-big',
    tool: 'directory_tree',
    size: '10,000-file tree',
    target: 0.3,
    // The official answer, hundreds of thousands of tokens, would outweigh every other task.
    inTotal: false,
    airlockOnly: false,
    followPages: false,
    args: (f) => ({ path: f.bigTree }),
    facts: (f) => treeFacts(f.bigTreeEntries),
  },
  {
    id: 'list-directory',
    tool: 'list_directory',
    size: '200 entries',
    target: 1.0,
    inTotal: true,
    airlockOnly: false,
    followPages: true,
    args: (f) => ({ path: f.listing }),
    facts: (f) => f.listingEntries.map((entry) => ({ text: entry.name, word: true })),
  },
  {
    id: 'list-directory-sizes',
    tool: 'list_directory_with_sizes',
    size: '200 entries',
    target: 1.0,
    inTotal: true,
    airlockOnly: false,
    followPages: true,
    args: (f) => ({ path: f.listing }),
    // Names only: the official server rounds sizes ("2.34 KB"), so exact bytes are no fact of both.
    facts: (f) => f.listingEntries.map((entry) => ({ text: entry.name, word: true })),
  },
  {
    id: 'search-files',
    tool: 'search_files',
    size: '500 hits',
    target: 1.0,
    inTotal: true,
    airlockOnly: false,
    followPages: true,
    args: (f) => ({ path: f.search, pattern: f.searchPattern }),
    facts: (f) => f.searchHits.map((path) => ({ text: path, word: true })),
  },
  {
    id: 'search-content',
    tool: 'search_content',
    size: '200 matching lines',
    target: undefined,
    inTotal: false,
    airlockOnly: true,
    followPages: true,
    args: (f) => ({ path: f.search, pattern: f.contentNeedle }),
    facts: (f) => f.contentMatches.map((match) => ({ text: match.text.trim() })),
  },
  {
    id: 'file-info',
    tool: 'get_file_info',
    size: 'one file',
    target: 1.0,
    inTotal: true,
    airlockOnly: false,
    followPages: false,
    args: (f) => ({ path: f.infoFile }),
    facts: (f) => [{ text: String(f.infoBytes), word: true }],
  },
  {
    id: 'read-multiple',
    tool: 'read_multiple_files',
    size: '5 small files',
    target: 1.0,
    inTotal: true,
    airlockOnly: false,
    followPages: false,
    args: (f) => ({ paths: f.readFiles }),
    facts: (f) =>
      f.readFiles.flatMap((path) => [
        { text: baseName(path), word: true },
        ...contentLines(path).map((line) => ({ text: line })),
      ]),
  },
  {
    id: 'edit-dry-run',
    tool: 'edit_file',
    size: '3-hunk edit, dryRun',
    target: 1.0,
    inTotal: true,
    airlockOnly: false,
    followPages: false,
    args: (f) => ({ path: f.editFile, edits: f.edits, dryRun: true }),
    facts: (f) => f.edits.flatMap((edit) => [{ text: edit.oldText }, { text: edit.newText }]),
  },
];

export function taskById(id: string): TokenTask | undefined {
  return TASKS.find((task) => task.id === id);
}

/** Where the fixture's temporary folder is written in an answer, a fixed path is counted. */
export const CANONICAL_ROOT = '/home/user';

/**
 * Rewrites what differs from run to run to fixed text of the same form, so the counts are
 * the same in every run: the fixture's temporary path (as a folder of a usual length), and
 * the info file's creation time, which no program can set (as the time all files are given).
 * Both servers' answers get the same rewrite.
 */
export function canonicalPaths(
  fixtures: Pick<TokenFixtures, 'root' | 'infoCreated' | 'fixedTime'>,
): (text: string) => string {
  const { infoCreated: created, fixedTime: fixed } = fixtures;
  return (text) =>
    text
      .replaceAll(fixtures.root, CANONICAL_ROOT)
      .replaceAll(created.toISOString(), fixed.toISOString())
      .replaceAll(created.toString(), fixed.toString());
}

export interface TaskRun {
  task: TokenTask;
  tokens: TokenCount;
  /** The answers as received, one per page; empty for tools/list. */
  results: CallToolResult[];
  /** tools/list only: the tools offered. */
  tools: Tool[];
  /** Each page's text blocks, joined, with the path rewritten as counted. */
  text: string;
  /** Each page's JSON.stringify(structuredContent), one per line, rewritten as counted. */
  structured: string;
  /** An error answer (isError) or a failed call, as its text. */
  error: string | undefined;
  /** Facts of the task (counted per occurrence) missing from the text and from the structured content. */
  missing: { text: number; structured: number; of: number };
  ms: number;
}

const MAX_PAGES = 100;

/**
 * The arguments for the next page, when an answer says there is one: a cursor or an offset
 * in its structured content, or an offset its text asks for ("call again with offset=100").
 * An offset that does not move forward ends the paging.
 */
function nextPage(
  result: CallToolResult,
  text: string,
  previous: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  const structured = result.structuredContent as Record<string, unknown> | undefined;
  const cursor = structured?.['nextCursor'];
  if (typeof cursor === 'string' && cursor !== '') return { cursor };
  let offset = structured?.['nextOffset'];
  if (typeof offset !== 'number') {
    const said = /\boffset\s*[=:]\s*(\d+)/.exec(text);
    offset = said?.[1] === undefined ? undefined : Number(said[1]);
  }
  if (typeof offset !== 'number') return undefined;
  const last = previous?.['offset'];
  return typeof last === 'number' && offset <= last ? undefined : { offset };
}

/** Runs one task on a connected client and counts what a model may read of its answer. */
export async function runTask(
  client: ToolClient,
  task: TokenTask,
  fixtures: TokenFixtures,
  timeoutMs = 120_000,
): Promise<TaskRun> {
  const canonical = canonicalPaths(fixtures);
  const started = performance.now();
  const run: TaskRun = {
    task,
    tokens: ZERO,
    results: [],
    tools: [],
    text: '',
    structured: '',
    error: undefined,
    missing: { text: 0, structured: 0, of: 0 },
    ms: 0,
  };
  if (task.tool === undefined) {
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor === undefined ? {} : { cursor });
      run.tools.push(...page.tools);
      cursor = page.nextCursor;
    } while (cursor !== undefined && task.followPages);
    run.tokens = countToolList(run.tools, canonical);
    run.text = canonical(JSON.stringify(run.tools));
  } else {
    const texts: string[] = [];
    const structured: string[] = [];
    let more: Record<string, unknown> | undefined;
    try {
      do {
        const args = { ...task.args(fixtures), ...more };
        const result = (await client.callTool(
          { name: task.tool, arguments: args },
          { timeout: timeoutMs },
        )) as CallToolResult;
        run.results.push(result);
        run.tokens = addCounts(run.tokens, countAnswer(result, canonical));
        const parts = readableParts(result, canonical);
        const text = parts.texts.join('\n');
        texts.push(text);
        if (parts.structured !== '') structured.push(parts.structured);
        if (result.isError === true) {
          run.error = text.slice(0, 300);
          break;
        }
        more = task.followPages ? nextPage(result, text, more) : undefined;
      } while (more !== undefined && run.results.length < MAX_PAGES);
    } catch (error) {
      run.error = error instanceof Error ? error.message : String(error);
    }
    run.text = texts.join('\n');
    run.structured = structured.join('\n');
  }
  const facts = task.facts(fixtures);
  run.missing = {
    text: missingFacts(run.text, facts),
    structured: missingFacts(run.structured, facts),
    of: factCount(facts),
  };
  run.ms = performance.now() - started;
  return run;
}

/**
 * Whole words of a text, with a count each: runs of name characters and `/`, each also
 * counted as every path suffix (`a/b/c` counts `a/b/c`, `b/c` and `c`).
 */
function wordCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (word: string): void => {
    if (word !== '') counts.set(word, (counts.get(word) ?? 0) + 1);
  };
  // JSON escapes (`\n`, `\"`) separate words as the characters they stand for do.
  for (const token of text.replace(/\\[nrt"\\]/g, ' ').split(/[^\w.\-/]+/)) {
    const word = token.replace(/\/+$/, '');
    add(word);
    for (let at = word.indexOf('/'); at !== -1; at = word.indexOf('/', at + 1)) {
      add(word.slice(at + 1));
    }
  }
  return counts;
}

function occurrences(text: string, part: string): number {
  let count = 0;
  for (let at = text.indexOf(part); at !== -1; at = text.indexOf(part, at + part.length)) count++;
  return count;
}

/** How many of the facts' occurrences a text does not hold (a fact of count 3 found once: 2). */
export function missingFacts(text: string, facts: readonly Fact[]): number {
  if (facts.length === 0) return 0;
  let words: Map<string, number> | undefined;
  let missing = 0;
  for (const fact of facts) {
    const wanted = fact.count ?? 1;
    const found = fact.word
      ? ((words ??= wordCounts(text)).get(fact.text) ?? 0)
      : occurrences(text, fact.text);
    missing += Math.max(0, wanted - found);
  }
  return missing;
}

/** How many occurrences a complete answer holds in all: the `of` of `TaskRun.missing`. */
export function factCount(facts: readonly Fact[]): number {
  return facts.reduce((sum, fact) => sum + (fact.count ?? 1), 0);
}
