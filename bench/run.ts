// Entry point: `node bench/run.ts [--quick] [--json]` — Airlock vs the official filesystem
// server over stdio, with the same v2 SDK client, the same files and the same run.
// Exits non-zero only when the bench itself fails (an ERROR row), never on a MISS.
import type { Tool } from '@modelcontextprotocol/client';
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { describeEnvironment, renderEnvironment } from './environment.ts';
import type { Environment } from './environment.ts';
import { createFixtures } from './fixtures.ts';
import type { Fixtures } from './fixtures.ts';
import { measureHistory } from './measures/history.ts';
import { measureLargeRead } from './measures/large-read.ts';
import { measureListDirectory } from './measures/list-directory.ts';
import { measureMaskedRead, unmaskedDataDir, writeMaskedReadFile } from './measures/masked-read.ts';
import { measureSearchContent } from './measures/search-content.ts';
import { measureSdkFloor } from './measures/sdk-floor.ts';
import { measureSearchFiles } from './measures/search-files.ts';
import { measureSmallRead } from './measures/small-read.ts';
import { measureStartup } from './measures/startup.ts';
import { parseOptions, UsageError } from './options.ts';
import type { MeasureName, Options } from './options.ts';
import { renderTable } from './report.ts';
import { errorRow } from './result.ts';
import type { Row } from './result.ts';
import { airlockServer, officialServer, sdkFloorServer } from './servers.ts';
import type { ServerSpec } from './servers.ts';
import { openSession } from './stdio-server.ts';
import type { Session } from './stdio-server.ts';

function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

/**
 * Runs one measure; a failure becomes an ERROR row (with the end of Airlock's stderr, when
 * given) and the other measures still run.
 */
async function attempt(
  rows: Row[],
  measure: string,
  referenceName: string,
  work: () => Promise<Row | Row[]>,
  airlockStderr?: () => string,
): Promise<void> {
  progress(measure);
  try {
    const result = await work();
    rows.push(...(Array.isArray(result) ? result : [result]));
  } catch (error) {
    const row = errorRow(measure, referenceName, error);
    const stderr = airlockStderr?.().split('\n').slice(-2).join(' | ');
    if (stderr) row.note = `${row.note ?? ''} | airlock stderr: ${stderr}`;
    rows.push(row);
  }
}

async function toolsOf(session: Session): Promise<Map<string, Tool>> {
  const { tools } = await session.client.listTools();
  return new Map(tools.map((tool) => [tool.name, tool]));
}

async function measureAll(
  options: Options,
  environment: Environment,
  fixtures: Fixtures,
  rows: Row[],
): Promise<void> {
  const { plan } = options;
  const wanted = (name: MeasureName): boolean => options.only.has(name);
  const official: ServerSpec = officialServer(fixtures);
  const airlock: ServerSpec = options.standIn
    ? officialServer(fixtures, 'official (stand-in for airlock)')
    : airlockServer(options.airlockCli, fixtures, { fileAccess: options.fileAccess });

  if (wanted('startup')) {
    await attempt(rows, 'start-up', official.label, () =>
      measureStartup(airlock, official, plan.startupRuns),
    );
  }
  if (wanted('history')) {
    // In this process, on a core assembled as the stdio server's: no session to open.
    await attempt(rows, 'change history', 'history off', () => measureHistory(plan.history));
  }
  if ([...options.only].every((name) => name === 'startup' || name === 'history')) return;

  const sessions: Session[] = [];
  try {
    const airlockSession = await openSession(airlock);
    sessions.push(airlockSession);
    const officialSession = await openSession(official);
    sessions.push(officialSession);
    const airlockTools = await toolsOf(airlockSession);
    const officialTools = await toolsOf(officialSession);
    const stderr = (): string => airlockSession.stderrTail();
    const version = airlockSession.client.getServerVersion();
    progress(`connected to ${version?.name ?? '?'} ${version?.version ?? '?'}`);

    if (wanted('small-read')) {
      await attempt(
        rows,
        'read_text_file 2 KiB',
        official.label,
        () =>
          measureSmallRead(
            airlockSession,
            officialSession,
            fixtures,
            plan.warmupCalls,
            plan.timedCalls,
          ),
        stderr,
      );
    }
    if (wanted('list-directory')) {
      await attempt(
        rows,
        'list_directory',
        official.label,
        () =>
          measureListDirectory(
            airlockSession,
            officialSession,
            fixtures,
            plan.warmupCalls,
            plan.timedCalls,
          ),
        stderr,
      );
    }
    if (wanted('sdk-floor')) {
      await attempt(rows, 'list_directory on the bare v2 SDK', official.label, async () => {
        const floor = await openSession(sdkFloorServer());
        sessions.push(floor);
        return measureSdkFloor(floor, officialSession, fixtures, plan.warmupCalls, plan.timedCalls);
      });
    }
    if (wanted('large-read')) {
      await attempt(
        rows,
        'read_text_file ~1 MiB',
        official.label,
        () => measureLargeRead(airlockSession, officialSession, fixtures, plan.largeReads),
        stderr,
      );
    }
    if (wanted('masked-read') && !options.standIn) {
      await attempt(
        rows,
        'read_text_file 1 MiB, secrets masked',
        'masking off',
        async () => {
          writeMaskedReadFile(fixtures.workspace);
          const unmasked = await openSession(
            airlockServer(
              options.airlockCli,
              { ...fixtures, dataDir: unmaskedDataDir(fixtures) },
              { fileAccess: options.fileAccess },
            ),
          );
          sessions.push(unmasked);
          return measureMaskedRead(airlockSession, unmasked, fixtures, plan.largeReads);
        },
        stderr,
      );
    }
    if (wanted('search-files')) {
      await attempt(
        rows,
        'search_files',
        official.label,
        () =>
          measureSearchFiles(
            airlockSession,
            airlockTools.get('search_files'),
            officialSession,
            officialTools.get('search_files'),
            fixtures,
            plan.searchRuns,
          ),
        stderr,
      );
    }
    if (wanted('search-content')) {
      const rg = environment.ripgrep === undefined ? undefined : 'rg';
      await attempt(
        rows,
        'search_content',
        'rg',
        () =>
          measureSearchContent(
            airlockSession,
            airlockTools.get('search_content'),
            rg,
            fixtures,
            plan.searchRuns,
          ),
        stderr,
      );
    }
    for (const session of sessions) {
      const errors = session.protocolErrors();
      if (errors.length > 0) {
        rows.push(
          errorRow(
            `${session.spec.label} protocol`,
            official.label,
            `${errors.length} transport/protocol error(s); first: ${errors[0]}`,
          ),
        );
      }
    }
  } catch (error) {
    rows.push(errorRow('open sessions', official.label, error));
  } finally {
    await Promise.all(sessions.map((session) => session.close().catch(() => undefined)));
  }
}

async function main(): Promise<number> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    (error.exitCode === 0 ? process.stdout : process.stderr).write(`${error.message}\n`);
    return error.exitCode;
  }
  if (!options.standIn && !existsSync(options.airlockCli)) {
    process.stderr.write(
      `bench: Airlock CLI not found at ${options.airlockCli}; run \`npm run build\` first\n`,
    );
    return 1;
  }
  const started = performance.now();
  const environment = describeEnvironment(options.airlockCli, options.standIn);
  const { plan } = options;

  // Installed first: a signal during the (synchronous) generation is handled right after it.
  let fixtures: Fixtures | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    fixtures?.remove();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const rows: Row[] = [];
  try {
    // The 20,000-file tree takes a while to write; only the searches need it.
    const searches = options.only.has('search-files') || options.only.has('search-content');
    const treeFiles = searches ? plan.treeFiles : 10;
    progress(`generating fixtures (${treeFiles.toLocaleString('en-US')}-file tree)`);
    fixtures = createFixtures(treeFiles, plan.listEntries);
    await measureAll(options, environment, fixtures, rows);
  } finally {
    fixtures?.remove();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  const seconds = (performance.now() - started) / 1000;
  const mode = options.quick ? 'quick' : 'full';
  process.stdout.write(
    [
      `Airlock benchmark (${mode}, ${seconds.toFixed(1)} s)`,
      renderEnvironment(environment),
      `file access ${options.fileAccess ?? 'inline (the stdio default)'}`,
      `fixtures   tree of ${fixtures.treeFiles.toLocaleString('en-US')} files in ${fixtures.treeDirectories} directories` +
        ` (${fixtures.markdownFiles} *.md, needle on ${fixtures.needleLines} lines)`,
      options.standIn ? '\n*** --stand-in: the "Airlock" column is the official server ***' : '',
      '',
      renderTable(rows),
      '',
      'Ratios: A/O = Airlock ÷ official (lower is better); O/A = official ÷ Airlock (higher is',
      'better); A/rg, A/find = Airlock ÷ the command-line tool; F/O = the bare SDK server ÷ official;',
      'A/R = write_file keeping history ÷ the same call with history off, in this process.',
      'MISS is a result, not a failure.',
      '',
    ].join('\n'),
  );
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ mode, seconds, environment, plan, rows })}\n`);
  }
  return rows.some((row) => row.status === 'ERROR') ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
