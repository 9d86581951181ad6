// Times a command-line reference tool (find, rg) from spawn to exit, output collected.
import { spawn, spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export interface ProcessRun {
  ms: number;
  code: number | null;
  stdout: string;
}

export function runProcess(command: string, args: readonly string[]): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      err = (err + chunk.toString('utf8')).slice(-2000);
    });
    child.once('error', reject);
    child.once('close', (code) => {
      const ms = performance.now() - start;
      // find exits 0; rg exits 0 with matches and 1 with none; anything else is a failure.
      if (code !== 0 && code !== 1) {
        reject(new Error(`${command} exited with ${String(code)}: ${err.trim()}`));
        return;
      }
      resolve({ ms, code, stdout: Buffer.concat(out).toString('utf8') });
    });
  });
}

/** The first line of `command --version`, or undefined when the command is not installed. */
export function versionOf(command: string): string | undefined {
  const probe = spawnSync(command, ['--version'], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) return undefined;
  return probe.stdout.split('\n')[0]?.trim();
}
