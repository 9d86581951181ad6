import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport, McpServer } from '@modelcontextprotocol/server';
import { REFUSAL_MESSAGES } from '../../../main/core/approvals/approval-messages.ts';
import {
  ApprovalService,
  type ApprovalTiming,
} from '../../../main/core/approvals/approval-service.ts';
import type { AuditEntry } from '../../../main/core/audit/audit-record.ts';
import { createDiagnosticsLog } from '../../../main/core/log/diagnostics.ts';
import { PathPolicy } from '../../../main/core/policy/path-policy.ts';
import { linuxPlatform } from '../../../main/core/policy/platform.ts';
import { openWorkspace } from '../../../main/core/policy/workspace.ts';
import { deleteFile } from '../../../main/core/tools/delete-file.ts';
import { registerTools, type ToolCallRecord } from '../../../main/core/tools/tool-kit.ts';
import { writeFile } from '../../../main/core/tools/write-file.ts';
import { defaultProtections } from '../../helpers/protections.ts';
import { makeContext, makeLayout, put } from '../fixtures.ts';

const services: ApprovalService[] = [];
after(() => {
  for (const service of services) service.close();
});

/** A client connected over HTTP with key "laptop" to a folder that asks before replacing. */
async function connect(timing: ApprovalTiming, callTimeoutMs = 30_000) {
  const { ws, dataDir } = await makeLayout();
  const base = await makeContext(ws, dataDir, { limits: { callTimeoutMs } });
  const workspace = await openWorkspace(linuxPlatform, ws, 'write');
  const policy = new PathPolicy(
    linuxPlatform,
    [{ ...workspace, askBefore: 'replacing' }],
    defaultProtections(linuxPlatform),
  );
  const approvals: AuditEntry[] = [];
  const service = new ApprovalService({
    timing: () => timing,
    record: async (entry) => void approvals.push(entry),
  });
  services.push(service);
  const calls: ToolCallRecord[] = [];
  const server = new McpServer({ name: 'test', version: '0' });
  registerTools(server, [writeFile, deleteFile], {
    context: () => ({ ...base, policy, approver: service }),
    caller: { transport: 'http', keyName: 'laptop' },
    log: createDiagnosticsLog({ stderr: false }),
    onCallFinished: (record) => void calls.push(record),
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'Claude Desktop', version: '1.4' });
  await client.connect(clientSide);
  return { ws, service, client, calls, approvals };
}

async function untilAsked(service: ApprovalService): Promise<string> {
  for (;;) {
    const [request] = service.view().pending;
    if (request) return request.id;
    await sleep(2);
  }
}

function textOf(result: Awaited<ReturnType<Client['callTool']>>): string {
  const [first] = result.content as { type: string; text: string }[];
  return first?.text ?? '';
}

describe('a change tool waiting for the person', () => {
  it("waits past the call's own time limit, then goes ahead, and its record names the approval", async () => {
    const { ws, service, client, calls, approvals } = await connect(
      { waitMs: 5000, pendingMs: 60_000 },
      150,
    );
    const file = await put(ws, 'report.txt', 'draft\n');
    const call = client.callTool({ name: 'delete_file', arguments: { path: 'report.txt' } });
    const id = await untilAsked(service);
    const [request] = service.view().pending;
    assert.deepEqual(request?.requester, {
      client: 'Claude Desktop 1.4',
      transport: 'http',
      keyName: 'laptop',
    });
    await sleep(300);
    await service.decide(id, 'allow-once');
    const result = await call;
    assert.notEqual(result.isError, true, textOf(result));
    await assert.rejects(readFile(file), { code: 'ENOENT' });
    const finished = calls.at(-1);
    assert.equal(finished?.outcome, 'ok');
    assert.equal(finished?.approval, id);
    // The approval's records and the call's share the call's correlation id.
    assert.ok(approvals.every((entry) => entry.correlationId === finished?.correlationId));
  });

  it('tells the agent to call again, and lets the same call through once the person says yes', async () => {
    const { ws, service, client, calls } = await connect({ waitMs: 50, pendingMs: 60_000 });
    const file = await put(ws, 'notes.txt', 'milk\n');
    const args = { path: 'notes.txt', content: 'milk\neggs\n' };
    const first = await client.callTool({ name: 'write_file', arguments: args });
    assert.equal(first.isError, true);
    assert.ok(textOf(first).startsWith(REFUSAL_MESSAGES.waiting), textOf(first));
    assert.equal(calls.at(-1)?.outcome, 'denied');
    await service.decide(await untilAsked(service), 'allow-once');
    // Another argument does not ride on the OK.
    const other = await client.callTool({
      name: 'write_file',
      arguments: { ...args, content: 'milk\nbeer\n' },
    });
    assert.equal(other.isError, true);
    assert.equal(await readFile(file, 'utf8'), 'milk\n');
    const retry = await client.callTool({ name: 'write_file', arguments: args });
    assert.notEqual(retry.isError, true, textOf(retry));
    assert.equal(await readFile(file, 'utf8'), 'milk\neggs\n');
  });

  it('changes nothing when the person declines, and says so', async () => {
    const { ws, service, client } = await connect({ waitMs: 5000, pendingMs: 60_000 });
    const file = await put(ws, 'a.txt', 'one\n');
    const call = client.callTool({ name: 'delete_file', arguments: { path: path.basename(file) } });
    await service.decide(await untilAsked(service), 'deny');
    const result = await call;
    assert.equal(result.isError, true);
    assert.ok(textOf(result).startsWith(REFUSAL_MESSAGES.denied));
    assert.equal(await readFile(file, 'utf8'), 'one\n');
  });
});
