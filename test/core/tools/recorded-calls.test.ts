// The tool kit joins a call and its change: the change takes the call's correlation id,
// is recorded with the call's client and session, and the call's audit record says whether
// it can be undone. A change tool that fails after changing something still says so.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport, McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { toolCallEntry } from '../../../main/core/audit/tool-call-entry.ts';
import { writeFileAtomically } from '../../../main/core/fs/atomic-write.ts';
import { DEFAULT_HISTORY_LIMITS } from '../../../main/core/history/history-limits.ts';
import { createDiagnosticsLog } from '../../../main/core/log/diagnostics.ts';
import { fileTools } from '../../../main/core/tools/file-tools.ts';
import {
  defineTool,
  registerTools,
  type ToolCallRecord,
  type ToolContext,
} from '../../../main/core/tools/tool-kit.ts';
import { makeContext, makeLayout, put } from '../fixtures.ts';

/** A change tool that makes its change, then fails before it can say so. */
const failsAfterWriting = defineTool({
  name: 'fails_after_writing',
  title: 'fails after writing',
  description: 'Writes a.txt, then fails.',
  inputSchema: z.object({}),
  outputSchema: z.object({}),
  writes: true,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false },
  run: async (_input, { policy, changes }) => {
    const target = await policy.resolveForCreate('a.txt');
    const change = await changes.beforeWrite(target);
    await change.recorded();
    await writeFileAtomically(target, Buffer.from('written'));
    throw new Error('lost the connection to the disk after writing');
  },
});

async function serve(context: ToolContext, session: string) {
  const finished: ToolCallRecord[] = [];
  const server = new McpServer({ name: 'test', version: '0' });
  registerTools(server, [...fileTools, failsAfterWriting], {
    context: () => context,
    session,
    log: createDiagnosticsLog({ stderr: false }),
    onCallFinished: (record) => {
      finished.push(record);
    },
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'Spec Agent', version: '3.1' });
  await client.connect(clientSide);
  const call = async (name: string, args: Record<string, unknown>) => {
    const result = await client.callTool({ name, arguments: args });
    return { result, record: finished.at(-1) as ToolCallRecord };
  };
  return { call, close: () => client.close() };
}

describe('a change and the call that made it', () => {
  it('share one id, and the change keeps the client and session of the call', async () => {
    const { ws, dataDir } = await makeLayout();
    const context = await makeContext(ws, dataDir);
    const agent = await serve(context, 'session-one');
    const { result, record } = await agent.call('write_file', { path: 'a.txt', content: 'x' });
    const changeId = (result.structuredContent as { changeId: string }).changeId;
    assert.equal(changeId, record.correlationId);
    assert.deepEqual(record.change, { changeId, undoable: true });
    const change = await context.journal.mustRead(changeId);
    assert.equal(change.client, 'Spec Agent 3.1');
    assert.equal(change.session, 'session-one');
    await agent.close();
  });

  it('gives the audit record a detail saying whether it can be undone, and why not', async () => {
    const { ws, dataDir } = await makeLayout();
    const context = await makeContext(ws, dataDir);
    await context.journal.setLimits({ ...DEFAULT_HISTORY_LIMITS, maxFileBytes: 1024 });
    await put(ws, 'big.txt', 'x'.repeat(2048));
    const agent = await serve(context, 'session-one');
    const kept = await agent.call('write_file', { path: 'small.txt', content: 'x' });
    const lost = await agent.call('write_file', { path: 'big.txt', content: 'y' });
    assert.deepEqual(toolCallEntry(kept.record, { transport: 'stdio' }, ws).detail, {
      changeId: kept.record.correlationId,
      undoable: true,
    });
    assert.deepEqual(toolCallEntry(lost.record, { transport: 'stdio' }, ws).detail, {
      changeId: lost.record.correlationId,
      undoable: false,
      reason: 'The file was 2 KB, more than the 1 KB history keeps per file.',
    });
    const read = await agent.call('read_text_file', { path: 'small.txt' });
    assert.equal(toolCallEntry(read.record, { transport: 'stdio' }, ws).detail, undefined);
    await agent.close();
  });

  it('still records the change of a tool that failed after making it, as one that can be undone', async () => {
    const { ws, dataDir } = await makeLayout();
    const context = await makeContext(ws, dataDir);
    await put(ws, 'a.txt', 'before');
    const agent = await serve(context, 'session-one');
    const { result, record } = await agent.call('fails_after_writing', {});
    assert.equal(result.isError, true);
    assert.equal(record.outcome, 'error');
    assert.deepEqual(record.change, { changeId: record.correlationId, undoable: true });
    assert.equal((await context.journal.mustRead(record.correlationId)).status, 'done');
    const undone = await agent.call('undo_change', { changeId: record.correlationId });
    assert.notEqual(undone.result.isError, true);
    await agent.close();
  });
});

describe('undo_change between two connections', () => {
  it("refuses the other connection's change, whatever the client is called, and the audit record says denied", async () => {
    const { ws, dataDir } = await makeLayout();
    const context = await makeContext(ws, dataDir);
    await put(ws, 'a.txt', 'before');
    const first = await serve(context, 'session-one');
    const second = await serve(context, 'session-two');
    const { result } = await first.call('write_file', { path: 'a.txt', content: 'first' });
    const changeId = (result.structuredContent as { changeId: string }).changeId;
    const refused = await second.call('undo_change', { changeId });
    assert.equal(refused.result.isError, true);
    assert.equal(refused.record.outcome, 'denied');
    assert.match(refused.record.reason ?? '', /^not_own_change: /);
    const own = await first.call('undo_change', { changeId });
    assert.notEqual(own.result.isError, true);
    assert.deepEqual(own.record.change, { changeId: own.record.correlationId, undoable: true });
    await Promise.all([first.close(), second.close()]);
  });
});
