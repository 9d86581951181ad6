import assert from 'node:assert/strict';
import { symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { searchFiles } from '../../../main/core/tools/search-files.ts';
import { searchTools } from '../../../main/core/tools/search-tools.ts';
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

/** A small project: docs, sources at several depths, and secrets the guard protects. */
async function setup(options: ContextOptions = {}): Promise<Setup> {
  const layout = await makeLayout();
  const { ws } = layout;
  await put(ws, 'README.md', '# readme\n');
  await put(ws, 'docs/guide.md', 'guide\n');
  await put(ws, 'docs/deep/more/notes.md', 'notes\n');
  await put(ws, 'src/index.ts', 'export {};\n');
  await put(ws, 'src/util/strings.ts', 'export {};\n');
  await put(ws, 'node_modules/pkg/README.md', 'dependency\n');
  await put(ws, '.env', 'SECRET=1\n');
  await put(ws, '.ssh/id_ed25519', 'key\n');
  await put(ws, '.ssh/known-notes.md', 'inside a guarded folder\n');
  await put(layout.outside, 'outside.md', 'secret\n');
  return { ...layout, context: await makeContext(ws, layout.dataDir, options) };
}

/** The answer, with its matches read back into full paths: the folder once, then paths below it. */
async function search(setup: Setup, input: Record<string, unknown>) {
  const answer = await runTool(searchFiles, { path: setup.ws, ...input }, setup.context);
  return { ...answer, matches: matchesIn(answer.text) };
}

function matchesIn(text: string): string[] {
  const [first = '', ...rest] = text.split('\n');
  const folder = /^In (.+):$/.exec(first)?.[1];
  if (folder === undefined) return [];
  // The notes after the paths start with "…" (more to page) or "(" (what was skipped).
  const below = rest.filter((line) => !line.startsWith('…') && !line.startsWith('('));
  return below.map((relative) => path.join(folder, relative));
}

describe('search_files', () => {
  it('is registered with the other search tools, read-only and idempotent', () => {
    assert.deepEqual(
      searchTools.map((tool) => tool.name),
      ['search_files', 'search_content', 'directory_tree'],
    );
    assert.deepEqual(searchFiles.annotations, {
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
    });
    assert.equal(searchFiles.writes, false);
  });

  it('finds names at any depth with a pattern that has no slash, as paths below the folder, given once', async () => {
    const s = await setup();
    const { text } = await search(s, { pattern: '*.md' });
    assert.equal(
      text,
      [
        `In ${s.ws}:`,
        'README.md',
        'docs/guide.md',
        'node_modules/pkg/README.md',
        'docs/deep/more/notes.md',
      ].join('\n'),
      'the folder once, then paths below it, shallowest first',
    );
  });

  it('anchors a pattern with a slash at the searched folder, and matches folders too', async () => {
    const s = await setup();
    const anchored = await search(s, { pattern: 'docs/*.md' });
    assert.deepEqual(anchored.matches, [path.join(s.ws, 'docs/guide.md')]);
    const folders = await search(s, { pattern: 'deep' });
    assert.deepEqual(folders.matches, [path.join(s.ws, 'docs/deep')]);
  });

  it('searches below a subfolder given relative to the first workspace', async () => {
    const s = await setup();
    const { text } = await runTool(searchFiles, { path: 'docs', pattern: '**/*.md' }, s.context);
    assert.deepEqual(matchesIn(text), [
      path.join(s.ws, 'docs/guide.md'),
      path.join(s.ws, 'docs/deep/more/notes.md'),
    ]);
  });

  it('leaves out excluded names and everything inside excluded folders', async () => {
    const s = await setup();
    const { matches } = await search(s, {
      pattern: '*.md',
      excludePatterns: ['node_modules', 'docs/deep'],
    });
    assert.deepEqual([...matches].sort(), [
      path.join(s.ws, 'README.md'),
      path.join(s.ws, 'docs/guide.md'),
    ]);
  });

  it('never returns protected files, nor anything inside a protected folder', async () => {
    const s = await setup();
    const { matches, text } = await search(s, { pattern: '*' });
    for (const hidden of ['.env', '.ssh', 'id_ed25519', 'known-notes.md']) {
      assert.ok(!text.includes(hidden), `${hidden} is not named`);
    }
    assert.ok(matches.includes(path.join(s.ws, 'src/util/strings.ts')));
  });

  it('never follows or names a link that leads outside, and counts it', async () => {
    const s = await setup();
    await symlink(s.outside, path.join(s.ws, 'escape'));
    await symlink(path.join(s.outside, 'outside.md'), path.join(s.ws, 'linked.md'));
    const { matches, text } = await search(s, { pattern: '*' });
    assert.ok(!text.includes('escape') && !text.includes('linked.md') && !text.includes(s.outside));
    assert.ok(!matches.some((match) => match.includes('outside')));
    assert.match(text, /\n\(2 link\(s\) leading outside the allowed directories skipped\)$/);
  });

  it('reports a link inside the workspace where it was found, without walking into it', async () => {
    const s = await setup();
    // A link back to the workspace root: following it would loop forever.
    await symlink(s.ws, path.join(s.ws, 'src/loop'));
    const { matches } = await search(s, { pattern: '*' });
    assert.ok(matches.includes(path.join(s.ws, 'src/loop')));
    assert.ok(!matches.some((match) => match.startsWith(path.join(s.ws, 'src/loop') + path.sep)));
  });

  it('pages with offset and limit, and says how to get the rest', async () => {
    const s = await setup();
    for (let i = 0; i < 25; i += 1)
      await put(s.ws, `many/file-${String(i).padStart(2, '0')}.txt`, '');
    const first = await search(s, { pattern: '*.txt', limit: 10 });
    assert.equal(first.matches.length, 10);
    assert.match(first.text, /\n… 15 more: call again with offset=10\.$/);
    const all: string[] = [...first.matches];
    const nextOffset = (text: string) => /offset=(\d+)\.$/m.exec(text)?.[1];
    for (let offset = nextOffset(first.text); offset !== undefined;) {
      const next = await search(s, { pattern: '*.txt', limit: 10, offset: Number(offset) });
      all.push(...next.matches);
      offset = nextOffset(next.text);
    }
    assert.equal(new Set(all).size, 25, 'pages neither repeat nor skip a match');
  });

  it('caps a page at the entry limit even when asked for more', async () => {
    const s = await setup({ limits: { maxEntries: 10 } });
    for (let i = 0; i < 15; i += 1) await put(s.ws, `many/${i}.txt`, '');
    const { matches, text } = await search(s, { pattern: '*.txt', limit: 1000 });
    assert.equal(matches.length, 10);
    assert.match(text, /offset=10\./);
  });

  it('says so plainly when nothing matches', async () => {
    const s = await setup();
    const { text } = await search(s, { pattern: '*.nothing' });
    assert.equal(text, 'No matches found');
  });

  it('refuses a file as the place to search, and paths outside the workspaces', async () => {
    const s = await setup();
    await rejectsWith(
      search(s, { path: path.join(s.ws, 'README.md'), pattern: '*' }),
      'not_a_directory',
    );
    await rejectsWith(search(s, { path: s.outside, pattern: '*' }), 'outside_workspace');
    await rejectsWith(search(s, { path: path.join(s.ws, '.ssh'), pattern: '*' }), 'guarded');
  });

  it('stops with a timeout refusal once the call is cancelled', async () => {
    const s = await setup();
    const context = {
      ...s.context,
      signal: AbortSignal.abort(new DOMException('late', 'TimeoutError')),
    };
    await rejectsWith(runTool(searchFiles, { path: s.ws, pattern: '*' }, context), 'timeout');
  });
});
