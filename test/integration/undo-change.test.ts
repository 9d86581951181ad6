// Through real MCP clients (the v2 and the v1 SDK client, over `airlock serve --stdio`):
// each of the five change tools answers with a change id, and undo_change puts back
// exactly what was there; it refuses a change made by another client, or in another
// session of the same one; and a change history cannot keep still happens, saying so in
// its answer and in its audit record.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CallToolResult } from '@modelcontextprotocol/client';
import { snapshot } from '../core/history/history-fixtures.ts';
import { CLIENT_KINDS, connectClient, type ConnectedClient } from '../helpers/each-client.ts';
import { assertOk, assertRefused, textOf, type ToolArgs } from '../helpers/results.ts';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';

const MiB = 1024 * 1024;

function changeIdOf(result: CallToolResult, what: string): string {
  assertOk(result, what);
  const data = result.structuredContent as { changeId?: unknown; undoable?: unknown };
  assert.equal(typeof data.changeId, 'string', `${what} gives a change id`);
  assert.equal(data.undoable, true, `${what} can be undone`);
  assert.match(textOf(result), new RegExp(`Change id ${String(data.changeId)}: .*undo_change`));
  return data.changeId as string;
}

async function auditRecords(sandbox: Sandbox): Promise<Array<Record<string, unknown>>> {
  const text = await readFile(path.join(sandbox.dataDir, 'audit', 'audit.jsonl'), 'utf8');
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

for (const kind of CLIENT_KINDS) {
  describe(`undo_change through the ${kind} SDK client`, () => {
    let sandbox: Sandbox;
    let agent: ConnectedClient;
    const serve = () =>
      connectClient(kind, {
        workspaces: [sandbox.ws],
        dataDir: sandbox.dataDir,
        home: sandbox.home,
        allowWrite: true,
      });

    before(async () => {
      sandbox = await makeSandbox();
      agent = await serve();
    });
    after(async () => {
      await agent?.close();
      await sandbox?.cleanup();
    });

    it('undoes each of the five change tools, byte for byte', async () => {
      const { ws } = sandbox;
      await sandbox.file(ws, 'notes/report.md', '# Report\nFirst draft.\n');
      await sandbox.file(ws, 'notes/budget.csv', 'item,cost\npaper,3\n');
      await sandbox.file(ws, 'old/photo.bin', Buffer.from([0, 255, 1, 254, 10, 13]));
      const steps: Array<[string, ToolArgs]> = [
        ['write_file', { path: 'notes/report.md', content: 'overwritten' }],
        ['write_file', { path: 'notes/new.txt', content: 'a new file' }],
        [
          'edit_file',
          { path: 'notes/budget.csv', edits: [{ oldText: 'paper,3', newText: 'paper,30' }] },
        ],
        ['move_file', { source: 'notes/budget.csv', destination: 'budget-moved.csv' }],
        ['delete_file', { path: 'old', recursive: true }],
        ['create_directory', { path: 'made/deeper' }],
      ];
      for (const [tool, args] of steps) {
        const before = await snapshot(ws);
        const changeId = changeIdOf(await agent.call(tool, args), tool);
        assert.notDeepEqual(await snapshot(ws), before, `${tool} changed something`);
        const undone = await agent.call('undo_change', { changeId });
        assertOk(undone, `undo of ${tool}`);
        assert.deepEqual(await snapshot(ws), before, `undo of ${tool} gives back every byte`);
        assert.match(textOf(undone), new RegExp(`^Undid change ${changeId} \\(${tool}\\)`));
        const data = undone.structuredContent as { changeId: string };
        assert.notEqual(data.changeId, changeId, 'the undo is a change of its own');
      }
    });

    it('refuses a change from an earlier session, and from another client, and leaves it alone', async () => {
      const written = changeIdOf(
        await agent.call('write_file', { path: 'session.txt', content: 'first session' }),
        'write_file',
      );
      // The same client, connected again: a new session.
      const again = await serve();
      // Another client at the same time.
      const other = await connectClient(kind === 'v2' ? 'v1' : 'v2', {
        workspaces: [sandbox.ws],
        dataDir: sandbox.dataDir,
        home: sandbox.home,
        allowWrite: true,
      });
      try {
        for (const [caller, who] of [
          [again, 'a new session'],
          [other, 'another client'],
        ] as const) {
          const text = assertRefused(
            await caller.call('undo_change', { changeId: written }),
            [],
            who,
          );
          assert.match(text, /not made by you in this session/);
        }
        assert.equal(await readFile(path.join(sandbox.ws, 'session.txt'), 'utf8'), 'first session');
        assertOk(await agent.call('undo_change', { changeId: written }), 'its own session');
      } finally {
        await Promise.all([again.close(), other.close()]);
      }
    });

    it('makes a change too big to keep, and says in the answer and the audit record that it cannot be undone', async () => {
      // Over the default cap it would take 256 MiB; the cap is a setting, here 1 MiB.
      await writeFile(
        path.join(sandbox.dataDir, 'config.json'),
        JSON.stringify({ history: { maxFileBytes: MiB } }),
      );
      const capped = await serve();
      try {
        await sandbox.file(sandbox.ws, 'video.bin', Buffer.alloc(2 * MiB, 7));
        const result = await capped.call('write_file', { path: 'video.bin', content: 'small' });
        assertOk(result, 'write_file over the cap');
        assert.equal(await readFile(path.join(sandbox.ws, 'video.bin'), 'utf8'), 'small');
        // The structured content is the change for a program; the text says why in words.
        const data = result.structuredContent as { changeId: string; undoable: boolean };
        assert.equal(data.undoable, false);
        assert.match(textOf(result), /This change cannot be undone: the file was 2 MB/);
        const record = (await auditRecords(sandbox)).find(
          (entry) => entry.correlationId === data.changeId,
        );
        const detail = record?.detail as Record<string, unknown> | undefined;
        assert.equal(detail?.changeId, data.changeId);
        assert.equal(detail?.undoable, false);
        assert.match(String(detail?.reason), /2 MB, more than the 1 MB history keeps per file/);
        assertRefused(await capped.call('undo_change', { changeId: data.changeId }));
      } finally {
        await capped.close();
        await writeFile(path.join(sandbox.dataDir, 'config.json'), '{}');
      }
    });

    it('writes the change id and that it can be undone into the audit record of the call', async () => {
      const changeId = changeIdOf(
        await agent.call('write_file', { path: 'audited.txt', content: 'x' }),
        'write_file',
      );
      const record = (await auditRecords(sandbox)).find(
        (entry) => entry.correlationId === changeId,
      );
      assert.equal(record?.tool, 'write_file');
      assert.deepEqual(record?.detail, { changeId, undoable: true });
    });
  });
}
