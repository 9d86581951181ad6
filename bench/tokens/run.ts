// Entry point: `node bench/tokens/run.ts [--only ID,...] [--dump DIR] [--json]` — the tokens
// a model reads from Airlock's answers against the official filesystem server's, task by
// task, on the same seeded folders, over stdio with the same v2 SDK client. A MISS is a
// result: the command exits non-zero only when the bench itself breaks.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { describeEnvironment, renderEnvironment } from '../environment.ts';
import { openSession } from '../stdio-server.ts';
import type { Session } from '../stdio-server.ts';
import { TOKENIZER } from './count.ts';
import { BIG_TREE_FILES, createTokenFixtures } from './fixtures.ts';
import type { TokenFixtures } from './fixtures.ts';
import { renderTokenTable, totals, verdict } from './report.ts';
import type { TaskRow } from './report.ts';
import { airlockTokenServer, DEFAULT_AIRLOCK_CLI, officialTokenServer } from './servers.ts';
import { runTask, TASKS } from './tasks.ts';
import type { TaskRun, TokenTask } from './tasks.ts';

const USAGE = `usage: node bench/tokens/run.ts [--only ID,...] [--dump DIR] [--json] [--airlock-cli FILE]
                                [--big-tree N]
  --only ID,...       run only these tasks: ${TASKS.map((task) => task.id).join(', ')}
  --dump DIR          write each answer as counted (text and structured) to DIR
  --json              also print the rows as one JSON line
  --airlock-cli FILE  the built CLI to run as \`serve --stdio\` (default dist/cli/airlock.js)
  --big-tree N        files in the large tree (default ${BIG_TREE_FILES})`;

interface Options {
  tasks: readonly TokenTask[];
  dump: string | undefined;
  json: boolean;
  cli: string;
  bigTreeFiles: number;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = {
    tasks: TASKS,
    dump: undefined,
    json: false,
    cli: DEFAULT_AIRLOCK_CLI,
    bigTreeFiles: BIG_TREE_FILES,
  };
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    const value = (): string => argv[(index += 1)] ?? fail(`${String(arg)} needs a value`);
    if (arg === '--only') {
      const ids = new Set(value().split(','));
      const unknown = [...ids].filter((id) => !TASKS.some((task) => task.id === id));
      if (unknown.length > 0) fail(`unknown task: ${unknown.join(', ')}`);
      options.tasks = TASKS.filter((task) => ids.has(task.id));
    } else if (arg === '--dump') options.dump = value();
    else if (arg === '--json') options.json = true;
    else if (arg === '--airlock-cli') options.cli = value();
    else if (arg === '--big-tree') {
      options.bigTreeFiles = Number(value());
      if (!Number.isInteger(options.bigTreeFiles) || options.bigTreeFiles < 1) {
        fail('--big-tree takes a whole number of files');
      }
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else fail(`unknown argument: ${String(arg)}`);
  }
  return options;
}

function progress(message: string): void {
  process.stderr.write(`bench tokens: ${message}\n`);
}

function dumpRun(dir: string, label: string, run: TaskRun): void {
  const base = join(dir, `${run.task.id}.${label}`);
  writeFileSync(`${base}.txt`, run.text);
  if (run.structured !== '') writeFileSync(`${base}.structured.json`, run.structured);
}

async function measure(options: Options, fixtures: TokenFixtures): Promise<TaskRow[]> {
  const sessions: Session[] = [];
  try {
    const official = await openSession(officialTokenServer(fixtures.workspace));
    sessions.push(official);
    const airlock = await openSession(
      airlockTokenServer(options.cli, fixtures.workspace, fixtures.dataDir),
    );
    sessions.push(airlock);
    const rows: TaskRow[] = [];
    for (const task of options.tasks) {
      progress(`${task.id}`);
      const officialRun = task.airlockOnly
        ? undefined
        : await runTask(official.client, task, fixtures);
      const airlockRun = await runTask(airlock.client, task, fixtures);
      if (options.dump !== undefined) {
        if (officialRun) dumpRun(options.dump, 'official', officialRun);
        dumpRun(options.dump, 'airlock', airlockRun);
      }
      rows.push({ task, official: officialRun, airlock: airlockRun });
    }
    for (const session of sessions) {
      const errors = session.protocolErrors();
      if (errors.length > 0) throw new Error(`${session.spec.label}: ${errors[0]}`);
    }
    return rows;
  } finally {
    await Promise.all(sessions.map((session) => session.close().catch(() => undefined)));
  }
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (!existsSync(options.cli)) {
    process.stderr.write(`bench tokens: no Airlock CLI at ${options.cli}; run \`npm run build\`\n`);
    return 1;
  }
  if (options.dump !== undefined) mkdirSync(options.dump, { recursive: true });
  const started = performance.now();
  const environment = describeEnvironment(options.cli, false);
  let fixtures: TokenFixtures | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    fixtures?.remove();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let rows: TaskRow[];
  try {
    progress('writing the folders');
    // The large tree takes most of the writing; only its own task needs it.
    const bigTree = options.tasks.some((task) => task.id === 'tree-big');
    fixtures = createTokenFixtures({ bigTreeFiles: bigTree ? options.bigTreeFiles : 1 });
    rows = await measure(options, fixtures);
  } finally {
    fixtures?.remove();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  const seconds = (performance.now() - started) / 1000;
  const total = rows.some((row) => row.task.inTotal) ? totals(rows) : undefined;
  process.stdout.write(
    [
      `Airlock token benchmark (${seconds.toFixed(1)} s)`,
      renderEnvironment(environment),
      `tokenizer  ${TOKENIZER}; tools/list counts the tools array as JSON, an answer its`,
      `           text blocks plus JSON.stringify(structuredContent); the fixture's temporary`,
      `           path is counted as /home/user`,
      '',
      renderTokenTable(rows),
      '',
      'Ratio = Airlock ÷ official, text and structured content together (lower is better).',
      `Total: the rows marked for it; target ≤ 0.5x.${total ? ` This run: ${total.ratio.toFixed(2)}x, ${total.status}.` : ''}`,
      'Facts: how many of what a complete answer holds (names, paths, lines) appear in the text,',
      'or in the structured content alone; a cheap check, not the "nothing lost" test.',
      "* Airlock's answer leaves out facts the official one gives, so its ratio flatters it.",
      'MISS is a result, not a failure.',
      '',
    ].join('\n'),
  );
  if (options.json) {
    const json = rows.map((row) => ({
      task: row.task.id,
      tool: row.task.tool,
      official: row.official?.tokens,
      airlock: row.airlock.tokens,
      ...verdict(row),
      target: row.task.target,
      missing: { official: row.official?.missing, airlock: row.airlock.missing },
    }));
    process.stdout.write(`${JSON.stringify({ seconds, environment, rows: json, total })}\n`);
  }
  return rows.some((row) => verdict(row).status === 'ERROR') ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `bench tokens: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
