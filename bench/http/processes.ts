// The two HTTP servers of the bench, each in its own process: Airlock as the shipped CLI
// (`airlock serve --http`) and the minimal SDK floor. Both print their URL once listening.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { HttpFixtures } from './fixtures.ts';

export interface ServerProcess {
  readonly label: string;
  readonly url: string;
  readonly child: ChildProcess;
  stderr(): string;
  /** CPU time (user + system) the process has used, in ms; undefined off Linux. */
  cpuMs(): number | undefined;
  stop(): Promise<void>;
}

let ticksPerSecond: number | undefined;

/** The CPU time of a process from /proc (Linux only). */
function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / ticksPerSecond : undefined;
  } catch {
    return undefined;
  }
}

const LISTENING = /listening on (http:\/\/127\.0\.0\.1:\d+\/mcp)/;

async function startProcess(
  label: string,
  args: string[],
  env: Record<string, string>,
): Promise<ServerProcess> {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const exited = once(child, 'exit');
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${label}: no URL within 20 s\n${stderr}`)),
      20_000,
    );
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < 200_000) stderr += chunk.toString('utf8');
      const match = LISTENING.exec(stderr);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then(([code]) => {
      clearTimeout(timer);
      reject(new Error(`${label} exited (${String(code)}) before listening:\n${stderr}`));
    });
  });
  return {
    label,
    url,
    child,
    stderr: () => stderr,
    cpuMs: () => processCpuMs(child.pid),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export function startAirlock(cli: string, fixtures: HttpFixtures): Promise<ServerProcess> {
  if (!existsSync(cli)) throw new Error(`${cli} does not exist: run \`npm run build\` first`);
  return startProcess(
    'airlock',
    [
      cli,
      'serve',
      '--http',
      '--port',
      '0',
      '--workspace',
      fixtures.workspace,
      '--data-dir',
      fixtures.dataDir,
    ],
    {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: fixtures.home,
      MCP_API_KEY: fixtures.key,
      // Never touch a real install's keychain entries.
      AIRLOCK_KEYCHAIN_SERVICE: 'AirlockBench',
      ...(process.env.DBUS_SESSION_BUS_ADDRESS
        ? { DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS }
        : {}),
    },
  );
}

export function startFloor(fileBytes: number): Promise<ServerProcess> {
  const script = fileURLToPath(new URL('./floor-server.ts', import.meta.url));
  return startProcess('floor', [script, String(fileBytes)], {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
  });
}
