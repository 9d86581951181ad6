// The built CLI in its own process, as the tests run it: started until it prints the line a
// test waits for, or run to its end for starts that must be refused.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/** A small, explicit environment; `keychainService` keeps tests off a real install's keys. */
export function cliTestEnv(
  home: string,
  keychainService: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    AIRLOCK_KEYCHAIN_SERVICE: keychainService,
    ...(process.env.DBUS_SESSION_BUS_ADDRESS
      ? { DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS }
      : {}),
    ...extra,
  };
}

export interface CliLaunch {
  readonly args: readonly string[];
  readonly env: Record<string, string>;
  readonly cwd: string;
}

export interface RunningCli {
  readonly child: ChildProcess;
  /** The ready line's match. */
  readonly ready: RegExpExecArray;
  stderr(): string;
  /** Sends SIGTERM and waits for the exit code. */
  stop(): Promise<number | null>;
}

/** Starts the CLI; rejects with its stderr when it exits, or stays silent, instead of `ready`. */
export async function startCli(
  launch: CliLaunch,
  ready: RegExp,
  timeoutMs: number,
): Promise<RunningCli> {
  const child = spawn(process.execPath, launch.args, {
    env: launch.env,
    cwd: launch.cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const exited = once(child, 'exit');
  const readyLine = new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ready line within ${timeoutMs} ms:\n${stderr}`)),
      timeoutMs,
    );
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < 1_000_000) stderr += chunk.toString('utf8');
      const match = ready.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    });
    void exited.then(([code]) => {
      clearTimeout(timer);
      reject(new Error(`the CLI exited (${String(code)}) before it was ready:\n${stderr}`));
    });
  });
  let match: RegExpExecArray;
  try {
    match = await readyLine;
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    child,
    ready: match,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      return code;
    },
  };
}

/** Runs the CLI to its end; kills it at `timeoutMs`. */
export async function runCliToExit(
  launch: CliLaunch,
  timeoutMs: number,
): Promise<{ code: number | null; stderr: string; killed: boolean }> {
  const child = spawn(process.execPath, launch.args, {
    env: launch.env,
    cwd: launch.cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, stderr, killed };
}
