import assert from 'node:assert/strict';
import { mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { directoryTree } from '../../../main/core/tools/directory-tree.ts';
import type { ToolContext } from '../../../main/core/tools/tool-kit.ts';
import {
  makeContext,
  makeLayout,
  put,
  rejectsWith,
  runTool,
  type ContextOptions,
  type Layout,
} from '../fixtures.ts';

interface Setup extends Layout {
  readonly context: ToolContext;
}

interface Node {
  name: string;
  type: string;
  children?: Node[];
  guarded?: boolean;
  link?: boolean;
  truncated?: boolean;
  hiddenLinks?: number;
}

async function setup(options: ContextOptions = {}): Promise<Setup> {
  const layout = await makeLayout();
  return { ...layout, context: await makeContext(layout.ws, layout.dataDir, options) };
}

async function tree(s: Setup, input: Record<string, unknown> = {}) {
  const answer = await runTool(directoryTree, { path: s.ws, ...input }, s.context);
  const json = answer.text.split('\n\n')[0] ?? '';
  return { ...answer, nodes: JSON.parse(json) as Node[] };
}

function find(nodes: readonly Node[], name: string): Node | undefined {
  for (const node of nodes) {
    if (node.name === name) return node;
    const inner = find(node.children ?? [], name);
    if (inner) return inner;
  }
  return undefined;
}

describe('directory_tree', () => {
  it("answers in the official server's shape: name, type, and children for every folder", async () => {
    const s = await setup();
    await put(s.ws, 'a.txt', 'a');
    await put(s.ws, 'src/b.ts', 'b');
    await mkdir(path.join(s.ws, 'empty'));
    const { nodes, text, data } = await tree(s);
    assert.deepEqual(nodes, [
      { name: 'a.txt', type: 'file' },
      { name: 'empty', type: 'directory', children: [] },
      { name: 'src', type: 'directory', children: [{ name: 'b.ts', type: 'file' }] },
    ]);
    assert.equal(text, JSON.stringify(nodes, null, 2), 'the text is exactly the JSON tree');
    assert.deepEqual(
      data.entries.map((entry) => [entry.path, entry.type, entry.depth]),
      [
        ['a.txt', 'file', 1],
        ['empty', 'directory', 1],
        ['src', 'directory', 1],
        ['src/b.ts', 'file', 2],
      ],
    );
    assert.equal(data.total, 4);
    assert.equal(data.truncated, false);
  });

  it('shows protected entries as guarded and never opens a protected folder', async () => {
    const s = await setup();
    await put(s.ws, '.env', 'SECRET=1');
    await put(s.ws, '.ssh/id_rsa', 'key');
    await put(s.ws, '.ssh/config', 'Host x');
    const { nodes, text } = await tree(s);
    assert.deepEqual(find(nodes, '.env'), { name: '.env', type: 'file', guarded: true });
    assert.deepEqual(find(nodes, '.ssh'), {
      name: '.ssh',
      type: 'directory',
      guarded: true,
      children: [],
    });
    assert.ok(!text.includes('id_rsa') && !text.includes('config'));
  });

  it('counts links that lead outside without naming them or what they point to', async () => {
    const s = await setup();
    await put(s.outside, 'secret-plans.txt', 'secret');
    await put(s.ws, 'sub/kept.txt', 'kept');
    await symlink(s.outside, path.join(s.ws, 'sub/escape-hatch'));
    await symlink(path.join(s.outside, 'secret-plans.txt'), path.join(s.ws, 'plans-link'));
    const { nodes, text, data } = await tree(s);
    for (const word of ['escape-hatch', 'plans-link', 'secret-plans', s.outside]) {
      assert.ok(!text.includes(word), `${word} is not shown`);
    }
    assert.equal(find(nodes, 'sub')?.hiddenLinks, 1);
    assert.equal(data.hiddenLinks, 2);
    assert.match(text, /2 link\(s\) leading outside the allowed directories not shown/);
  });

  it('shows a link inside the workspace as a link and does not walk into it', async () => {
    const s = await setup();
    await put(s.ws, 'real/file.txt', 'x');
    await symlink(path.join(s.ws, 'real'), path.join(s.ws, 'alias'));
    await symlink(s.ws, path.join(s.ws, 'real/loop'));
    const { nodes } = await tree(s);
    assert.deepEqual(find(nodes, 'alias'), {
      name: 'alias',
      type: 'directory',
      link: true,
      children: [],
    });
    assert.deepEqual(find(nodes, 'loop'), {
      name: 'loop',
      type: 'directory',
      link: true,
      children: [],
    });
  });

  it('stops at the tree depth limit and marks the folders it did not open', async () => {
    const s = await setup({ limits: { maxTreeDepth: 2 } });
    await put(s.ws, 'one/two/three/deep.txt', 'x');
    const { nodes, text, data } = await tree(s);
    assert.deepEqual(find(nodes, 'two'), {
      name: 'two',
      type: 'directory',
      truncated: true,
      children: [],
    });
    assert.equal(find(nodes, 'three'), undefined);
    assert.equal(data.truncated, false, 'the entry limit was not reached');
    assert.match(text, /deeper than 2 levels/);
  });

  it('stops at the entry limit with a marker that says how to see more', async () => {
    const s = await setup({ limits: { maxEntries: 10 } });
    for (let i = 0; i < 9; i += 1) await put(s.ws, `a/file-${i}.txt`, 'x');
    for (let i = 0; i < 8; i += 1) await put(s.ws, `b/file-${i}.txt`, 'x');
    const { nodes, text, data } = await tree(s);
    assert.equal(data.total, 10);
    assert.equal(data.truncated, true);
    assert.equal(find(nodes, 'a')?.truncated, true, 'a was cut short');
    assert.equal(find(nodes, 'b')?.truncated, true, 'b was never opened');
    assert.match(text, /truncated: Airlock shows at most 10 entries/);
  });

  it('leaves out excluded entries and their contents', async () => {
    const s = await setup();
    await put(s.ws, 'node_modules/pkg/index.js', 'x');
    await put(s.ws, 'src/app.log', 'x');
    await put(s.ws, 'src/app.ts', 'x');
    const { nodes } = await tree(s, { excludePatterns: ['node_modules', '*.log'] });
    assert.deepEqual(nodes, [
      { name: 'src', type: 'directory', children: [{ name: 'app.ts', type: 'file' }] },
    ]);
  });

  it('refuses a file, a protected folder and a path outside', async () => {
    const s = await setup();
    await put(s.ws, 'a.txt', 'a');
    await put(s.ws, '.ssh/id_rsa', 'key');
    await rejectsWith(tree(s, { path: path.join(s.ws, 'a.txt') }), 'not_a_directory');
    await rejectsWith(tree(s, { path: path.join(s.ws, '.ssh') }), 'guarded');
    await rejectsWith(tree(s, { path: s.outside }), 'outside_workspace');
  });
});
