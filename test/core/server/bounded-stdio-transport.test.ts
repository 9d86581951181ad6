import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { DEFAULT_LIMITS, type Limits } from '../../../main/core/policy/limits.ts';
import {
  BoundedStdioTransport,
  maxRequestBytes,
} from '../../../main/core/server/bounded-stdio-transport.ts';

const MiB = 1024 * 1024;
const SMALL: Limits = { ...DEFAULT_LIMITS, maxReadBytes: 1024, maxWriteBytes: 1024 };

function started(limits: Limits = SMALL) {
  const input = new PassThrough();
  const output = new PassThrough();
  const refused: number[] = [];
  const transport = new BoundedStdioTransport(input, output, {
    limits,
    onOversized: (line) => refused.push(line.bytes),
  });
  const messages: JSONRPCMessage[] = [];
  let closed = false;
  transport.onmessage = (message) => messages.push(message);
  transport.onclose = () => (closed = true);
  const written: string[] = [];
  output.on('data', (chunk: Buffer) => written.push(chunk.toString('utf8')));
  return { input, output, transport, messages, refused, written, isClosed: () => closed };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));
const ping = (id: number) => `${JSON.stringify({ jsonrpc: '2.0', id, method: 'ping' })}\n`;

describe('maxRequestBytes', () => {
  it('takes a whole file of old text and the write limit of new text, each escaped six times over', () => {
    assert.equal(maxRequestBytes(DEFAULT_LIMITS), 49 * MiB);
    const largest = { ...DEFAULT_LIMITS, maxReadBytes: 64 * MiB, maxWriteBytes: 64 * MiB };
    assert.equal(maxRequestBytes(largest), 769 * MiB);
  });
});

describe('BoundedStdioTransport', () => {
  it('answers a request over the cap with an Invalid Request error for its id, and goes on', async () => {
    const { input, transport, messages, refused, written, isClosed } = started();
    await transport.start();
    const content = 'x'.repeat(maxRequestBytes(SMALL));
    const huge = `{"method":"tools/call","params":{"content":"${content}"},"jsonrpc":"2.0","id":41}`;
    input.write(ping(1));
    input.write(`${huge}\n`);
    input.write(ping(2));
    await tick();
    assert.deepEqual(
      messages.map((message) => ('id' in message ? message.id : undefined)),
      [1, 2],
    );
    assert.deepEqual(refused, [huge.length]);
    const answer = JSON.parse(written.join('')) as {
      id: unknown;
      error: { code: number; message: string };
    };
    assert.equal(answer.id, 41);
    assert.equal(answer.error.code, -32600);
    assert.match(answer.error.message, /larger than Airlock accepts/);
    assert.equal(isClosed(), false);
    await transport.close();
  });

  it('takes a request of up to the cap, which the SDK alone would refuse past 10 MiB', async () => {
    const { input, transport, messages, refused } = started(DEFAULT_LIMITS);
    await transport.start();
    const content = 'x'.repeat(12 * MiB);
    input.write(
      `${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: { content } })}\n`,
    );
    await tick();
    assert.equal(messages.length, 1);
    assert.deepEqual(refused, []);
    await transport.close();
  });

  it('closes when its input ends, and when its input closes without ending', async () => {
    for (const stop of ['end', 'destroy'] as const) {
      const { input, transport, isClosed } = started();
      await transport.start();
      if (stop === 'end') input.end();
      else input.destroy();
      await tick();
      assert.equal(isClosed(), true, `after ${stop}`);
    }
  });

  it('stops reading its input once closed', async () => {
    const { input, transport } = started();
    await transport.start();
    await transport.close();
    assert.equal(input.listenerCount('data'), 0);
    assert.equal(input.isPaused(), true);
  });
});
