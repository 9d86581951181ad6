// Runs the built `airlock` CLI (AIRLOCK_TEST_CLI points at another build) and returns
// its exit code and output, whatever the code.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CLI_PATH } from '../helpers/server.ts';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  if (!existsSync(CLI_PATH))
    throw new Error(`${CLI_PATH} does not exist: run \`npm run build\` first`);
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [CLI_PATH, ...args],
      { env, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (error as { code?: unknown }).code : 0;
        if (typeof code !== 'number') reject(error ?? new Error('no exit code'));
        else resolve({ code, stdout, stderr });
      },
    );
  });
}

/** The caller's environment without variables that would change which keys or data are used. */
export function cliEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...overrides };
  delete env.AIRLOCK_DATA_DIR;
  delete env.MCP_API_KEY;
  delete env.NODE_OPTIONS;
  return env;
}
