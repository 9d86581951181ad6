import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readTextInside, type LineWindow } from '../../../main/core/fs/read-text.ts';
import { DEFAULT_LIMITS, type Limits } from '../../../main/core/policy/limits.ts';
import type { PathPolicy, ResolvedPath } from '../../../main/core/policy/path-policy.ts';
import { inlineFileAccess, pooledFileAccess } from '../../../main/core/platform/file-access.ts';
import { makeFifo, settlesWithin } from '../../helpers/fifo.ts';
import { makeLayout, makePolicy, put, rejectsWith } from '../fixtures.ts';

/** readTextInside as the read tools call it: with the policy's guard and file access. */
function readInside(
  policy: PathPolicy,
  resolved: ResolvedPath,
  limits: Limits,
  window: LineWindow,
) {
  return readTextInside(policy.guard, resolved, limits, window, policy.fileAccess);
}

// Both ways of reaching the kernel must give the same answers and the same refusals.
for (const fileAccess of [pooledFileAccess, inlineFileAccess]) {
  async function read(
    content: string | Uint8Array,
    window: LineWindow,
    options: { name?: string; limits?: Partial<Limits> } = {},
  ): Promise<string> {
    const { ws } = await makeLayout();
    const name = options.name ?? 'file.txt';
    await put(ws, name, content);
    const policy = await makePolicy(ws, 'write', fileAccess);
    const resolved = await policy.resolveExisting(name);
    const { text } = await readInside(
      policy,
      resolved,
      { ...DEFAULT_LIMITS, ...options.limits },
      window,
    );
    return text;
  }

  const WHOLE: LineWindow = { kind: 'whole' };
  const FIVE = 'one\ntwo\nthree\nfour\nfive\n';

  describe(`readTextInside (${fileAccess.kind} file access)`, () => {
    it('reads a whole file and reports its size', async () => {
      const { ws } = await makeLayout();
      await put(ws, 'a.txt', 'héllo\nworld\n');
      const policy = await makePolicy(ws, 'write', fileAccess);
      const result = await readInside(
        policy,
        await policy.resolveExisting('a.txt'),
        DEFAULT_LIMITS,
        WHOLE,
      );
      assert.equal(result.text, 'héllo\nworld\n');
      assert.equal(result.fileBytes, Buffer.byteLength('héllo\nworld\n'));
    });

    it('reads a whole file longer than its first 64 KiB read, byte for byte', async () => {
      const content = Array.from(
        { length: 12_000 },
        (_, i) => `line ${i} ${'ü'.repeat(i % 7)}\n`,
      ).join('');
      assert.ok(Buffer.byteLength(content) > 128 * 1024);
      assert.equal(await read(content, WHOLE), content);
    });

    it('reads a file of exactly 64 KiB whole', async () => {
      const content = `${'y'.repeat(64 * 1024 - 1)}\n`;
      assert.equal(await read(content, WHOLE), content);
    });

    it('reads an empty file as an empty string', async () => {
      assert.equal(await read('', WHOLE), '');
      assert.equal(await read('', { kind: 'head', lines: 3 }), '');
      assert.equal(await read('', { kind: 'tail', lines: 3 }), '');
    });

    describe('head', () => {
      it('returns the first N lines with their newlines', async () => {
        assert.equal(await read(FIVE, { kind: 'head', lines: 2 }), 'one\ntwo\n');
      });

      it('returns the whole file when it has fewer lines than asked', async () => {
        assert.equal(await read('one\ntwo', { kind: 'head', lines: 10 }), 'one\ntwo');
      });

      it('keeps CRLF line endings', async () => {
        assert.equal(await read('a\r\nb\r\nc\r\n', { kind: 'head', lines: 2 }), 'a\r\nb\r\n');
      });

      it('finds lines that cross the 64 KiB read chunks', async () => {
        const long = 'x'.repeat(70_000);
        assert.equal(
          await read(`${long}\nsecond\nthird\n`, { kind: 'head', lines: 2 }),
          `${long}\nsecond\n`,
        );
      });
    });

    describe('tail', () => {
      it('returns the last N lines of a file that ends with a newline', async () => {
        assert.equal(await read(FIVE, { kind: 'tail', lines: 2 }), 'four\nfive\n');
      });

      it('returns the last N lines of a file without a final newline', async () => {
        assert.equal(await read('one\ntwo\nthree', { kind: 'tail', lines: 2 }), 'two\nthree');
      });

      it('returns the last line alone when asked for one line', async () => {
        assert.equal(await read(FIVE, { kind: 'tail', lines: 1 }), 'five\n');
        assert.equal(await read('one\ntwo', { kind: 'tail', lines: 1 }), 'two');
      });

      it('keeps CRLF line endings', async () => {
        assert.equal(await read('a\r\nb\r\nc\r\n', { kind: 'tail', lines: 2 }), 'b\r\nc\r\n');
        assert.equal(await read('a\r\nb\r\nc', { kind: 'tail', lines: 2 }), 'b\r\nc');
      });

      it('returns the whole file when it has fewer lines than asked', async () => {
        assert.equal(await read('one\ntwo\n', { kind: 'tail', lines: 10 }), 'one\ntwo\n');
      });

      it('reads backwards across the 64 KiB read chunks', async () => {
        const lines = Array.from({ length: 20_000 }, (_, index) => `line ${index}`);
        const text = `${lines.join('\n')}\n`;
        assert.equal(
          await read(text, { kind: 'tail', lines: 3 }),
          'line 19997\nline 19998\nline 19999\n',
        );
        const expected = `${lines.slice(-12_000).join('\n')}\n`;
        assert.equal(await read(text, { kind: 'tail', lines: 12_000 }), expected);
      });
    });

    describe('range', () => {
      it('skips offset lines and returns length lines', async () => {
        assert.equal(await read(FIVE, { kind: 'range', offset: 1, length: 2 }), 'two\nthree\n');
      });

      it('returns the rest of the file when length runs past the end', async () => {
        assert.equal(await read(FIVE, { kind: 'range', offset: 3, length: 100 }), 'four\nfive\n');
      });

      it('returns an empty string when offset is past the end', async () => {
        assert.equal(await read(FIVE, { kind: 'range', offset: 50, length: 2 }), '');
      });

      it('counts CRLF lines the same way', async () => {
        assert.equal(
          await read('a\r\nb\r\nc\r\nd\r\n', { kind: 'range', offset: 2, length: 1 }),
          'c\r\n',
        );
      });
    });

    describe('limits', () => {
      it('refuses a whole file larger than the read limit and says to use head or tail', async () => {
        const { ws } = await makeLayout();
        await put(ws, 'big.txt', 'x'.repeat(5000));
        const policy = await makePolicy(ws, 'write', fileAccess);
        const resolved = await policy.resolveExisting('big.txt');
        const error = await rejectsWith(
          readInside(policy, resolved, { ...DEFAULT_LIMITS, maxReadBytes: 4096 }, WHOLE),
          'too_large',
        );
        assert.match(error.message, /head/);
        assert.match(error.message, /tail/);
      });

      it('reads the head of a file larger than the read limit', async () => {
        const text = `first\n${'x'.repeat(10_000)}\n`;
        assert.equal(
          await read(text, { kind: 'head', lines: 1 }, { limits: { maxReadBytes: 4096 } }),
          'first\n',
        );
      });

      it('reads the tail of a file larger than the read limit', async () => {
        const text = `${'x'.repeat(10_000)}\nlast\n`;
        assert.equal(
          await read(text, { kind: 'tail', lines: 1 }, { limits: { maxReadBytes: 4096 } }),
          'last\n',
        );
      });

      it('refuses a head or tail whose lines are larger than the read limit', async () => {
        const { ws } = await makeLayout();
        await put(ws, 'long-lines.txt', `${'x'.repeat(10_000)}\n${'y'.repeat(10_000)}\n`);
        const policy = await makePolicy(ws, 'write', fileAccess);
        const resolved = await policy.resolveExisting('long-lines.txt');
        const limits = { ...DEFAULT_LIMITS, maxReadBytes: 4096 };
        await rejectsWith(
          readInside(policy, resolved, limits, { kind: 'head', lines: 1 }),
          'too_large',
        );
        await rejectsWith(
          readInside(policy, resolved, limits, { kind: 'tail', lines: 1 }),
          'too_large',
        );
      });
    });

    describe('refusals', () => {
      it('refuses a file with a NUL byte as binary', async () => {
        const { ws } = await makeLayout();
        await put(ws, 'blob.bin', Buffer.from([0x68, 0x69, 0x00, 0x01, 0x02]));
        const policy = await makePolicy(ws, 'write', fileAccess);
        await rejectsWith(
          readInside(policy, await policy.resolveExisting('blob.bin'), DEFAULT_LIMITS, WHOLE),
          'binary',
        );
        await rejectsWith(
          readInside(policy, await policy.resolveExisting('blob.bin'), DEFAULT_LIMITS, {
            kind: 'head',
            lines: 1,
          }),
          'binary',
        );
      });

      it('refuses a whole file one byte over a read limit smaller than the first read', async () => {
        await rejectsWith(
          read('z'.repeat(1025), WHOLE, { limits: { maxReadBytes: 1024 } }),
          'too_large',
        );
        assert.equal(
          await read('z'.repeat(1024), WHOLE, { limits: { maxReadBytes: 1024 } }),
          'z'.repeat(1024),
        );
      });

      it(
        'refuses a named pipe as not a file, without waiting for a writer',
        {
          skip: process.platform === 'win32',
        },
        async () => {
          const { ws } = await makeLayout();
          execFileSync('mkfifo', [path.join(ws, 'pipe')]);
          const policy = await makePolicy(ws, 'write', fileAccess);
          await rejectsWith(
            readInside(policy, await policy.resolveExisting('pipe'), DEFAULT_LIMITS, WHOLE),
            'not_a_file',
          );
        },
      );

      it('refuses a folder as not a file', async () => {
        const { ws } = await makeLayout();
        await put(ws, 'dir/a.txt', 'a\n');
        const policy = await makePolicy(ws, 'write', fileAccess);
        await rejectsWith(
          readInside(policy, await policy.resolveExisting('dir'), DEFAULT_LIMITS, WHOLE),
          'not_a_file',
        );
      });

      it('refuses an .npmrc that carries an auth token as guarded', async () => {
        const { ws } = await makeLayout();
        await put(
          ws,
          '.npmrc',
          'registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=abc\n',
        );
        const policy = await makePolicy(ws, 'write', fileAccess);
        const resolved = await policy.resolveExisting('.npmrc');
        await rejectsWith(readInside(policy, resolved, DEFAULT_LIMITS, WHOLE), 'guarded');
        await rejectsWith(
          readInside(policy, resolved, DEFAULT_LIMITS, { kind: 'tail', lines: 1 }),
          'guarded',
        );
      });

      it('refuses a token-bearing .npmrc read through a link with another name', async () => {
        const { ws } = await makeLayout();
        await put(ws, '.npmrc', '//registry.npmjs.org/:_authToken=abc\n');
        await symlink('.npmrc', path.join(ws, 'npm-settings.txt'));
        const policy = await makePolicy(ws, 'write', fileAccess);
        const resolved = await policy.resolveExisting('npm-settings.txt');
        await rejectsWith(readInside(policy, resolved, DEFAULT_LIMITS, WHOLE), 'guarded');
      });

      it('reads a plain .npmrc that carries no credential', async () => {
        assert.equal(
          await read('registry=https://x\n', WHOLE, { name: '.npmrc' }),
          'registry=https://x\n',
        );
      });

      it('reads head, tail and a range of a clean .npmrc from the one read it judged', async () => {
        const config = 'registry=https://x\nfund=false\nsave-exact=true\n';
        const name = { name: '.npmrc' };
        assert.equal(await read(config, { kind: 'head', lines: 1 }, name), 'registry=https://x\n');
        assert.equal(await read(config, { kind: 'tail', lines: 1 }, name), 'save-exact=true\n');
        assert.equal(
          await read(config, { kind: 'range', offset: 1, length: 1 }, name),
          'fund=false\n',
        );
      });

      it('refuses a whole .npmrc larger than the read limit, and binary .npmrc', async () => {
        await rejectsWith(
          read('registry=https://x\n'.repeat(100), WHOLE, {
            name: '.npmrc',
            limits: { maxReadBytes: 1024 },
          }),
          'too_large',
        );
        await rejectsWith(read('registry=\0\n', WHOLE, { name: '.npmrc' }), 'binary');
      });

      it('refuses a token-bearing .npmrc even when the token line lies beyond its first MiB', async () => {
        const { ws } = await makeLayout();
        const padding = '# comment\n'.repeat(110_000);
        await put(ws, '.npmrc', `${padding}//registry.npmjs.org/:_authToken=abc\n`);
        const policy = await makePolicy(ws, 'write', fileAccess);
        const resolved = await policy.resolveExisting('.npmrc');
        await rejectsWith(
          readInside(policy, resolved, DEFAULT_LIMITS, { kind: 'tail', lines: 1 }),
          'guarded',
        );
      });
    });
  });
}

// Through the thread pool only: inline, an open that waited would hold this very thread
// and no timer could end the test (the attack suite proves the inline server in a process).
describe('readTextInside on a FIFO named like a config file', () => {
  it('refuses it as a special file without waiting for a writer', async () => {
    const { ws } = await makeLayout();
    const fifo = makeFifo(path.join(ws, '.pypirc'));
    const policy = await makePolicy(ws, 'write', pooledFileAccess);
    const resolved = await policy.resolveExisting('.pypirc');
    const refusal = await rejectsWith(
      settlesWithin(readInside(policy, resolved, DEFAULT_LIMITS, { kind: 'whole' }), 2000, [fifo]),
      'not_a_file',
    );
    assert.match(refusal.message, /special file \(a pipe, socket or device\)/);
  });
});
