// Attack: between an agent's change and its undo_change, the folder the change was made in
// is swapped for a link to a folder outside the workspace, which holds files of the same
// names. The undo must write, delete and move nothing outside: it is refused, and says
// nothing of the outside folder.
import assert from 'node:assert/strict';
import { mkdir, rename, symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { CallToolResult } from '@modelcontextprotocol/client';
import { snapshot } from '../core/history/history-fixtures.ts';
import { assertAlive, assertOk, assertRefused, call, type ToolArgs } from '../helpers/results.ts';
import { serveSandbox } from '../helpers/suite.ts';

interface Scenario {
  readonly name: string;
  /** The agent's change, in folder `docs` of the workspace. */
  readonly change: [string, ToolArgs];
}

const scenarios: Scenario[] = [
  {
    name: 'an overwritten file, written back',
    change: ['write_file', { path: 'docs/report.md', content: 'the agent wrote this' }],
  },
  {
    name: 'a new file, removed',
    change: ['write_file', { path: 'docs/fresh.md', content: 'new' }],
  },
  {
    name: 'an edited file, written back',
    change: [
      'edit_file',
      { path: 'docs/report.md', edits: [{ oldText: 'Report', newText: 'REPORT' }] },
    ],
  },
  {
    name: 'a deleted file, put back',
    change: ['delete_file', { path: 'docs/report.md' }],
  },
  {
    name: 'a moved file, moved back',
    change: ['move_file', { source: 'docs/report.md', destination: 'docs/renamed.md' }],
  },
  {
    name: 'a created folder, removed',
    change: ['create_directory', { path: 'docs/fresh' }],
  },
];

describe('attack: the folder of a change swapped for a link to outside before undo_change', () => {
  const ctx = serveSandbox({ allowWrite: true });

  for (const [index, scenario] of scenarios.entries()) {
    it(`writes nothing outside for ${scenario.name}`, async () => {
      const { ws, outside } = ctx.sandbox;
      // Each scenario in a folder of its own, and an outside folder with the same names.
      const folder = `case-${index}`;
      const decoy = path.join(outside, `decoy-${index}`);
      await ctx.sandbox.file(ws, `${folder}/docs/report.md`, '# Report\nkept inside\n');
      for (const name of ['report.md', 'fresh.md', 'renamed.md'])
        await ctx.sandbox.file(decoy, name, `outside ${name}\n`);
      await mkdir(path.join(decoy, 'fresh'), { recursive: true });
      await ctx.sandbox.file(decoy, 'fresh/keep.txt', 'outside folder content\n');
      const outsideBefore = await snapshot(outside);

      const [tool, args] = scenario.change;
      const inFolder = (value: unknown) =>
        typeof value === 'string' ? `${folder}/${value}` : value;
      const made = await call(
        ctx.client,
        tool,
        Object.fromEntries(Object.entries(args).map(([key, value]) => [key, inFolder(value)])),
      );
      assertOk(made, tool);
      const { changeId } = made.structuredContent as { changeId: string };

      // The swap: the real folder moves aside, a link to outside takes its name.
      const docs = path.join(ws, folder, 'docs');
      await rename(docs, `${docs}.real`);
      await symlink(decoy, docs);

      const undone: CallToolResult = await call(ctx.client, 'undo_change', { changeId });
      assertRefused(undone, [decoy, outside, 'outside report.md', 'outside folder content']);
      assert.deepEqual(await snapshot(outside), outsideBefore, 'nothing outside changed');
      await assertAlive(ctx.client, ws);
    });
  }
});
