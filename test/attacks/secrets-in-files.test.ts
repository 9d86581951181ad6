// An agent tries to get a secret out of an ordinary file through the built CLI: reading it
// whole and in windows, searching for its value and its prefix, matching it as edit_file's
// oldText in a dry run, moving its placeholder under another name, and writing text that
// would show it on the next read. Each answer, and the audit log, holds no part of it.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { assertOk, call, everythingIn, textOf } from '../helpers/results.ts';
import type { Sandbox } from '../helpers/sandbox.ts';
import { serveSandbox } from '../helpers/suite.ts';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function randomText(length: number): string {
  let out = 'aZ9';
  while (out.length < length) out += ALNUM.charAt(Math.floor(Math.random() * ALNUM.length));
  return out.slice(0, length);
}

// Made at run time, so the repository holds nothing a scanner would flag.
const AWS_SECRET = `${randomText(30)}/${randomText(9)}`;
const GITHUB = `ghp_${randomText(36)}`;
const CONFIG = `service:\n  name: billing\n  aws_secret_access_key: ${AWS_SECRET}\n  github: ${GITHUB}\n  retries: 3\n`;
const VALUES = [AWS_SECRET, GITHUB];
/** Pieces long enough to confirm a guess: each value's first and last 12 characters. */
const PIECES = VALUES.flatMap((value) => [value, value.slice(0, 12), value.slice(-12)]);
const PLACEHOLDER = /\[secret hidden by Airlock: [^\]]+\]/g;

async function plant(sandbox: Sandbox): Promise<void> {
  await writeFile(path.join(sandbox.ws, 'config.yaml'), CONFIG);
}

function assertHidesValues(result: unknown, what: string): void {
  const all = everythingIn(result);
  for (const piece of PIECES) assert.ok(!all.includes(piece), `${what} shows ${piece}`);
}

describe('attack: getting a secret out of an ordinary file', () => {
  const ctx = serveSandbox({ allowWrite: true, prepare: plant });
  const configFile = () => path.join(ctx.sandbox.ws, 'config.yaml');

  it('reads the file whole, by head, tail and every one-line range: only placeholders', async () => {
    const windows = [
      {},
      { head: 4 },
      { tail: 3 },
      ...[0, 1, 2, 3, 4].map((offset) => ({ offset, length: 1 })),
    ];
    for (const window of windows) {
      const result = await call(ctx.client, 'read_text_file', { path: 'config.yaml', ...window });
      assertOk(result, JSON.stringify(window));
      assertHidesValues(result, `read_text_file ${JSON.stringify(window)}`);
    }
    const whole = textOf(await call(ctx.client, 'read_text_file', { path: 'config.yaml' }));
    assert.equal(whole.match(PLACEHOLDER)?.length, 2, whole);
    assert.match(
      whole,
      /Airlock hid 2 values that look like secrets \(1 AWS secret key, 1 GitHub token\)/,
    );
    assertHidesValues(
      await call(ctx.client, 'read_multiple_files', { paths: ['config.yaml'] }),
      'read_multiple_files',
    );
  });

  it('searches by the value, its prefix, its suffix and a lookahead, and finds and counts nothing', async () => {
    const searches = [
      { pattern: GITHUB },
      { pattern: AWS_SECRET.slice(0, 8) },
      { pattern: GITHUB.slice(-6), caseSensitive: false },
      { pattern: `github: (?=${GITHUB.slice(0, 7)})`, literal: false },
      { pattern: 'aws_secret_access_key: [A-Za-z0-9]', literal: false },
    ];
    for (const search of searches) {
      const result = await call(ctx.client, 'search_content', { path: '.', ...search });
      assert.match(
        textOf(result),
        /^No matches found\n\(0 matching line\(s\)/,
        JSON.stringify(search),
      );
      assertHidesValues(result, `search ${JSON.stringify(search)}`);
    }
  });

  it('cannot confirm a guess with edit_file’s oldText, even in a dry run', async () => {
    for (const oldText of [GITHUB, `github: ${GITHUB.slice(0, 10)}`]) {
      const result = await call(ctx.client, 'edit_file', {
        path: 'config.yaml',
        edits: [{ oldText, newText: 'x' }],
        dryRun: true,
      });
      assert.equal(result.isError, true);
      assert.match(textOf(result), /oldText was not found/);
    }
  });

  it('cannot move a placeholder where its value would show, nor copy it to another file', async () => {
    const placeholders =
      textOf(await call(ctx.client, 'read_text_file', { path: 'config.yaml' })).match(
        PLACEHOLDER,
      ) ?? [];
    const [aws] = placeholders;
    const moved = await call(ctx.client, 'edit_file', {
      path: 'config.yaml',
      edits: [{ oldText: `aws_secret_access_key: ${aws}`, newText: `note: ${aws}` }],
    });
    assert.equal(moved.isError, true);
    assert.match(textOf(moved), /no longer recognizes it as a secret/);
    const copied = await call(ctx.client, 'write_file', { path: 'copy.txt', content: `${aws}\n` });
    assert.equal(copied.isError, true);
    assert.equal(await readFile(configFile(), 'utf8'), CONFIG);
    for (const result of [moved, copied]) assertHidesValues(result, 'refusal');
  });

  it('cannot write then read its way to a value: every write keeps it masked or is refused', async () => {
    const read = textOf(await call(ctx.client, 'read_text_file', { path: 'config.yaml' }));
    const masked = `${read.split('\n\nAirlock hid')[0] ?? ''}\n`;
    const [aws, github] = read.match(PLACEHOLDER) ?? [];
    const rewrite = await call(ctx.client, 'write_file', {
      path: 'config.yaml',
      content: `${masked}# reviewed\n`,
    });
    assertOk(rewrite, 'rewrite from the masked view');
    assert.equal(await readFile(configFile(), 'utf8'), `${CONFIG}# reviewed\n`);
    // The value put back where the agent chose: glued to other text, quoted, in a URL, twice.
    const tricks = [
      `${masked}  copy: x${github}y\n`,
      `${masked}  copy: "${github}"\n`,
      `${masked}  url: https://user:${aws}@example.com/\n`,
      `${masked}  again: ${github}\n  key2: ${aws}\n`,
    ];
    for (const content of tricks) {
      const before = await readFile(configFile(), 'utf8');
      const write = await call(ctx.client, 'write_file', { path: 'config.yaml', content });
      assertHidesValues(write, 'the write');
      if (write.isError) assert.equal(await readFile(configFile(), 'utf8'), before);
      assertHidesValues(
        await call(ctx.client, 'read_text_file', { path: 'config.yaml' }),
        `read after ${content.slice(-60)}`,
      );
      assertHidesValues(
        await call(ctx.client, 'search_content', {
          path: '.',
          pattern: 'copy|url|again|key2',
          literal: false,
        }),
        'search after',
      );
    }
  });

  it('leaves no part of a value in the audit log', async () => {
    const log = await readFile(path.join(ctx.sandbox.dataDir, 'audit', 'audit.jsonl'), 'utf8');
    for (const piece of PIECES) assert.ok(!log.includes(piece), `the audit log holds ${piece}`);
    assert.match(
      log,
      /"secretsHidden":\{"total":2,"byKind":\{"aws-secret-key":1,"github-token":1\}\}/,
    );
    assert.match(log, /"secretsRestored":\d+/);
  });
});
