// A socket file as a crash leaves it: a process listens on the path and dies without
// closing, so the file stays and nothing answers a connect.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { lstat } from 'node:fs/promises';

export async function plantStaleSocket(socketPath: string): Promise<void> {
  const script = `require('node:net').createServer().listen(${JSON.stringify(socketPath)}, () => process.kill(process.pid, 'SIGKILL'));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
  if (signal !== 'SIGKILL') throw new Error(`the planting process ended with ${String(code)}`);
  if (!(await lstat(socketPath)).isSocket()) throw new Error(`no stale socket at ${socketPath}`);
}
