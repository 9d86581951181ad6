import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigEdit } from '../../../main/core/connect/config-edit.ts';
import { isConnectError } from '../../../main/core/connect/connect-error.ts';
import { configValue, mergeConfigText } from '../../../main/core/connect/merge-config.ts';

const ENTRY = { url: 'http://127.0.0.1:47474/mcp', headers: { Authorization: 'Bearer k' } };
const add: ConfigEdit[] = [
  { kind: 'member', container: 'mcpServers', name: 'airlock', value: ENTRY },
];
const remove: ConfigEdit[] = [
  { kind: 'member', container: 'mcpServers', name: 'airlock', value: undefined },
];
const INPUT = {
  id: 'airlock-key',
  type: 'promptString',
  description: 'Airlock key',
  password: true,
};
const vscodeAdd: ConfigEdit[] = [
  { kind: 'member', container: 'servers', name: 'airlock', value: { type: 'http', url: 'u' } },
  { kind: 'item', container: 'inputs', id: 'airlock-key', value: INPUT },
];
const vscodeRemove: ConfigEdit[] = [
  { kind: 'member', container: 'servers', name: 'airlock', value: undefined },
  { kind: 'item', container: 'inputs', id: 'airlock-key', value: undefined },
];

const JSONC = `{
  // servers I use every day
  "mcpServers": {
    "github": { "command": "gh-mcp", "args": ["--x"], }, /* keep me */
    "notes": {
      "url": "http://localhost:9000/mcp" // remote
    },
  },
  "theme": "dark",
  "unknownNested": { "a": [1, 2, 3,], },
}
`;

function merged(text: string, edits: readonly ConfigEdit[]): string {
  return mergeConfigText(text, edits).text;
}

describe('merging the Airlock entry into a config text', () => {
  it('adds our entry and keeps other servers and unknown keys', () => {
    const after = configValue(merged('{"mcpServers":{"x":{"command":"y"}},"other":true}', add));
    assert.deepEqual(after, { mcpServers: { x: { command: 'y' }, airlock: ENTRY }, other: true });
  });

  it('keeps every comment and trailing comma, byte for byte, outside our entry', () => {
    const after = merged(JSONC, add);
    assert.ok(after.startsWith(JSONC.slice(0, JSONC.indexOf('    },\n  },'))));
    for (const kept of [
      '// servers I use every day',
      '/* keep me */',
      '// remote',
      '[1, 2, 3,], },',
    ]) {
      assert.ok(after.includes(kept), kept);
    }
    assert.deepEqual((configValue(after).mcpServers as Record<string, unknown>).airlock, ENTRY);
  });

  it('removing what it added gives back the original bytes', () => {
    for (const original of [
      JSONC,
      '{\n  "mcpServers": {\n    "x": 1\n  }\n}\n',
      '{"mcpServers": {"x": 1}}',
    ]) {
      assert.equal(merged(merged(original, add), remove), original);
    }
  });

  it('creates the container and the file content when there is none', () => {
    assert.deepEqual(configValue(merged('', add)), { mcpServers: { airlock: ENTRY } });
    assert.deepEqual(configValue(merged('{}', add)), { mcpServers: { airlock: ENTRY } });
    assert.deepEqual(configValue(merged('{ "a": 1 }', add)), {
      a: 1,
      mcpServers: { airlock: ENTRY },
    });
  });

  it('replaces an old Airlock entry in place instead of adding a second one', () => {
    const old = '{\n  "mcpServers": {\n    "airlock": { "command": "old" },\n    "x": 1\n  }\n}\n';
    const after = merged(old, add);
    assert.deepEqual(configValue(after), { mcpServers: { airlock: ENTRY, x: 1 } });
    assert.equal(after.match(/"airlock"/g)?.length, 1);
  });

  it('running twice changes nothing the second time', () => {
    const once = merged(JSONC, add);
    assert.deepEqual(mergeConfigText(once, add), { text: once, changed: false });
  });

  it('keeps a UTF-8 BOM', () => {
    const after = merged('\uFEFF{"mcpServers": {}}', add);
    assert.ok(after.startsWith('\uFEFF{'));
    assert.deepEqual(configValue(after), { mcpServers: { airlock: ENTRY } });
  });

  it('keeps CRLF line endings, with no bare LF added', () => {
    const crlf = JSONC.replaceAll('\n', '\r\n');
    const after = merged(crlf, add);
    assert.equal(after.replaceAll('\r\n', '').includes('\n'), false);
    assert.ok(after.split('\r\n').length > crlf.split('\r\n').length);
  });

  it('--remove deletes only our entry', () => {
    const withOurs = '{"mcpServers": {"a": 1, "airlock": {"command": "n"}, "b": 2}, "k": 3}';
    assert.deepEqual(configValue(merged(withOurs, remove)), { mcpServers: { a: 1, b: 2 }, k: 3 });
    assert.equal(mergeConfigText('{"mcpServers": {"a": 1}}', remove).changed, false);
    assert.equal(mergeConfigText('{"x": 1}', remove).changed, false);
  });

  it('VS Code: adds the server and the password input, and removes both, keeping other inputs', () => {
    const start =
      '{\n  "inputs": [\n    { "id": "gh", "type": "promptString" }\n  ],\n  "servers": {}\n}\n';
    const after = merged(start, vscodeAdd);
    const value = configValue(after);
    assert.deepEqual(value.inputs, [{ id: 'gh', type: 'promptString' }, INPUT]);
    assert.deepEqual(value.servers, { airlock: { type: 'http', url: 'u' } });
    assert.equal(mergeConfigText(after, vscodeAdd).changed, false);
    assert.deepEqual(configValue(merged(after, vscodeRemove)), {
      inputs: [{ id: 'gh', type: 'promptString' }],
      servers: {},
    });
  });

  it('refuses text that is not JSONC, with the line and column, rather than guessing', () => {
    assert.throws(
      () => mergeConfigText('{\n  "mcpServers": { "a": 1 \n  "b": 2 }\n}', add),
      (error) =>
        isConnectError(error, 'unreadable_config') && /line 3, column 3/.test(error.message),
    );
    assert.throws(
      () => mergeConfigText('{ /* open', add),
      (e) => isConnectError(e, 'unreadable_config'),
    );
  });

  it('refuses shapes it cannot splice safely: a non-object root, a non-object container, a duplicated key', () => {
    for (const text of [
      '[1, 2]',
      '{"mcpServers": []}',
      '{"mcpServers": {}, "mcpServers": {}}',
      '{"mcpServers": {"airlock": 1, "airlock": 2}}',
    ]) {
      assert.throws(
        () => mergeConfigText(text, add),
        (e) => isConnectError(e, 'unusual_config'),
        text,
      );
    }
  });

  it('treats "__proto__" as an ordinary key that is kept', () => {
    const after = configValue(merged('{"__proto__": {"x": 1}, "mcpServers": {}}', add));
    assert.ok(Object.hasOwn(after, '__proto__'));
  });
});
