import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callKey, canonicalJson } from '../../../main/core/approvals/canonical-call.ts';
import type { Requester } from '../../../preload/contract/approval-views.ts';

const claude: Requester = { client: 'claude-ai 0.12', transport: 'socket' };
const args = { path: 'notes/todo.md', content: 'milk\neggs\n' };

describe('the key that says a retried call is the same call', () => {
  it('is the same for the same requester, tool and arguments, whatever the order of their keys', () => {
    const reordered = { content: 'milk\neggs\n', path: 'notes/todo.md' };
    assert.equal(callKey(claude, 'write_file', args), callKey(claude, 'write_file', reordered));
  });

  it('sorts keys at every depth', () => {
    const edits = (first: object) => ({ path: 'a.txt', edits: [first], dryRun: false });
    assert.equal(
      callKey(claude, 'edit_file', edits({ oldText: 'a', newText: 'b' })),
      callKey(claude, 'edit_file', edits({ newText: 'b', oldText: 'a' })),
    );
  });

  it('differs when any argument differs, even by one character', () => {
    const variants = [
      { ...args, content: 'milk\neggs\n\n' },
      { ...args, content: 'milk\neggs' },
      { ...args, path: 'notes/Todo.md' },
      { ...args, path: 'notes/todo.md ' },
      { ...args, extra: true },
      { path: args.path },
    ];
    const base = callKey(claude, 'write_file', args);
    for (const variant of variants) {
      assert.notEqual(callKey(claude, 'write_file', variant), base, JSON.stringify(variant));
    }
  });

  it('differs for a value of another type that prints alike', () => {
    assert.notEqual(
      callKey(claude, 'delete_file', { path: 'a', recursive: true }),
      callKey(claude, 'delete_file', { path: 'a', recursive: 'true' }),
    );
    assert.notEqual(
      callKey(claude, 'x', { list: ['a', 'b'] }),
      callKey(claude, 'x', { list: ['b', 'a'] }),
    );
  });

  it('differs for another tool with the same arguments', () => {
    assert.notEqual(
      callKey(claude, 'delete_file', { path: 'a' }),
      callKey(claude, 'create_directory', { path: 'a' }),
    );
  });

  it('differs for another client, transport or key', () => {
    const base = callKey(claude, 'delete_file', { path: 'a' });
    const others: Requester[] = [
      { ...claude, client: 'claude-ai 0.13' },
      { ...claude, transport: 'stdio' },
      { ...claude, transport: 'http', keyName: 'laptop' },
    ];
    for (const other of others) assert.notEqual(callKey(other, 'delete_file', { path: 'a' }), base);
  });

  it('cannot be forged by moving text between the identity and the arguments', () => {
    // A client name ending like a tool name must not collide with another split.
    const a = callKey({ client: 'x', transport: 'stdio' }, 'delete_file', { path: 'a' });
    const b = callKey({ client: 'x","delete_file', transport: 'stdio' }, '', { path: 'a' });
    assert.notEqual(a, b);
  });
});

describe('canonical JSON', () => {
  it('drops undefined members as JSON does, and keeps null', () => {
    assert.equal(canonicalJson({ b: undefined, a: null }), '{"a":null}');
  });
});
