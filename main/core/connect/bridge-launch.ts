import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';

/** How a stdio client starts the bridge: both paths absolute (GUI apps get a minimal PATH). */
export interface BridgeLaunch {
  /** A Node.js executable. */
  readonly node: string;
  /** dist/bridge/airlock-bridge.js */
  readonly bridge: string;
}

/** The command and arguments of a stdio entry: the bridge, told who the client is and where Airlock keeps its data. */
export function bridgeCommand(
  launch: BridgeLaunch,
  dataDir: string,
  clientName?: string,
): { command: string; args: string[] } {
  return {
    command: launch.node,
    args: [
      launch.bridge,
      ...(clientName === undefined ? [] : ['--client', clientName]),
      '--data-dir',
      dataDir,
    ],
  };
}

/**
 * Where a Node.js executable is, for stdio clients of the packaged app: Electron's own
 * binary cannot run the bridge (its RunAsNode fuse is off). PATH first, then the places
 * installers put Node; undefined when there is none.
 */
export async function findNodeExecutable(
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  const paths = platform === 'win32' ? path.win32 : path.posix;
  const name = platform === 'win32' ? 'node.exe' : 'node';
  const fromPath = (env.PATH ?? env.Path ?? '')
    .split(platform === 'win32' ? ';' : ':')
    .filter((dir) => dir !== '' && paths.isAbsolute(dir));
  for (const dir of [...fromPath, ...wellKnownNodeDirs(platform, env)]) {
    const candidate = paths.join(dir, name);
    if (await isExecutableFile(candidate, platform)) return candidate;
  }
  return undefined;
}

function wellKnownNodeDirs(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform === 'win32') {
    return [env.ProgramFiles, env['ProgramFiles(x86)']]
      .filter((dir): dir is string => dir !== undefined)
      .map((dir) => path.win32.join(dir, 'nodejs'));
  }
  if (platform === 'darwin') return ['/opt/homebrew/bin', '/usr/local/bin'];
  return ['/usr/local/bin', '/usr/bin'];
}

async function isExecutableFile(file: string, platform: NodeJS.Platform): Promise<boolean> {
  const found = await stat(file).catch(() => undefined);
  if (!found?.isFile()) return false;
  if (platform === 'win32') return true;
  return access(file, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/**
 * A file of the packaged app as other programs can read it: inside app.asar only Electron
 * sees files, so the bridge and the extension are shipped beside it in app.asar.unpacked.
 */
export function outsideAsar(file: string): string {
  return file.replace(/([\\/])app\.asar(?=[\\/])/, '$1app.asar.unpacked');
}
