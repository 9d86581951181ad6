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

async function setup(options: ContextOptions = {}): Promise<Setup> {
  const layout = await makeLayout();
  return { ...layout, context: await makeContext(layout.ws, layout.dataDir, options) };
}

/** The tree's lines below the root's, and the notes after a blank line. */
async function tree(s: Setup, input: Record<string, unknown> = {}) {
  const answer = await runTool(directoryTree, { path: s.ws, ...input }, s.context);
  const [drawing = '', notes = ''] = answer.text.split('\n\n');
  const [rootLine, ...lines] = drawing.split('\n');
  return { ...answer, rootLine, lines, notes };
}

describe('directory_tree', () => {
  it('draws an indented text tree below the folder, given once: folders end in "/"', async () => {
    const s = await setup();
    await put(s.ws, 'a.txt', 'a');
    await put(s.ws, 'src/b.ts', 'b');
    await put(s.ws, 'src/lib/c.ts', 'c');
    await mkdir(path.join(s.ws, 'empty'));
    const { text, data } = await tree(s);
    assert.equal(
      text,
      [`${s.ws}/`, '  a.txt', '  empty/', '  src/', '    b.ts', '    lib/', '      c.ts'].join(
        '\n',
      ),
    );
    assert.equal(data.path, s.ws, 'the audit record names the folder');
  });

  it('writes a name that could be misread as a JSON string, so every name reads back exactly', async () => {
    const s = await setup();
    await put(s.ws, 'line\nbreak.txt', 'x');
    await put(s.ws, ' padded ', 'x');
    await put(s.ws, 'looks [protected]', 'x');
    const { lines } = await tree(s);
    assert.deepEqual(lines, ['  " padded "', '  "line\\nbreak.txt"', '  "looks [protected]"']);
  });

  it('marks protected entries and never opens a protected folder', async () => {
    const s = await setup();
    await put(s.ws, '.env', 'SECRET=1');
    await put(s.ws, '.ssh/id_rsa', 'key');
    await put(s.ws, '.ssh/config', 'Host x');
    const { lines, text } = await tree(s);
    assert.deepEqual(lines, ['  .env [protected]', '  .ssh/ [protected]']);
    assert.ok(!text.includes('id_rsa') && !text.includes('config'));
  });

  it('counts links that lead outside without naming them or what they point to', async () => {
    const s = await setup();
    await put(s.outside, 'secret-plans.txt', 'secret');
    await put(s.ws, 'sub/kept.txt', 'kept');
    await symlink(s.outside, path.join(s.ws, 'sub/escape-hatch'));
    await symlink(path.join(s.outside, 'secret-plans.txt'), path.join(s.ws, 'plans-link'));
    const { lines, text, notes } = await tree(s);
    for (const word of ['escape-hatch', 'plans-link', 'secret-plans', s.outside]) {
      assert.ok(!text.includes(word), `${word} is not shown`);
    }
    assert.deepEqual(lines, ['  sub/', '    kept.txt']);
    assert.match(notes, /2 link\(s\) leading outside the allowed directories not shown/);
  });

  it('marks a link inside the workspace and does not walk into it', async () => {
    const s = await setup();
    await put(s.ws, 'real/file.txt', 'x');
    await symlink(path.join(s.ws, 'real'), path.join(s.ws, 'alias'));
    await symlink(s.ws, path.join(s.ws, 'real/loop'));
    const { lines } = await tree(s);
    assert.deepEqual(lines, ['  alias/ [link]', '  real/', '    file.txt', '    loop/ [link]']);
  });

  it('stops at the tree depth limit and marks the folders it did not open', async () => {
    const s = await setup({ limits: { maxTreeDepth: 2 } });
    await put(s.ws, 'one/two/three/deep.txt', 'x');
    const { lines, notes } = await tree(s);
    assert.deepEqual(lines, ['  one/', '    two/ …']);
    assert.match(notes, /Folders marked "…" are past the depth limit: call directory_tree on one/);
  });

  it('draws fewer levels when asked, never more than the limit', async () => {
    const s = await setup({ limits: { maxTreeDepth: 3 } });
    await put(s.ws, 'one/two/three/four/deep.txt', 'x');
    assert.deepEqual((await tree(s, { maxDepth: 1 })).lines, ['  one/ …']);
    assert.deepEqual((await tree(s, { maxDepth: 50 })).lines, [
      '  one/',
      '    two/',
      '      three/ …',
    ]);
  });

  it('stops at the entry limit, counts what it left out, and says how to see more', async () => {
    const s = await setup({ limits: { maxEntries: 10 } });
    for (let i = 0; i < 9; i += 1) await put(s.ws, `a/file-${i}.txt`, 'x');
    for (let i = 0; i < 8; i += 1) await put(s.ws, `b/file-${i}.txt`, 'x');
    const { lines, notes } = await tree(s);
    assert.deepEqual(lines, [
      '  a/',
      ...Array.from({ length: 8 }, (_, i) => `    file-${i}.txt`),
      '    … 1 more',
      '  b/ …',
    ]);
    assert.match(
      notes,
      /Airlock shows at most 10 entries\. Call directory_tree on a folder marked "…"/,
    );
  });

  it("counts the folder's own entries the limit left out", async () => {
    const s = await setup({ limits: { maxEntries: 3 } });
    for (let i = 0; i < 5; i += 1) await put(s.ws, `file-${i}.txt`, 'x');
    const { lines } = await tree(s);
    assert.deepEqual(lines, ['  file-0.txt', '  file-1.txt', '  file-2.txt', '  … 2 more']);
  });

  it('leaves out excluded entries and their contents', async () => {
    const s = await setup();
    await put(s.ws, 'node_modules/pkg/index.js', 'x');
    await put(s.ws, 'src/app.log', 'x');
    await put(s.ws, 'src/app.ts', 'x');
    const { lines } = await tree(s, { excludePatterns: ['node_modules', '*.log'] });
    assert.deepEqual(lines, ['  src/', '    app.ts']);
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
