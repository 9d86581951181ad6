// The file tools served as an agent reaches them (registerTools over an in-memory MCP link),
// over a workspace whose files hold secrets: each call's answer text, whether it failed, and
// its audit line as the audit log would write it.
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport, McpServer } from '@modelcontextprotocol/server';
import { toolCallEntry } from '../../../main/core/audit/tool-call-entry.ts';
import { createDiagnosticsLog } from '../../../main/core/log/diagnostics.ts';
import { NamePatterns } from '../../../main/core/policy/name-patterns.ts';
import { PathPolicy } from '../../../main/core/policy/path-policy.ts';
import { linuxPlatform } from '../../../main/core/policy/platform.ts';
import { openWorkspace } from '../../../main/core/policy/workspace.ts';
import type { SecretsMasking } from '../../../main/core/secrets/file-masking.ts';
import { fileTools } from '../../../main/core/tools/file-tools.ts';
import { searchTools } from '../../../main/core/tools/search-tools.ts';
import { registerTools, type ToolCallRecord } from '../../../main/core/tools/tool-kit.ts';
import { defaultProtections } from '../../helpers/protections.ts';
import { makeContext, makeLayout } from '../fixtures.ts';
import { KEY } from '../secrets/secret-fixtures.ts';

export interface SecretsAgentOptions {
  /** The workspace's own setting; on when absent. */
  readonly maskSecrets?: boolean;
  readonly exempt?: readonly string[];
  readonly entropy?: boolean;
}

export interface CallAnswer {
  readonly text: string;
  readonly isError: boolean;
  readonly record: ToolCallRecord;
  /** The call's audit record as one JSON line. */
  readonly auditLine: string;
}

export interface SecretsAgent {
  readonly ws: string;
  call(name: string, args: Record<string, unknown>): Promise<CallAnswer>;
  close(): Promise<void>;
}

export function secretsMasking(options: SecretsAgentOptions = {}): SecretsMasking {
  const exempt = options.exempt ?? [];
  return {
    key: KEY,
    entropy: options.entropy ?? false,
    exempt: new NamePatterns(linuxPlatform, {
      enabled: exempt.length > 0,
      patterns: exempt,
      nestedPatterns: [],
    }),
  };
}

/** An agent connected to the tools over a fresh writable workspace that masks secrets. */
export async function secretsAgent(options: SecretsAgentOptions = {}): Promise<SecretsAgent> {
  const { ws, dataDir } = await makeLayout();
  const base = await makeContext(ws, dataDir);
  const workspace = await openWorkspace(linuxPlatform, ws, 'write');
  const policy = new PathPolicy(
    linuxPlatform,
    [{ ...workspace, ...(options.maskSecrets === false ? { maskSecrets: false } : {}) }],
    defaultProtections(linuxPlatform),
  );
  const context = {
    ...base,
    policy,
    searchWorkerUrl: new URL('../../../main/core/tools/search-content-worker.ts', import.meta.url),
    secrets: secretsMasking(options),
  };
  const finished: ToolCallRecord[] = [];
  const server = new McpServer({ name: 'test', version: '0' });
  registerTools(server, [...fileTools, ...searchTools], {
    context: () => context,
    session: 'secrets-session',
    log: createDiagnosticsLog({ stderr: false }),
    onCallFinished: (record) => {
      finished.push(record);
    },
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'Secrets Agent', version: '1.0' });
  await client.connect(clientSide);
  return {
    ws,
    async call(name, args) {
      const result = await client.callTool({ name, arguments: args });
      const content = result.content as { type: string; text?: string }[];
      const record = finished.at(-1) as ToolCallRecord;
      return {
        text: content.map((block) => block.text ?? '').join('\n'),
        isError: result.isError === true,
        record,
        auditLine: JSON.stringify(toolCallEntry(record, { transport: 'stdio' }, ws)),
      };
    },
    close: () => client.close(),
  };
}
