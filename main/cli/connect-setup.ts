import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ConnectService,
  type ConnectServiceOptions,
} from '../core/app/connections/connect-service.ts';
import { anyFolderScope } from '../core/app/connections/connections-scope.ts';
import { chooseDataDir } from '../core/config/data-dir.ts';
import { processClientEnvironment } from '../core/connect/client-environment.ts';
import type { AirlockEndpoints } from '../core/connect/clients/mcp-client.ts';
import { CommandError } from './command-error.ts';
import { cliClientKeys } from './connect-key.ts';

// Built, this file is bundled into dist/cli/airlock.js; from source it sits in main/cli.
const distDir = fileURLToPath(
  new URL(import.meta.url.endsWith('.ts') ? '../../dist/' : '../', import.meta.url),
);
export const BRIDGE_PATH = path.join(distDir, 'bridge', 'airlock-bridge.js');
export const MCPB_PATH = path.join(distDir, 'airlock.mcpb');

/** `clientName` is what the audit log calls the client; without it the bridge asks the client. */
export function airlockEndpoints(
  port: number,
  dataDirFlag: string | undefined,
  clientName?: string,
): AirlockEndpoints {
  const explicitDataDir = dataDirFlag ?? process.env.AIRLOCK_DATA_DIR;
  return {
    stdio: {
      command: process.execPath,
      args: [
        BRIDGE_PATH,
        ...(clientName === undefined ? [] : ['--client', clientName]),
        ...(explicitDataDir === undefined ? [] : ['--data-dir', chooseDataDir(explicitDataDir)]),
      ],
    },
    url: `http://127.0.0.1:${port}/mcp`,
  };
}

/**
 * The connect service as the command line runs it: this build's bridge and URL, keys on
 * the system keychain recorded as the command line's, and a key's reach not limited to the
 * folders an app shares. Tests pass their own keys, or a writer that fails.
 */
export function cliConnectService(
  dataDir: string,
  endpoints: AirlockEndpoints,
  overrides: Partial<Pick<ConnectServiceOptions, 'keys' | 'writeConfig'>> = {},
): ConnectService {
  return new ConnectService({
    dataDir,
    environment: processClientEnvironment(),
    keys: overrides.keys ?? cliClientKeys(dataDir),
    reach: {
      bridge: async () => {
        if (!existsSync(BRIDGE_PATH)) {
          throw new CommandError(
            `The bridge is missing at ${BRIDGE_PATH}. Build Airlock first (npm run build).`,
          );
        }
        return endpoints.stdio;
      },
      url: () => endpoints.url,
    },
    scopeOf: anyFolderScope,
    writeConfig: overrides.writeConfig,
  });
}
