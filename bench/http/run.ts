// Entry point: `node bench/http/run.ts [--quick] [--airlock-cli FILE]` — Airlock's loopback
// HTTP transport (the shipped `airlock serve --http`, with key checks, rate limits and the
// audit log on) against a minimal SDK server whose tool does nothing, in the same run, with
// the same SDK v2 client reading a 2 KiB file. Targets are in report.ts. Exits non-zero only
// when the bench itself fails (an ERROR row), never on a MISS.
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { percentile } from '../stats.ts';
import { BENCH_HTTP_SETTINGS, FILE_BYTES, FILE_NAME, createHttpFixtures } from './fixtures.ts';
import type { HttpFixtures } from './fixtures.ts';
import { callers, measureConcurrent, measureSequential, newTally } from './load.ts';
import type { ClientKind, Tally, Target, Throughput } from './load.ts';
import { startAirlock, startFloor } from './processes.ts';
import type { ServerProcess } from './processes.ts';
import { ms, perSecond, renderHttpTable } from './report.ts';
import type { HttpRow } from './report.ts';

interface Plan {
  warmupCalls: number;
  timedCalls: number;
  concurrency: number;
  /** Seconds of each closed-loop throughput run. */
  seconds: number;
  /** Throughput runs per server, alternating Airlock and the floor. */
  rounds: number;
}

const FULL: Plan = { warmupCalls: 100, timedCalls: 1000, concurrency: 50, seconds: 4, rounds: 2 };
const QUICK: Plan = { warmupCalls: 30, timedCalls: 200, concurrency: 50, seconds: 1.5, rounds: 1 };

const USAGE = `usage: node bench/http/run.ts [--quick] [--airlock-cli FILE]
  --quick            fewer calls and shorter runs (a self-check, about 10 s)
  --airlock-cli FILE the built CLI to run as \`serve --http\` (default dist/cli/airlock.js)`;

interface Options {
  plan: Plan;
  quick: boolean;
  cli: string;
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = {
    plan: FULL,
    quick: false,
    cli: fileURLToPath(new URL('../../dist/cli/airlock.js', import.meta.url)),
  };
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    if (arg === '--quick') {
      options.quick = true;
      options.plan = QUICK;
    } else if (arg === '--airlock-cli' && argv[index + 1] !== undefined) {
      options.cli = argv[(index += 1)] as string;
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else {
      process.stderr.write(`unknown argument: ${String(arg)}\n${USAGE}\n`);
      process.exit(2);
    }
  }
  return options;
}

function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

function errorRow(measure: string, error: unknown): HttpRow {
  return {
    measure,
    airlock: '—',
    reference: '—',
    ratio: '—',
    target: '—',
    status: 'ERROR',
    note: `${measure}: ${error instanceof Error ? error.message : String(error)}`.slice(0, 400),
  };
}

interface Servers {
  airlock: ServerProcess;
  floor: ServerProcess;
  airlockTarget: Target;
  floorTarget: Target;
}

const CLIENT_NAME: Record<ClientKind, string> = {
  sdk: 'SDK v2 client',
  raw: 'bare keep-alive HTTP client',
};

async function latencyRow(
  kind: ClientKind,
  servers: Servers,
  plan: Plan,
  tallies: [Tally, Tally],
): Promise<HttpRow> {
  const airlockSide = await callers(kind, servers.airlockTarget, tallies[0], 1);
  const floorSide = await callers(kind, servers.floorTarget, tallies[1], 1);
  try {
    const [airlock = [], floor = []] = await measureSequential(
      [...airlockSide.callers, ...floorSide.callers],
      plan.warmupCalls,
      plan.timedCalls,
    );
    const airlockP50 = percentile(airlock, 50);
    const floorP50 = percentile(floor, 50);
    return {
      measure: `1 client, p50, ${CLIENT_NAME[kind]}`,
      airlock: ms(airlockP50),
      reference: ms(floorP50),
      ratio: `${(airlockP50 / floorP50).toFixed(2)}x floor`,
      target: '≤ 2 ms',
      status: airlockP50 <= 2 ? 'PASS' : 'MISS',
      note:
        `${plan.timedCalls} timed calls after ${plan.warmupCalls} warm-up, interleaved with the floor; ` +
        `p90 ${ms(percentile(airlock, 90))} vs ${ms(percentile(floor, 90))}, ` +
        `p99 ${ms(percentile(airlock, 99))} vs ${ms(percentile(floor, 99))}.`,
    };
  } finally {
    await airlockSide.close();
    await floorSide.close();
  }
}

function combine(runs: readonly Throughput[]): Throughput {
  const calls = runs.reduce((sum, run) => sum + run.calls, 0);
  const seconds = runs.reduce((sum, run) => sum + run.seconds, 0);
  return { calls, seconds, perSecond: calls / seconds };
}

async function throughputRow(
  kind: ClientKind,
  servers: Servers,
  plan: Plan,
  tallies: [Tally, Tally],
): Promise<HttpRow> {
  const airlockRuns: Throughput[] = [];
  const floorRuns: Throughput[] = [];
  const cpu = { airlock: 0, floor: 0 };
  for (let round = 0; round < plan.rounds; round += 1) {
    for (const [side, server, target, tally, runs] of [
      ['airlock', servers.airlock, servers.airlockTarget, tallies[0], airlockRuns],
      ['floor', servers.floor, servers.floorTarget, tallies[1], floorRuns],
    ] as const) {
      progress(
        `${plan.concurrency} ${kind} clients, round ${round + 1} of ${plan.rounds}: ${side}`,
      );
      const made = await callers(kind, target, tally, plan.concurrency);
      try {
        const cpuBefore = server.cpuMs();
        runs.push(await measureConcurrent(made.callers, tally, plan.seconds));
        const cpuAfter = server.cpuMs();
        if (cpuBefore !== undefined && cpuAfter !== undefined) cpu[side] += cpuAfter - cpuBefore;
      } finally {
        await made.close();
      }
    }
  }
  const airlock = combine(airlockRuns);
  const floor = combine(floorRuns);
  // The CPU figures include each run's one warm-up call per client: a rounding error.
  const serverCpu =
    cpu.airlock > 0 && cpu.floor > 0
      ? ` Server CPU: Airlock ${((100 * cpu.airlock) / (airlock.seconds * 1000)).toFixed(0)}% of a core, ` +
        `${(cpu.airlock / airlock.calls).toFixed(2)} ms per call; floor ` +
        `${((100 * cpu.floor) / (floor.seconds * 1000)).toFixed(0)}%, ` +
        `${(cpu.floor / floor.calls).toFixed(2)} ms per call.`
      : '';
  return {
    measure: `${plan.concurrency} concurrent clients, ${CLIENT_NAME[kind]}`,
    airlock: perSecond(airlock.perSecond),
    reference: perSecond(floor.perSecond),
    ratio: `${(airlock.perSecond / floor.perSecond).toFixed(2)}x floor`,
    target: '≥ 2,000 calls/s',
    status: airlock.perSecond >= 2000 ? 'PASS' : 'MISS',
    note:
      `${plan.rounds} run(s) of ${plan.seconds} s per server, alternating; ` +
      `${airlock.calls} Airlock calls, ${floor.calls} floor calls.${serverCpu}`,
  };
}

function errorsRow(tallies: [Tally, Tally]): HttpRow {
  const [airlock, floor] = tallies;
  return {
    measure: 'errors (all calls above)',
    airlock: `${airlock.errors} in ${airlock.calls} calls`,
    reference: `${floor.errors} in ${floor.calls} calls`,
    ratio: '—',
    target: '0',
    status: airlock.errors === 0 ? 'PASS' : 'MISS',
    ...(airlock.firstError ? { note: `first Airlock error: ${airlock.firstError}` } : {}),
  };
}

async function auditRow(fixtures: HttpFixtures, airlock: Tally): Promise<HttpRow> {
  const records = await fixtures.countToolCallRecords();
  return {
    measure: 'audit records (tool_call lines in the file)',
    airlock: `${records} for ${airlock.answered} calls`,
    reference: '—',
    ratio: '—',
    target: 'exactly 1 per call',
    status: records === airlock.answered ? 'PASS' : 'MISS',
    note: 'every call the tool answered is counted (ok or refused); the floor keeps no audit log.',
  };
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const { plan } = options;
  const rows: HttpRow[] = [];
  const fixtures = await createHttpFixtures();
  let servers: Servers | undefined;
  const started: ServerProcess[] = [];
  try {
    const airlock = await startAirlock(options.cli, fixtures);
    started.push(airlock);
    const floor = await startFloor(FILE_BYTES);
    started.push(floor);
    servers = {
      airlock,
      floor,
      airlockTarget: {
        label: 'airlock',
        url: airlock.url,
        key: fixtures.key,
        path: FILE_NAME,
        expected: fixtures.fileText,
      },
      floorTarget: {
        label: 'floor',
        url: floor.url,
        path: FILE_NAME,
        expected: 'x'.repeat(FILE_BYTES),
      },
    };
  } catch (error) {
    rows.push(errorRow('start the servers', error));
  }

  const tallies: [Tally, Tally] = [newTally(), newTally()];
  if (servers) {
    const running = servers;
    const measures: Array<[string, () => Promise<HttpRow>]> = [];
    for (const kind of ['sdk', 'raw'] as const) {
      measures.push([`1 client, ${kind}`, () => latencyRow(kind, running, plan, tallies)]);
    }
    for (const kind of ['sdk', 'raw'] as const) {
      measures.push([
        `${plan.concurrency} clients, ${kind}`,
        () => throughputRow(kind, running, plan, tallies),
      ]);
    }
    for (const [measure, work] of measures) {
      progress(measure);
      try {
        rows.push(await work());
      } catch (error) {
        const row = errorRow(measure, error);
        const stderr = running.airlock.stderr().trim().split('\n').slice(-2).join(' | ');
        rows.push(stderr ? { ...row, note: `${row.note ?? ''} | airlock stderr: ${stderr}` } : row);
      }
    }
    rows.push(errorsRow(tallies));
    try {
      rows.push(await auditRow(fixtures, tallies[0]));
    } catch (error) {
      rows.push(errorRow('audit records', error));
    }
  }
  await Promise.all(started.map((server) => server.stop().catch(() => undefined)));
  await fixtures.cleanup();

  const load = loadavg()[0] ?? 0;
  process.stdout.write(
    [
      `Airlock over loopback HTTP${options.quick ? ' (--quick)' : ''}`,
      `machine  ${cpus()[0]?.model.trim() ?? 'unknown'}, ${cpus().length} cores; node ${process.version}; load ${load.toFixed(2)}`,
      `airlock  ${options.cli} serve --http, key in MCP_API_KEY, Host/Origin/key checks and the audit log on`,
      `         (fsync "interval", the default); settings raised for the bench, because all clients`,
      `         share one key: ratePerSecond ${BENCH_HTTP_SETTINGS.ratePerSecond}, rateBurst ${BENCH_HTTP_SETTINGS.rateBurst}, maxConcurrentPerKey ${BENCH_HTTP_SETTINGS.maxConcurrentPerKey}`,
      `floor    minimal SDK v2 server (createMcpHandler + toNodeHandler on node:http), a tool that`,
      `         returns a constant ${FILE_BYTES}-byte text; no checks, no audit; its own process`,
      `clients  SDK v2 Client + StreamableHTTPClientTransport pinned to 2026-07-28 (stateless, one POST`,
      `         per call), and a bare node:http keep-alive client sending the same POST; both run in`,
      `         this process, on the same ${cpus().length} cores as the two servers`,
      '',
      renderHttpTable(rows),
      '',
    ].join('\n'),
  );
  return rows.some((row) => row.status === 'ERROR') ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
