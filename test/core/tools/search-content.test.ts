import assert from 'node:assert/strict';
import { mkdir, rename, symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { DEFAULT_GUARD_SETTINGS } from '../../../main/core/policy/sensitive-guard.ts';
import { lowerCasePattern, searchContent } from '../../../main/core/tools/search-content.ts';
import type { FromWorker, ToWorker } from '../../../main/core/tools/search-content-worker.ts';
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

const WORKER_URL = new URL('../../../main/core/tools/search-content-worker.ts', import.meta.url);
const NEEDLE = 'findme';

interface Setup extends Layout {
  readonly context: ToolContext;
}

async function setup(options: ContextOptions = {}): Promise<Setup> {
  const layout = await makeLayout();
  const context = await makeContext(layout.ws, layout.dataDir, options);
  return { ...layout, context: { ...context, searchWorkerUrl: WORKER_URL } };
}

/** The answer, with what its text says read back: that the text says it all is the point. */
async function search(s: Setup, input: Record<string, unknown>, context = s.context) {
  const answer = await runTool(searchContent, { path: s.ws, ...input }, context);
  return { ...answer, data: readBack(answer.text) };
}

interface Match {
  path: string;
  line: number;
  text: string;
  before?: string[];
  after?: string[];
}

/**
 * The folder once ("In /folder:"), then each file's path below it and its lines indented:
 * `line: text` for a match, `line- text` for context, `--` between a file's groups; then
 * "… N more: call again with offset=N." and the coverage in brackets.
 */
function readBack(text: string) {
  const lines = text.split('\n');
  const folder = /^In (.+):$/.exec(lines[0] ?? '')?.[1];
  const matches: Match[] = [];
  let file = '';
  let before: string[] = [];
  let afterMatch: Match | undefined;
  for (const line of folder === undefined ? [] : lines.slice(1)) {
    const entry = /^ {2}(\d+)([:-]) (.*)$/.exec(line);
    if (entry?.[2] === ':') {
      afterMatch = { path: file, line: Number(entry[1]), text: entry[3] ?? '' };
      if (before.length > 0) afterMatch.before = before;
      matches.push(afterMatch);
      before = [];
    } else if (entry && afterMatch) (afterMatch.after ??= []).push(entry[3] ?? '');
    else if (entry) before.push(entry[3] ?? '');
    else if (!line.startsWith('…') && !line.startsWith('(')) {
      // A file's path below the folder, or "--" between groups of the same file.
      if (line !== '  --') file = path.join(folder as string, line);
      afterMatch = undefined;
    }
  }
  const coverage = /\((\d+) matching line\(s\) in (\d+) files? searched(?:; skipped (.*))?\)/.exec(
    text,
  );
  const skipped = coverage?.[3] ?? '';
  const count = (words: string) => Number(new RegExp(`(\\d+) ${words}`).exec(skipped)?.[1] ?? 0);
  const offset = /offset=(\d+)\.$/m.exec(text)?.[1];
  return {
    matches,
    total: Number(coverage?.[1] ?? 0),
    filesSearched: Number(coverage?.[2] ?? 0),
    skipped: {
      binary: count('binary'),
      tooLarge: count('too large'),
      protected: count('protected'),
      changed: count('changed'),
    },
    hiddenLinks: count('link'),
    nextOffset: offset === undefined ? undefined : Number(offset),
  };
}

/** The context a call gets from the server: its signal fires at the call's time limit. */
function withTimeLimit(s: Setup): ToolContext {
  return { ...s.context, signal: AbortSignal.timeout(s.context.limits.callTimeoutMs) };
}

describe('search_content', () => {
  it('finds a text and reports path, line number and line', async () => {
    const s = await setup();
    await put(s.ws, 'notes/a.txt', `first line\nsecond ${NEEDLE} here\nthird\n${NEEDLE} again\n`);
    await put(s.ws, 'b.txt', 'nothing to see\n');
    const { data, text } = await search(s, { pattern: NEEDLE });
    const file = path.join(s.ws, 'notes/a.txt');
    assert.deepEqual(data.matches, [
      { path: file, line: 2, text: `second ${NEEDLE} here` },
      { path: file, line: 4, text: `${NEEDLE} again` },
    ]);
    assert.equal(data.total, 2);
    assert.equal(data.filesSearched, 2);
    assert.equal(
      text.split('\n(')[0],
      [`In ${s.ws}:`, 'notes/a.txt', `  2: second ${NEEDLE} here`, `  4: ${NEEDLE} again`].join(
        '\n',
      ),
      'the folder once, then each file below it once, with its lines',
    );
  });

  it('takes the pattern literally by default and as a regular expression on request', async () => {
    const s = await setup();
    await put(s.ws, 'a.txt', 'cost: $5 (approx.)\nid-123\nid-abc\n');
    const literal = await search(s, { pattern: '$5 (approx.)' });
    assert.deepEqual(
      literal.data.matches.map((match) => match.line),
      [1],
    );
    const regex = await search(s, { pattern: '^id-\\d+$', literal: false });
    assert.deepEqual(
      regex.data.matches.map((match) => match.text),
      ['id-123'],
    );
  });

  it('refuses a malformed regular expression with a hint', async () => {
    const s = await setup();
    const error = await rejectsWith(
      search(s, { pattern: '(unclosed', literal: false }),
      'invalid_argument',
    );
    assert.match(error.message, /not a valid regular expression.*literal: true/);
  });

  it('ignores case only when asked, for texts and regular expressions', async () => {
    const s = await setup();
    await put(s.ws, 'a.txt', 'Hello World\nhello world\n\\W stays\n');
    assert.equal((await search(s, { pattern: 'HELLO' })).data.total, 0);
    assert.equal((await search(s, { pattern: 'HELLO', caseSensitive: false })).data.total, 2);
    assert.equal(
      (await search(s, { pattern: 'HELLO\\s+WORLD', literal: false, caseSensitive: false })).data
        .total,
      2,
    );
    // Escapes keep their meaning when the pattern is folded: \W is still "not a word character".
    assert.equal(lowerCasePattern('A\\W[B-C]\\p{Lu}'), 'a\\W[b-c]\\p{Lu}');
  });

  it('skips files it cannot prove are text', async () => {
    const s = await setup();
    await put(
      s.ws,
      'image.bin',
      Buffer.concat([Buffer.from(`${NEEDLE}\n`), Buffer.from([0, 1, 2, 3])]),
    );
    await put(s.ws, 'text.txt', `${NEEDLE}\n`);
    const { data, text } = await search(s, { pattern: NEEDLE });
    assert.deepEqual(
      data.matches.map((match) => path.basename(match.path)),
      ['text.txt'],
    );
    assert.equal(data.skipped.binary, 1);
    assert.match(text, /skipped 1 binary/);
  });

  it('skips files larger than the read limit and counts them', async () => {
    const s = await setup({ limits: { maxReadBytes: 4096 } });
    await put(s.ws, 'big.txt', `${NEEDLE}\n${'x'.repeat(5000)}\n`);
    await put(s.ws, 'small.txt', `${NEEDLE}\n`);
    const { data } = await search(s, { pattern: NEEDLE });
    assert.equal(data.total, 1);
    assert.equal(data.skipped.tooLarge, 1);
  });

  it('never matches inside protected files, not even to count them as searched', async () => {
    const s = await setup();
    await put(s.ws, '.env', `TOKEN=${NEEDLE}\n`);
    await put(s.ws, '.ssh/config', `Host ${NEEDLE}\n`);
    await put(s.ws, 'keys/server.pem', `${NEEDLE}\n`);
    await put(s.ws, 'ok.txt', 'plain\n');
    const { data, text } = await search(s, { pattern: NEEDLE });
    assert.equal(data.total, 0);
    assert.equal(data.filesSearched, 1);
    assert.ok(!text.includes('.env') && !text.includes('.ssh') && !text.includes('server.pem'));
  });

  it('skips a config file that carries a token, without revealing whether it holds the pattern', async () => {
    const s = await setup();
    await put(s.ws, 'app/.npmrc', `//registry.npmjs.org/:_authToken=npm_${NEEDLE}\n`);
    await put(s.ws, 'lib/.npmrc', 'registry=https://registry.example.com/\n');
    const hit = await search(s, { pattern: NEEDLE });
    const miss = await search(s, { pattern: 'not-in-any-file' });
    assert.equal(hit.data.total, 0);
    assert.deepEqual(
      hit.data.skipped,
      miss.data.skipped,
      'the counts are the same whatever the pattern',
    );
    assert.equal(hit.data.skipped.protected, 1);
    const plain = await search(s, { pattern: 'registry.example.com' });
    assert.deepEqual(
      plain.data.matches.map((match) => match.path),
      [path.join(s.ws, 'lib/.npmrc')],
    );
  });

  it('never follows or names links, even to files that hold the pattern', async () => {
    const s = await setup();
    await put(s.outside, 'secret.txt', `${NEEDLE} outside\n`);
    await put(s.outside, 'dir/inner.txt', `${NEEDLE} outside too\n`);
    await symlink(path.join(s.outside, 'secret.txt'), path.join(s.ws, 'innocent.txt'));
    await symlink(path.join(s.outside, 'dir'), path.join(s.ws, 'innocent-dir'));
    await put(s.ws, 'real.txt', `${NEEDLE} inside\n`);
    await symlink(path.join(s.ws, 'real.txt'), path.join(s.ws, 'alias.txt'));
    const { data, text } = await search(s, { pattern: NEEDLE });
    assert.deepEqual(
      data.matches.map((match) => match.text),
      [`${NEEDLE} inside`],
    );
    assert.ok(
      !text.includes(s.outside) &&
        !text.includes(`${NEEDLE} outside`) &&
        !text.includes('innocent'),
    );
    assert.equal(data.hiddenLinks, 2);
  });

  it('searches only files matching includePattern, and leaves out excluded folders', async () => {
    const s = await setup();
    await put(s.ws, 'src/a.ts', `${NEEDLE}\n`);
    await put(s.ws, 'src/a.md', `${NEEDLE}\n`);
    await put(s.ws, 'node_modules/x/b.ts', `${NEEDLE}\n`);
    const { data } = await search(s, {
      pattern: NEEDLE,
      includePattern: '*.ts',
      excludePatterns: ['node_modules'],
    });
    assert.deepEqual(
      data.matches.map((match) => match.path),
      [path.join(s.ws, 'src/a.ts')],
    );
  });

  it('shows context lines around a match and shortens very long lines around the match', async () => {
    const s = await setup();
    await put(s.ws, 'a.txt', `one\ntwo\n${NEEDLE}\nfour\nfive\n`);
    await put(s.ws, 'long.txt', `${'x'.repeat(1000)}${NEEDLE}${'y'.repeat(1000)}\n`);
    const context = await search(s, { pattern: NEEDLE, includePattern: 'a.txt', contextLines: 2 });
    assert.deepEqual(context.data.matches[0], {
      path: path.join(s.ws, 'a.txt'),
      line: 3,
      text: NEEDLE,
      before: ['one', 'two'],
      after: ['four', 'five'],
    });
    assert.match(context.text, /\na\.txt\n {2}1- one\n {2}2- two\n {2}3: findme\n {2}4- four\n/);
    const long = await search(s, { pattern: NEEDLE, includePattern: 'long.txt' });
    const shown = long.data.matches[0]?.text ?? '';
    assert.ok(shown.length <= 302, `shortened to about 300 characters (${shown.length})`);
    assert.ok(shown.includes(NEEDLE) && shown.startsWith('…') && shown.endsWith('…'));
  });

  it('pages through matches in a stable order and says how to continue', async () => {
    const s = await setup();
    for (let file = 0; file < 30; file += 1) {
      await put(s.ws, `f${String(file).padStart(2, '0')}.txt`, `${NEEDLE} 1\nno\n${NEEDLE} 2\n`);
    }
    const first = await search(s, { pattern: NEEDLE, limit: 25 });
    assert.equal(first.data.total, 60);
    assert.equal(first.data.matches.length, 25);
    assert.equal(first.data.nextOffset, 25);
    assert.match(first.text, /\n… 35 more: call again with offset=25\./);
    const seen = first.data.matches.map((match) => `${match.path}:${match.line}`);
    for (let offset: number | undefined = first.data.nextOffset; offset !== undefined;) {
      const next = await search(s, { pattern: NEEDLE, limit: 25, offset });
      seen.push(...next.data.matches.map((match) => `${match.path}:${match.line}`));
      offset = next.data.nextOffset;
    }
    assert.equal(seen.length, 60);
    assert.equal(new Set(seen).size, 60, 'no match twice, none left out');
  });

  it('answers the classic catastrophic pattern (a+)+$ at once: V8 finishes it in linear time', async () => {
    const s = await setup();
    await put(s.ws, 'evil.txt', `${'a'.repeat(50_000)}b\n`);
    const started = performance.now();
    const { data } = await search(s, { pattern: '(a+)+$', literal: false }, withTimeLimit(s));
    assert.equal(data.total, 0);
    assert.ok(performance.now() - started < 5000, 'well within the time limit');
  });

  it("stops a catastrophic regex at the call's time limit and keeps serving", async () => {
    const s = await setup({ limits: { callTimeoutMs: 500 } });
    // A backreference keeps V8 on its backtracking engine: this would run for ages.
    await put(s.ws, 'evil.txt', `${'a'.repeat(40)}b\n`);
    await put(s.ws, 'fine.txt', `${NEEDLE}\n`);
    const started = performance.now();
    const error = await rejectsWith(
      search(s, { pattern: '(a+)+\\1$', literal: false }, withTimeLimit(s)),
      'timeout',
    );
    assert.match(error.message, /time limit/);
    assert.ok(performance.now() - started < 3000, 'stopped near the 500 ms limit');
    const after = await search(s, { pattern: NEEDLE }, withTimeLimit(s));
    assert.equal(after.data.total, 1, 'the next search works');
  });

  it('refuses a file as the place to search, and paths outside the workspaces', async () => {
    const s = await setup();
    await put(s.ws, 'a.txt', 'a\n');
    await rejectsWith(
      search(s, { path: path.join(s.ws, 'a.txt'), pattern: 'a' }),
      'not_a_directory',
    );
    await rejectsWith(search(s, { path: s.outside, pattern: 'a' }), 'outside_workspace');
  });
});

describe('search_content worker', () => {
  /** Sends one batch straight to a worker, as the main thread would after its checks. */
  async function askWorker(folder: string, names: readonly string[]): Promise<FromWorker> {
    const worker = new Worker(WORKER_URL);
    try {
      const reply = new Promise<FromWorker>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      const query: ToWorker = {
        kind: 'query',
        query: {
          mode: 'literal',
          pattern: NEEDLE,
          flags: '',
          foldCase: false,
          contextLines: 0,
          maxReadBytes: 1 << 20,
          maxLineChars: 300,
          guard: DEFAULT_GUARD_SETTINGS,
        },
      };
      worker.postMessage(query);
      worker.postMessage({
        kind: 'batch',
        id: 0,
        folders: [{ real: folder, names, contentChecks: [] }],
        keep: 10,
      } satisfies ToWorker);
      return await reply;
    } finally {
      await worker.terminate();
    }
  }

  it('refuses a folder swapped for a link after the walk checked it', async () => {
    const s = await setup();
    await put(s.outside, 'secret.txt', `${NEEDLE}\n`);
    const checked = path.join(s.ws, 'checked');
    await symlink(s.outside, checked);
    const reply = await askWorker(checked, ['secret.txt']);
    assert.equal(reply.kind, 'batch');
    assert.equal(reply.kind === 'batch' && reply.result.total, 0);
    assert.equal(reply.kind === 'batch' && reply.result.skipped.changed, 1);
  });

  it('refuses a folder reached through a link higher up the path', async () => {
    const s = await setup();
    await put(s.outside, 'sub/secret.txt', `${NEEDLE}\n`);
    await mkdir(path.join(s.ws, 'parent'));
    await rename(path.join(s.ws, 'parent'), path.join(s.root, 'parent-moved'));
    await symlink(s.outside, path.join(s.ws, 'parent'));
    const reply = await askWorker(path.join(s.ws, 'parent/sub'), ['secret.txt']);
    assert.equal(reply.kind === 'batch' && reply.result.total, 0);
    assert.equal(reply.kind === 'batch' && reply.result.skipped.changed, 1);
  });

  it('refuses a file swapped for a link', async () => {
    const s = await setup();
    await put(s.outside, 'secret.txt', `${NEEDLE}\n`);
    await symlink(path.join(s.outside, 'secret.txt'), path.join(s.ws, 'notes.txt'));
    const reply = await askWorker(s.ws, ['notes.txt']);
    assert.equal(reply.kind === 'batch' && reply.result.total, 0);
    assert.equal(reply.kind === 'batch' && reply.result.skipped.changed, 1);
  });
});
