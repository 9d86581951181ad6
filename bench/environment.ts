// What the figures were measured on: machine, Node, and the versions of everything compared.
import { statSync } from 'node:fs';
import { arch, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { officialVersion } from './servers.ts';
import { versionOf } from './reference-process.ts';

export interface Environment {
  date: string;
  node: string;
  os: string;
  cpu: string;
  cores: number;
  memoryGiB: number;
  /** One-minute load average when the bench started; other work on the machine skews timings. */
  loadAverage: number;
  official: string;
  airlockCli: string;
  ripgrep: string | undefined;
  find: string | undefined;
}

export function describeEnvironment(airlockCli: string, standIn: boolean): Environment {
  let airlock = 'official server (stand-in, --stand-in)';
  if (!standIn) {
    try {
      const stat = statSync(airlockCli);
      airlock = `${airlockCli} (built ${stat.mtime.toISOString()}, ${stat.size} bytes)`;
    } catch {
      airlock = `${airlockCli} (missing)`;
    }
  }
  return {
    date: new Date().toISOString(),
    node: process.version,
    os: `${platform()} ${release()} ${arch()}`,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    loadAverage: loadavg()[0] ?? 0,
    official: `@modelcontextprotocol/server-filesystem ${officialVersion()}`,
    airlockCli: airlock,
    ripgrep: versionOf('rg'),
    find: versionOf('find'),
  };
}

export function renderEnvironment(env: Environment): string {
  return [
    `date       ${env.date}`,
    `machine    ${env.cpu}, ${env.cores} cores, ${env.memoryGiB} GiB, ${env.os}`,
    `load       ${env.loadAverage.toFixed(2)} (1-min average at start)` +
      (env.loadAverage > env.cores / 2 ? ' — the machine is busy; timings will be noisy' : ''),
    `node       ${env.node}`,
    `airlock    ${env.airlockCli}`,
    `official   ${env.official}`,
    `references ${env.ripgrep ?? 'rg not installed'}; ${env.find ?? 'find not installed'}`,
  ].join('\n');
}
