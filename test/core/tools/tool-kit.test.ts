import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport, McpServer } from '@modelcontextprotocol/server';
import fc from 'fast-check';
import { z } from 'zod';
import type { DiagnosticsLog } from '../../../main/core/log/diagnostics.ts';
import { PolicyError } from '../../../main/core/policy/policy-error.ts';
import {
  defineTool,
  jsonLengthBound,
  newCorrelationId,
  registerTools,
  type AnyToolDefinition,
  type ToolCallRecord,
} from '../../../main/core/tools/tool-kit.ts';
import { makeContext, makeLayout } from '../fixtures.ts';

const layout = await makeLayout();

function recordingLog(): DiagnosticsLog & { errors: string[] } {
  const errors: string[] = [];
  const log = {
    errors,
    error: (message: string, meta?: unknown) => {
      errors.push(`${message} ${JSON.stringify(meta)}`);
      return log;
    },
    warn: () => log,
    info: () => log,
    debug: () => log,
  };
  return log as unknown as DiagnosticsLog & { errors: string[] };
}

const tool = (name: string, writes: boolean, run: AnyToolDefinition['run']) =>
  defineTool({
    name,
    title: name,
    description: name,
    inputSchema: z.object({ size: z.number().optional() }),
    outputSchema: z.object({ value: z.string() }),
    writes,
    annotations: { readOnlyHint: !writes, destructiveHint: writes, idempotentHint: true },
    run,
  });

const tools = [
  tool('answers', false, async () => ({ text: 'fine', data: { value: 'fine' } })),
  tool('refuses', false, async () => {
    throw new PolicyError('guarded', 'That file is protected.');
  }),
  tool('crashes', false, async () => {
    throw new Error('EIO: disk on fire at /very/private/place');
  }),
  tool('hangs', false, () => new Promise(() => undefined)),
  tool('floods', false, async (input: { size?: number }) => ({
    text: 'x'.repeat(input.size ?? 0),
    data: { value: 'x' },
  })),
  // Its structured data, not its text, carries the bulk.
  tool('bulky', false, async (input: { size?: number }) => ({
    text: 'ok',
    data: { value: 'x'.repeat(input.size ?? 0) },
  })),
  tool('changes', true, async () => ({ text: 'changed', data: { value: 'changed' } })),
  // Its data names a path for the audit record that its output schema does not declare.
  tool('touches', false, async () => ({
    text: 'touched',
    data: { value: 'touched', path: layout.ws },
  })),
  defineTool({
    name: 'plain',
    title: 'plain',
    description: 'plain',
    inputSchema: z.object({ size: z.number().optional() }),
    writes: false,
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
    run: async (input: { size?: number }) => ({
      text: `read ${layout.ws}${'x'.repeat(input.size ?? 0)}`,
      data: { path: layout.ws },
    }),
  }),
];

async function connect(
  access: 'read' | 'write',
  finished: ToolCallRecord[] = [],
  record: (entry: ToolCallRecord) => Promise<void> = async (entry) => {
    finished.push(entry);
  },
) {
  const context = await makeContext(layout.ws, layout.dataDir, {
    access,
    limits: { callTimeoutMs: 300, maxResponseBytes: 10_000 },
  });
  const log = recordingLog();
  const server = new McpServer({ name: 'test', version: '0' });
  registerTools(server, tools, {
    context: () => context,
    log,
    onCallFinished: record,
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'spec', version: '0' });
  await client.connect(clientSide);
  return { client, log };
}

function textOf(result: Awaited<ReturnType<Client['callTool']>>): string {
  const [first] = result.content as { type: string; text: string }[];
  return first?.text ?? '';
}

describe('the tool wrapper', () => {
  it('returns text and structured content for a successful call, with every tool marked closed-world', async () => {
    const { client } = await connect('write');
    const result = await client.callTool({ name: 'answers', arguments: {} });
    assert.notEqual(result.isError, true);
    assert.deepEqual(result.structuredContent, { value: 'fine' });
    const { tools: listed } = await client.listTools();
    assert.ok(listed.every((entry) => entry.annotations?.openWorldHint === false));
  });

  it('answers once, as text, for a tool that declares no output schema, and still records what it touched', async () => {
    const finished: ToolCallRecord[] = [];
    const { client } = await connect('write', finished);
    const result = await client.callTool({ name: 'plain', arguments: {} });
    assert.notEqual(result.isError, true);
    assert.equal(textOf(result), `read ${layout.ws}`);
    assert.equal(result.structuredContent, undefined);
    const { tools: listed } = await client.listTools();
    assert.equal(listed.find((entry) => entry.name === 'plain')?.outputSchema, undefined);
    assert.deepEqual(finished.at(-1)?.paths, [layout.ws]);
  });

  it('sends only the fields the output schema declares, and records the rest of the data', async () => {
    const finished: ToolCallRecord[] = [];
    const { client } = await connect('write', finished);
    const result = await client.callTool({ name: 'touches', arguments: {} });
    assert.deepEqual(result.structuredContent, { value: 'touched' });
    assert.deepEqual(finished.at(-1)?.paths, [layout.ws]);
  });

  it('hides tools that change files when no workspace is writable', async () => {
    const { client } = await connect('read');
    const names = (await client.listTools()).tools.map((entry) => entry.name);
    assert.equal(names.includes('changes'), false);
    assert.equal(names.includes('answers'), true);
  });

  it('turns a refusal into a tool error with its reason and a correlation id', async () => {
    const finished: ToolCallRecord[] = [];
    const { client } = await connect('write', finished);
    const result = await client.callTool({ name: 'refuses', arguments: {} });
    assert.equal(result.isError, true);
    assert.match(textOf(result), /^That file is protected\. \(ref: [0-9a-f]{12}\)$/);
    assert.equal(finished.at(-1)?.outcome, 'denied');
  });

  it('gives every call its own correlation id of twelve hex digits, across pool refills', () => {
    // 10,000 ids draw 60,000 random bytes: the 4 KiB pool is refilled about fifteen times.
    const ids = Array.from({ length: 10_000 }, () => newCorrelationId());
    for (const id of ids) assert.match(id, /^[0-9a-f]{12}$/);
    assert.equal(new Set(ids).size, ids.length, 'no id repeats');
  });

  it('hides an unexpected failure behind a safe message, and logs the cause under the same id', async () => {
    const { client, log } = await connect('write');
    const result = await client.callTool({ name: 'crashes', arguments: {} });
    assert.equal(result.isError, true);
    const text = textOf(result);
    assert.doesNotMatch(text, /private|EIO|at \//);
    const ref = /ref: ([0-9a-f]{12})/.exec(text)?.[1];
    assert.ok(ref);
    assert.ok(log.errors.some((line) => line.includes(ref) && line.includes('disk on fire')));
  });

  it('stops a call at the time limit and keeps serving', async () => {
    const { client } = await connect('write');
    const result = await client.callTool({ name: 'hangs', arguments: {} });
    assert.equal(result.isError, true);
    assert.match(textOf(result), /longer than/);
    assert.notEqual((await client.callTool({ name: 'answers', arguments: {} })).isError, true);
  });

  it('refuses an answer larger than the response limit and says how to ask for less', async () => {
    const { client } = await connect('write');
    const small = await client.callTool({ name: 'floods', arguments: { size: 100 } });
    assert.notEqual(small.isError, true);
    const big = await client.callTool({ name: 'floods', arguments: { size: 20_000 } });
    assert.equal(big.isError, true);
    assert.match(textOf(big), /head\/tail|offset\/limit/);
    const plain = await client.callTool({ name: 'plain', arguments: { size: 20_000 } });
    assert.equal(plain.isError, true, 'a tool without structured content is held to it too');
  });

  it('measures structured data exactly when it comes near the response limit', async () => {
    const { client } = await connect('write');
    // Both exceed the quick upper bound (six bytes a character); only the second is too large.
    const near = await client.callTool({ name: 'bulky', arguments: { size: 9_000 } });
    assert.notEqual(near.isError, true);
    const over = await client.callTool({ name: 'bulky', arguments: { size: 10_500 } });
    assert.equal(over.isError, true);
    assert.match(textOf(over), /larger than Airlock sends/);
  });

  it('holds the answer until the call is recorded', async () => {
    let recorded = false;
    const { client } = await connect('write', [], async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      recorded = true;
    });
    await client.callTool({ name: 'answers', arguments: {} });
    assert.equal(recorded, true);
  });

  it('reports a call it could not record as unconfirmed, never as a plain success', async () => {
    const { client, log } = await connect('write', [], async () => {
      throw new Error('disk full');
    });
    const result = await client.callTool({ name: 'answers', arguments: {} });
    assert.equal(result.isError, true);
    assert.match(textOf(result), /could not record this call/);
    assert.ok(log.errors.some((line) => line.includes('disk full')));
  });

  it('records the arguments, client and touched paths of a call', async () => {
    const finished: ToolCallRecord[] = [];
    const { client } = await connect('write', finished);
    await client.callTool({ name: 'floods', arguments: { size: 3 } });
    const [entry] = finished;
    assert.deepEqual(entry?.args, { size: 3 });
    assert.equal(entry?.client, 'spec 0');
    assert.ok((entry?.bytesIn ?? 0) > 0);
  });

  it('tells the listener about every finished call', async () => {
    const finished: ToolCallRecord[] = [];
    const { client } = await connect('write', finished);
    await client.callTool({ name: 'answers', arguments: {} });
    await client.callTool({ name: 'crashes', arguments: {} });
    assert.deepEqual(
      finished.map((record) => [record.tool, record.outcome]),
      [
        ['answers', 'ok'],
        ['crashes', 'error'],
      ],
    );
  });
});

describe('jsonLengthBound', () => {
  it('is never below the length of JSON.stringify', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const bound = jsonLengthBound(value);
        assert.ok(bound >= JSON.stringify(value).length, `${bound} for ${JSON.stringify(value)}`);
      }),
      { numRuns: 2000 },
    );
  });

  it('counts escapes, undefined properties and extreme numbers generously', () => {
    for (const value of [
      { text: '\u0000\u001f"\\\n\u2028' },
      {
        gone: undefined,
        kept: [undefined, null, -1.7976931348623157e308, 5e-324, -0.0000010008734680199442],
      },
      ['\ud800', '🙂'],
    ]) {
      assert.ok(jsonLengthBound(value) >= JSON.stringify(value).length);
    }
  });

  it('leaves to JSON.stringify what serializes as something else', () => {
    assert.equal(jsonLengthBound({ when: new Date() }), Infinity);
    assert.equal(jsonLengthBound({ bytes: Buffer.from('abc') }), Infinity);
    assert.equal(jsonLengthBound({ big: 10n }), Infinity);
  });
});
