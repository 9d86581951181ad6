// Command-line options of `node bench/run.ts` and the iteration plan they select.
import { fileURLToPath } from 'node:url';
import type { HistoryPlan } from './measures/history.ts';

export interface Plan {
  /** Start-up runs per server (one extra discarded warm-up run each). */
  startupRuns: number;
  /** Small-file reads and directory listings: discarded warm-up calls, then timed calls. */
  warmupCalls: number;
  timedCalls: number;
  /** 1 MiB reads timed per server. */
  largeReads: number;
  /** Timed runs of each search (after one warm-up run). */
  searchRuns: number;
  /** Files in the generated search tree. */
  treeFiles: number;
  /** Entries in the directory that list_directory reads. */
  listEntries: number;
  /** Change history: write_file with and without it, restores, a rewind, overwrites. */
  history: HistoryPlan;
}

/** The measures of this bench, as `--only` names them. */
export const MEASURES = [
  'startup',
  'small-read',
  'list-directory',
  'sdk-floor',
  'large-read',
  'masked-read',
  'search-files',
  'search-content',
  'history',
] as const;
export type MeasureName = (typeof MEASURES)[number];

export interface Options {
  quick: boolean;
  /** The measures to run; all of them unless --only narrows it. */
  only: ReadonlySet<MeasureName>;
  json: boolean;
  /** Built Airlock CLI to start with `serve --stdio`. */
  airlockCli: string;
  /** Development only: run the official server on the Airlock side too. */
  standIn: boolean;
  /** AIRLOCK_FILE_ACCESS for the Airlock server; unset leaves the stdio default (inline). */
  fileAccess: 'pooled' | 'inline' | undefined;
  plan: Plan;
}

const FULL: Plan = {
  startupRuns: 10,
  warmupCalls: 30,
  timedCalls: 300,
  largeReads: 20,
  searchRuns: 5,
  treeFiles: 20_000,
  listEntries: 200,
  history: {
    warmupWrites: 30,
    timedWrites: 300,
    timedLargeWrites: 100,
    restores: 100,
    rewindChanges: 1000,
    overwrites: 100,
  },
};

const QUICK: Plan = {
  startupRuns: 4,
  warmupCalls: 10,
  timedCalls: 100,
  largeReads: 5,
  searchRuns: 2,
  treeFiles: 2_000,
  listEntries: 200,
  history: {
    warmupWrites: 10,
    timedWrites: 100,
    timedLargeWrites: 20,
    restores: 20,
    rewindChanges: 200,
    overwrites: 20,
  },
};

const USAGE = `usage: node bench/run.ts [--quick] [--json] [--only LIST] [--airlock-cli FILE] [--file-access pooled|inline] [--stand-in]
  --quick            fewer iterations and a 2,000-file tree (self-check, < 30 s)
  --only LIST        run only these measures (comma-separated): ${MEASURES.join(', ')}
  --json             also print the results as one JSON object on the last line
  --airlock-cli FILE the built CLI to benchmark (default dist/cli/airlock.js)
  --file-access WAY  run Airlock's file operations pooled (as the app does) or inline (the
                     stdio default)
  --stand-in         development only: benchmark the official server on both sides`;

export function parseOptions(argv: readonly string[]): Options {
  const options: Options = {
    quick: false,
    only: new Set(MEASURES),
    json: false,
    airlockCli: fileURLToPath(new URL('../dist/cli/airlock.js', import.meta.url)),
    standIn: false,
    fileAccess: undefined,
    plan: FULL,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') options.quick = true;
    else if (arg === '--json') options.json = true;
    else if (arg === '--stand-in') options.standIn = true;
    else if (arg === '--airlock-cli' && argv[i + 1] !== undefined) options.airlockCli = argv[++i]!;
    else if (arg === '--only' && argv[i + 1] !== undefined) options.only = parseOnly(argv[++i]!);
    else if (arg === '--file-access' && (argv[i + 1] === 'pooled' || argv[i + 1] === 'inline'))
      options.fileAccess = argv[++i] as 'pooled' | 'inline';
    else if (arg === '--help' || arg === '-h') throw new UsageError(USAGE, 0);
    else throw new UsageError(`unknown argument: ${String(arg)}\n${USAGE}`, 2);
  }
  options.plan = options.quick ? QUICK : FULL;
  return options;
}

function parseOnly(list: string): Set<MeasureName> {
  const names = list.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(MEASURES as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0) {
    throw new UsageError(`unknown measure in --only: ${unknown.join(', ')}\n${USAGE}`, 2);
  }
  return new Set(names as MeasureName[]);
}

export class UsageError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number) {
    super(message);
    this.exitCode = exitCode;
  }
}
