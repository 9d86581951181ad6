// The two servers of the token benchmark, both able to write, as a person who lets an agent
// edit would run them: the official server always offers its write tools, Airlock only
// with --allow-write.
import { fileURLToPath } from 'node:url';
import { airlockServer, officialServer, type ServerSpec } from '../servers.ts';

export const DEFAULT_AIRLOCK_CLI = fileURLToPath(
  new URL('../../dist/cli/airlock.js', import.meta.url),
);

export function officialTokenServer(workspace: string): ServerSpec {
  return officialServer({ workspace });
}

export function airlockTokenServer(cli: string, workspace: string, dataDir: string): ServerSpec {
  return airlockServer(cli, { workspace, dataDir }, { allowWrite: true });
}
