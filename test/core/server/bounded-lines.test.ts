import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  BoundedLines,
  requestIdAtEdges,
  type OversizedLine,
} from '../../../main/core/server/bounded-lines.ts';

// The collector, so a test can tell memory still held from memory merely not yet freed.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Feeds `chunks` through a stage with `max`, and collects what it passes and what it drops. */
function run(
  max: number,
  chunks: readonly (string | Buffer)[],
): { passed: string; chunksOut: number; oversized: OversizedLine[] } {
  const oversized: OversizedLine[] = [];
  const stage = new BoundedLines(max, (line) => oversized.push(line));
  const out: Buffer[] = [];
  for (const chunk of chunks)
    stage.feed(typeof chunk === 'string' ? Buffer.from(chunk) : chunk, (piece) => out.push(piece));
  return { passed: Buffer.concat(out).toString('utf8'), chunksOut: out.length, oversized };
}

describe('BoundedLines', () => {
  it('passes lines up to the cap through unchanged, in order', async () => {
    const { passed, oversized } = run(10, ['{"a":1}\n{"b"', ':2}\n', '\n{"c":3}\r\n']);
    assert.equal(passed, '{"a":1}\n{"b":2}\n\n{"c":3}\r\n');
    assert.deepEqual(oversized, []);
  });

  it('passes the complete lines of one chunk together, as one slice', async () => {
    const { chunksOut } = run(100, ['{"a":1}\n{"b":2}\n{"c":3}\n']);
    assert.equal(chunksOut, 1);
  });

  it('passes a line of exactly the cap, and drops one a byte longer', async () => {
    const { passed, oversized } = run(5, ['12345\n123456\nok\n']);
    assert.equal(passed, '12345\nok\n');
    assert.deepEqual(oversized, [{ id: null, bytes: 6 }]);
  });

  it('drops a line that outgrows the cap across chunks, and keeps serving the lines after it', async () => {
    const head = '{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"content":"';
    const { passed, oversized } = run(100, [
      '{"id":1}\n',
      head,
      'x'.repeat(80),
      'x'.repeat(80),
      'x'.repeat(80),
      '"}}\n{"id":2}\n',
    ]);
    assert.equal(passed, '{"id":1}\n{"id":2}\n');
    assert.deepEqual(oversized, [{ id: 7, bytes: head.length + 240 + 3 }]);
  });

  it('finds the id at the end of the line, where the MCP SDKs put it', async () => {
    const line = `{"method":"tools/call","params":{"x":"${'y'.repeat(5000)}"},"jsonrpc":"2.0","id":"call-9"}`;
    const { oversized } = run(1000, [line.slice(0, 2000), line.slice(2000), '\n']);
    assert.deepEqual(oversized, [{ id: 'call-9', bytes: line.length }]);
  });

  it('holds none of a long line as it streams past', async () => {
    const oversized: OversizedLine[] = [];
    const stage = new BoundedLines(1024, (line) => oversized.push(line));
    const passed: Buffer[] = [];
    // Fresh chunks, as a stream delivers them; each is watched through its memory, which
    // any slice the stage kept would keep alive.
    const chunks: WeakRef<ArrayBufferLike>[] = [];
    for (let sent = 0; sent < 64 * 1024 * 1024; sent += 64 * 1024) {
      const chunk = Buffer.alloc(64 * 1024, 'x');
      chunks.push(new WeakRef(chunk.buffer));
      stage.feed(chunk, (piece) => passed.push(piece));
    }
    // A WeakRef holds its target until the current job ends.
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    const held = chunks.filter((chunk) => chunk.deref() !== undefined).length;
    stage.feed(Buffer.from('\n'), (piece) => passed.push(piece));
    assert.deepEqual(passed, []);
    assert.ok(held <= 1, `${held} of the line's ${chunks.length} chunks are still held`);
    assert.deepEqual(oversized, [{ id: null, bytes: 64 * 1024 * 1024 }]);
  });

  it('holds a line still open until its end arrives, then passes it whole', () => {
    const { passed, chunksOut } = run(100, ['{"a":1}\n{"b":', '2}\n']);
    assert.equal(passed, '{"a":1}\n{"b":2}\n');
    assert.equal(chunksOut, 2);
  });

  it('passes a chunk of whole lines that fit on as it is, with no copy', () => {
    const chunk = Buffer.from('{"a":1}\n{"b":2}\n');
    const out: Buffer[] = [];
    new BoundedLines(100, () => undefined).feed(chunk, (piece) => out.push(piece));
    assert.equal(out.length, 1);
    assert.equal(out[0], chunk);
  });
});

describe('requestIdAtEdges', () => {
  const id = (head: string, tail = '') => requestIdAtEdges(Buffer.from(head), Buffer.from(tail));

  it('reads a leading id, after "jsonrpc" or first', () => {
    assert.equal(id('{"jsonrpc":"2.0","id":12,"method":"tools/call","params":{"a":"xx'), 12);
    assert.equal(id('{ "id" : "abc", "method":'), 'abc');
  });

  it('reads a trailing id, before or after "jsonrpc"', () => {
    assert.equal(id('{"method":"x","params":{"a":"', 'xxx"}},"jsonrpc":"2.0","id":3}'), 3);
    assert.equal(id('{"method":"x"', 'xx"},"id":"q\\"1","jsonrpc":"2.0"}\r'), 'q"1');
  });

  it('is null when neither end names the id, or only a nested one does', () => {
    assert.equal(id('{"method":"x","params":{"a":"', 'xxx"}}'), null);
    assert.equal(id('{"method":"x","params":{"a":"', 'xxx","id":5}}'), null);
    assert.equal(id('{"method":"x","params":{"a":"', 'xxx\\",\\"id\\":5}"}}'), null);
    assert.equal(id('not json at all', 'still not'), null);
  });
});
