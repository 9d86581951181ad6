import assert from 'node:assert/strict';
import { chmod, lstat, mkdir, readFile, readlink, stat, symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { TEMP_PREFIX } from '../../../main/core/fs/atomic-write.ts';
import { createDirectory } from '../../../main/core/tools/create-directory.ts';
import { deleteFile } from '../../../main/core/tools/delete-file.ts';
import { editFile } from '../../../main/core/tools/edit-file.ts';
import { fileTools } from '../../../main/core/tools/file-tools.ts';
import { getFileInfo } from '../../../main/core/tools/get-file-info.ts';
import { listAllowedDirectories } from '../../../main/core/tools/list-allowed-directories.ts';
import { listDirectory, listDirectoryWithSizes } from '../../../main/core/tools/list-directory.ts';
import { moveFile } from '../../../main/core/tools/move-file.ts';
import { readMediaFile } from '../../../main/core/tools/read-media-file.ts';
import { readMultipleFiles } from '../../../main/core/tools/read-multiple-files.ts';
import { readTextFile } from '../../../main/core/tools/read-text-file.ts';
import type { ToolContext } from '../../../main/core/tools/tool-kit.ts';
import { undoChange } from '../../../main/core/tools/undo-change.ts';
import { writeFile } from '../../../main/core/tools/write-file.ts';
import {
  makeContext,
  makeLayout,
  namesIn,
  put,
  rejectsWith,
  runTool,
  type ContextOptions,
  type Layout,
} from '../fixtures.ts';

// A real 1x1 PNG: signature, IHDR, IDAT, IEND.
const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

const NPM_TOKEN = '//registry.npmjs.org/:_authToken=npm_SECRET_TOKEN_123';

interface Setup extends Layout {
  readonly context: ToolContext;
}

async function setup(options: ContextOptions = {}): Promise<Setup> {
  const layout = await makeLayout();
  return { ...layout, context: await makeContext(layout.ws, layout.dataDir, options) };
}

/** Where history keeps what the deletion `changeId` removed. */
async function keptItem(context: ToolContext, changeId: string): Promise<string> {
  const record = await context.journal.mustRead(changeId);
  const [step] = record.steps;
  assert.equal(step?.kind, 'deleted', 'the deletion was kept');
  return context.journal.payloadPath(record, step.kind === 'deleted' ? step.payload : '');
}

async function exists(target: string): Promise<boolean> {
  return lstat(target).then(
    () => true,
    () => false,
  );
}

describe('fileTools', () => {
  it('holds each single-file tool once', () => {
    const expected = [
      listAllowedDirectories,
      listDirectory,
      listDirectoryWithSizes,
      getFileInfo,
      readTextFile,
      readMediaFile,
      readMultipleFiles,
      writeFile,
      editFile,
      createDirectory,
      moveFile,
      deleteFile,
      undoChange,
    ];
    assert.equal(fileTools.length, expected.length);
    for (const tool of expected)
      assert.ok(fileTools.includes(tool), `${tool.name} is in fileTools`);
  });

  it('marks exactly the changing tools as writes', () => {
    const writing = fileTools.filter((tool) => tool.writes).map((tool) => tool.name);
    assert.deepEqual(writing.sort(), [
      'create_directory',
      'delete_file',
      'edit_file',
      'move_file',
      'undo_change',
      'write_file',
    ]);
  });
});

describe('a read-only workspace', () => {
  async function readOnly(): Promise<Setup> {
    const ready = await setup({ access: 'read' });
    await put(ready.ws, 'a.txt', 'alpha\n');
    await put(ready.ws, 'dir/b.txt', 'bravo\n');
    return ready;
  }

  it('refuses write_file with read_only and creates nothing', async () => {
    const { ws, context } = await readOnly();
    await rejectsWith(runTool(writeFile, { path: 'new.txt', content: 'x' }, context), 'read_only');
    await rejectsWith(runTool(writeFile, { path: 'a.txt', content: 'x' }, context), 'read_only');
    assert.deepEqual(await namesIn(ws), ['a.txt', 'dir']);
    assert.equal(await readFile(path.join(ws, 'a.txt'), 'utf8'), 'alpha\n');
  });

  it('refuses edit_file with read_only and leaves the file unchanged', async () => {
    const { ws, context } = await readOnly();
    await rejectsWith(
      runTool(
        editFile,
        { path: 'a.txt', edits: [{ oldText: 'alpha', newText: 'omega' }] },
        context,
      ),
      'read_only',
    );
    assert.equal(await readFile(path.join(ws, 'a.txt'), 'utf8'), 'alpha\n');
  });

  it('still previews edit_file with dryRun', async () => {
    const { ws, context } = await readOnly();
    const answer = await runTool(
      editFile,
      { path: 'a.txt', edits: [{ oldText: 'alpha', newText: 'omega' }], dryRun: true },
      context,
    );
    assert.equal(answer.data.applied, false);
    assert.match(answer.data.diff, /^-alpha$/m);
    assert.match(answer.data.diff, /^\+omega$/m);
    assert.equal(await readFile(path.join(ws, 'a.txt'), 'utf8'), 'alpha\n');
  });

  it('refuses move_file with read_only and leaves the source in place', async () => {
    const { ws, context } = await readOnly();
    await rejectsWith(
      runTool(moveFile, { source: 'a.txt', destination: 'moved.txt' }, context),
      'read_only',
    );
    assert.equal(await readFile(path.join(ws, 'a.txt'), 'utf8'), 'alpha\n');
    assert.equal(await exists(path.join(ws, 'moved.txt')), false);
  });

  it('refuses delete_file with read_only and keeps the file', async () => {
    const { ws, context } = await readOnly();
    await rejectsWith(runTool(deleteFile, { path: 'a.txt' }, context), 'read_only');
    await rejectsWith(runTool(deleteFile, { path: 'dir', recursive: true }, context), 'read_only');
    assert.equal(await readFile(path.join(ws, 'a.txt'), 'utf8'), 'alpha\n');
    assert.equal(await readFile(path.join(ws, 'dir/b.txt'), 'utf8'), 'bravo\n');
    assert.deepEqual(await context.journal.list(), [], 'history records no change');
    assert.deepEqual(await namesIn(context.journal.payloadsFolder), []);
  });

  it('refuses create_directory with read_only and creates nothing', async () => {
    const { ws, context } = await readOnly();
    await rejectsWith(runTool(createDirectory, { path: 'new/nested' }, context), 'read_only');
    assert.equal(await exists(path.join(ws, 'new')), false);
  });

  it('still lists and reads', async () => {
    const { context } = await readOnly();
    const listing = await runTool(listDirectory, { path: '.' }, context);
    assert.equal(listing.text, 'a.txt\ndir/');
    const read = await runTool(readTextFile, { path: 'dir/b.txt' }, context);
    assert.equal(read.data.content, 'bravo\n');
  });
});

describe('list_allowed_directories', () => {
  it('lists the workspace root with its access', async () => {
    const { ws, context } = await setup();
    const answer = await runTool(listAllowedDirectories, {}, context);
    assert.deepEqual(answer.data.directories, [{ path: ws, access: 'write' }]);
    assert.ok(answer.text.includes(ws));
  });
});

describe('write_file', () => {
  it('creates a new file and reports that it was created', async () => {
    const { ws, context } = await setup();
    const answer = await runTool(writeFile, { path: 'new.txt', content: 'héllo\n' }, context);
    assert.equal(await readFile(path.join(ws, 'new.txt'), 'utf8'), 'héllo\n');
    const { changeId, ...written } = answer.data;
    assert.deepEqual(written, {
      path: path.join(ws, 'new.txt'),
      bytesWritten: Buffer.byteLength('héllo\n'),
      created: true,
      undoable: true,
    });
    assert.equal((await context.journal.mustRead(changeId)).tool, 'write_file');
    assert.match(answer.text, /^Created /);
  });

  it('replaces an existing file atomically, keeps its mode and reports created false', async () => {
    const { ws, context } = await setup();
    const file = await put(ws, 'a.txt', 'old content\n');
    await chmod(file, 0o640);
    const inode = (await stat(file)).ino;
    const answer = await runTool(writeFile, { path: 'a.txt', content: 'new\n' }, context);
    assert.equal(answer.data.created, false);
    assert.match(answer.text, /^Replaced /);
    assert.equal(await readFile(file, 'utf8'), 'new\n');
    const after = await stat(file);
    assert.notEqual(after.ino, inode, 'the file was replaced by rename, not rewritten in place');
    assert.equal(after.mode & 0o7777, 0o640);
    assert.deepEqual(await namesIn(ws), ['a.txt']);
  });

  it('writes into a nested folder given by absolute path and leaves no temp file', async () => {
    const { ws, context } = await setup();
    await mkdir(path.join(ws, 'sub'));
    await runTool(writeFile, { path: path.join(ws, 'sub/c.txt'), content: 'c' }, context);
    assert.equal(await readFile(path.join(ws, 'sub/c.txt'), 'utf8'), 'c');
    assert.deepEqual(
      (await namesIn(path.join(ws, 'sub'))).filter((name) => name.startsWith(TEMP_PREFIX)),
      [],
    );
  });

  it('refuses content larger than the write limit and creates nothing', async () => {
    const { ws, context } = await setup({ limits: { maxWriteBytes: 1024 } });
    await rejectsWith(
      runTool(writeFile, { path: 'big.txt', content: 'x'.repeat(1025) }, context),
      'too_large',
    );
    assert.deepEqual(await namesIn(ws), []);
  });

  it('refuses to create a file through a dangling link that points outside', async () => {
    const { ws, outside, context } = await setup();
    await symlink(path.join(outside, 'planted.txt'), path.join(ws, 'dangling.txt'));
    await rejectsWith(
      runTool(writeFile, { path: 'dangling.txt', content: 'x' }, context),
      'outside_workspace',
    );
    assert.deepEqual(await namesIn(outside), []);
  });

  it('refuses to write a guarded file', async () => {
    const { ws, context } = await setup();
    await rejectsWith(runTool(writeFile, { path: '.env', content: 'A=1' }, context), 'guarded');
    assert.deepEqual(await namesIn(ws), []);
  });

  it('refuses to overwrite an .npmrc that carries a token, as edit_file does', async () => {
    const { ws, context } = await setup();
    await put(ws, '.npmrc', `${NPM_TOKEN}\n`);
    await rejectsWith(
      runTool(
        editFile,
        { path: '.npmrc', edits: [{ oldText: 'registry', newText: 'x' }] },
        context,
      ),
      'guarded',
    );
    await rejectsWith(
      runTool(writeFile, { path: '.npmrc', content: 'registry=https://evil.example/\n' }, context),
      'guarded',
    );
    assert.equal(await readFile(path.join(ws, '.npmrc'), 'utf8'), `${NPM_TOKEN}\n`);
  });
});

describe('edit_file', () => {
  it('returns the diff on dryRun and leaves the file unchanged', async () => {
    const { ws, context } = await setup();
    const file = await put(ws, 'a.txt', 'one\ntwo\nthree\n');
    const before = await stat(file);
    const answer = await runTool(
      editFile,
      { path: 'a.txt', edits: [{ oldText: 'two', newText: 'TWO' }], dryRun: true },
      context,
    );
    assert.equal(answer.data.applied, false);
    assert.equal(answer.data.path, file);
    assert.ok(answer.data.diff.includes('@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n'));
    assert.ok(answer.text.includes(answer.data.diff));
    assert.equal(await readFile(file, 'utf8'), 'one\ntwo\nthree\n');
    const after = await stat(file);
    assert.equal(after.ino, before.ino);
    assert.equal(after.mtimeMs, before.mtimeMs);
  });

  it('applies the edits, writes the file and returns the diff', async () => {
    const { ws, context } = await setup();
    const file = await put(ws, 'a.txt', 'one\ntwo\nthree\n');
    const answer = await runTool(
      editFile,
      { path: 'a.txt', edits: [{ oldText: 'two', newText: 'TWO' }] },
      context,
    );
    assert.equal(answer.data.applied, true);
    assert.match(answer.data.diff, /^-two$/m);
    assert.equal(await readFile(file, 'utf8'), 'one\nTWO\nthree\n');
  });

  it('keeps CRLF line endings and the file mode', async () => {
    const { ws, context } = await setup();
    const file = await put(ws, 'win.txt', 'one\r\ntwo\r\n');
    await chmod(file, 0o600);
    await runTool(
      editFile,
      { path: 'win.txt', edits: [{ oldText: 'one\ntwo', newText: 'uno\ndos\ntres' }] },
      context,
    );
    assert.equal(await readFile(file, 'utf8'), 'uno\r\ndos\r\ntres\r\n');
    assert.equal((await stat(file)).mode & 0o7777, 0o600);
  });

  it('writes nothing when one of several edits does not match', async () => {
    const { ws, context } = await setup();
    const file = await put(ws, 'a.txt', 'one\ntwo\n');
    await rejectsWith(
      runTool(
        editFile,
        {
          path: 'a.txt',
          edits: [
            { oldText: 'one', newText: 'ONE' },
            { oldText: 'missing', newText: 'x' },
          ],
        },
        context,
      ),
      'no_match',
    );
    assert.equal(await readFile(file, 'utf8'), 'one\ntwo\n');
  });

  it('refuses an ambiguous edit unless replaceAll is set', async () => {
    const { ws, context } = await setup();
    const file = await put(ws, 'a.txt', 'x\nx\n');
    await rejectsWith(
      runTool(editFile, { path: 'a.txt', edits: [{ oldText: 'x', newText: 'y' }] }, context),
      'ambiguous_match',
    );
    assert.equal(await readFile(file, 'utf8'), 'x\nx\n');
    await runTool(
      editFile,
      { path: 'a.txt', edits: [{ oldText: 'x', newText: 'y', replaceAll: true }] },
      context,
    );
    assert.equal(await readFile(file, 'utf8'), 'y\ny\n');
  });
});

describe('read_text_file', () => {
  it('reads head, tail and a line range', async () => {
    const { ws, context } = await setup();
    await put(ws, 'five.txt', 'one\ntwo\nthree\nfour\nfive\n');
    assert.equal(
      (await runTool(readTextFile, { path: 'five.txt', head: 2 }, context)).data.content,
      'one\ntwo\n',
    );
    assert.equal(
      (await runTool(readTextFile, { path: 'five.txt', tail: 2 }, context)).data.content,
      'four\nfive\n',
    );
    const range = await runTool(readTextFile, { path: 'five.txt', offset: 1, length: 2 }, context);
    assert.equal(range.data.content, 'two\nthree\n');
    assert.equal(range.data.fileBytes, 24);
  });

  it('refuses head and tail together', async () => {
    const { ws, context } = await setup();
    await put(ws, 'a.txt', 'a\n');
    await rejectsWith(
      runTool(readTextFile, { path: 'a.txt', head: 1, tail: 1 }, context),
      'invalid_argument',
    );
  });
});

/** The entry lines of a listing's text: those that start with a [KIND] tag. */
/** A listing's entry lines: the notes after them start with "…", "(" or "Total:". */
function entryLines(content: string): string[] {
  return content.split('\n').filter((line) => line !== '' && !/^(…|\(|Total: )/.test(line));
}

describe('list_directory', () => {
  async function twelveFiles(): Promise<Setup> {
    const ready = await setup({ limits: { maxEntries: 10 } });
    for (let index = 0; index < 12; index += 1)
      await put(ready.ws, `f${String(index).padStart(2, '0')}.txt`, 'x');
    return ready;
  }

  it('pages a long listing, with a note that says how many more and which offset=', async () => {
    const { context } = await twelveFiles();
    const first = await runTool(listDirectory, { path: '.' }, context);
    assert.deepEqual(entryLines(first.text).slice(0, 2), ['f00.txt', 'f01.txt']);
    assert.equal(entryLines(first.text).length, 10);
    assert.match(first.text, /\n… 2 more: call again with offset=10\.$/);
    const second = await runTool(listDirectory, { path: '.', offset: 10 }, context);
    assert.equal(second.text, 'f10.txt\nf11.txt');
  });

  it('returns no more than limit entries, and never more than maxEntries', async () => {
    const { context } = await twelveFiles();
    const limited = await runTool(listDirectory, { path: '.', limit: 3, offset: 2 }, context);
    assert.deepEqual(entryLines(limited.text), ['f02.txt', 'f03.txt', 'f04.txt']);
    assert.match(limited.text, /offset=5\./);
    const capped = await runTool(listDirectory, { path: '.', limit: 500 }, context);
    assert.equal(entryLines(capped.text).length, 10);
  });

  it('ends folder names in "/", marks protected files, and says how many outside links it hid', async () => {
    const { ws, outside, context } = await setup();
    await put(ws, 'a.txt', 'a');
    await put(ws, '.env', 'A=1');
    await mkdir(path.join(ws, 'sub'));
    await symlink(outside, path.join(ws, 'escape'));
    const answer = await runTool(listDirectory, { path: '.' }, context);
    assert.deepEqual(entryLines(answer.text), ['.env [protected]', 'a.txt', 'sub/']);
    assert.match(answer.text, /\n\(1 link leading outside the allowed directories not shown\)$/);
    assert.doesNotMatch(answer.text, /escape/);
  });

  it('refuses a file with not_a_directory', async () => {
    const { ws, context } = await setup();
    await put(ws, 'a.txt', 'a');
    await rejectsWith(runTool(listDirectory, { path: 'a.txt' }, context), 'not_a_directory');
  });
});

describe('list_directory_with_sizes', () => {
  it('gives file sizes in bytes and totals, sorts by size, and gives no size for a guarded file', async () => {
    const { ws, context } = await setup();
    await put(ws, 'small.txt', 'x');
    await put(ws, 'large.txt', 'x'.repeat(300));
    await put(ws, 'id_rsa', 'k'.repeat(1000));
    await mkdir(path.join(ws, 'sub'));
    const answer = await runTool(listDirectoryWithSizes, { path: '.', sortBy: 'size' }, context);
    assert.equal(
      answer.text,
      [
        'large.txt 300',
        'small.txt 1',
        'id_rsa [protected]',
        'sub/',
        'Total: 3 files, 1 directories, 301 bytes',
      ].join('\n'),
    );
  });
});

describe('read_media_file', () => {
  it('returns a PNG as an image block with the image/png MIME type', async () => {
    const { ws, context } = await setup();
    await put(ws, 'pixel.png', TINY_PNG);
    const answer = await runTool(readMediaFile, { path: 'pixel.png' }, context);
    assert.equal(answer.data.mimeType, 'image/png');
    assert.equal(answer.data.bytes, TINY_PNG.length);
    assert.deepEqual(answer.media, [
      { type: 'image', data: TINY_PNG.toString('base64'), mimeType: 'image/png' },
    ]);
  });

  it('detects a PNG by its content even under another extension', async () => {
    const { ws, context } = await setup();
    await put(ws, 'picture.dat', TINY_PNG);
    assert.equal(
      (await runTool(readMediaFile, { path: 'picture.dat' }, context)).data.mimeType,
      'image/png',
    );
  });

  it('refuses a text file', async () => {
    const { ws, context } = await setup();
    await put(ws, 'notes.txt', 'just some text\n');
    await rejectsWith(runTool(readMediaFile, { path: 'notes.txt' }, context), 'invalid_argument');
  });

  it('refuses a text file whose first letters happen to be a media signature', async () => {
    const { ws, context } = await setup();
    await put(ws, 'cars.txt', 'BMW, Audi and Volvo\n');
    await rejectsWith(runTool(readMediaFile, { path: 'cars.txt' }, context), 'invalid_argument');
  });

  it('refuses a media file larger than the read limit', async () => {
    const { ws, context } = await setup({ limits: { maxReadBytes: 1024 } });
    await put(ws, 'big.png', Buffer.concat([TINY_PNG, Buffer.alloc(2048)]));
    await rejectsWith(runTool(readMediaFile, { path: 'big.png' }, context), 'too_large');
  });
});

describe('read_multiple_files', () => {
  it('returns the readable files and an inline error for each one that is not', async () => {
    const { ws, outside, context } = await setup();
    await put(ws, 'a.txt', 'alpha\n');
    await put(ws, 'b.txt', 'bravo\n');
    await put(ws, '.env', 'SECRET=1\n');
    await put(ws, 'blob.bin', Buffer.from([1, 0, 2]));
    await put(outside, 'secret.txt', 'secret\n');
    const paths = [
      'a.txt',
      'missing.txt',
      '.env',
      path.join(outside, 'secret.txt'),
      'blob.bin',
      'b.txt',
    ];
    const answer = await runTool(readMultipleFiles, { paths }, context);
    const files = answer.data.files;
    assert.deepEqual(
      files.map((file) => file.path),
      paths,
    );
    assert.deepEqual(files[0], {
      path: 'a.txt',
      resolvedPath: path.join(ws, 'a.txt'),
      content: 'alpha\n',
    });
    assert.deepEqual(files[5], {
      path: 'b.txt',
      resolvedPath: path.join(ws, 'b.txt'),
      content: 'bravo\n',
    });
    for (const index of [1, 2, 3, 4]) {
      assert.equal(files[index]?.content, undefined);
      assert.ok(files[index]?.error, `${paths[index]} has an error`);
    }
    assert.match(files[1]?.error ?? '', /does not exist/);
    assert.match(files[2]?.error ?? '', /protected/);
    assert.match(files[3]?.error ?? '', /outside/);
    assert.match(files[4]?.error ?? '', /not text/);
    assert.match(answer.text, /a\.txt:\nalpha\n/);
    assert.match(answer.text, /missing\.txt:\nError - /);
    assert.doesNotMatch(answer.text, /SECRET=1|secret\n/);
  });

  it('refuses the token of a token-bearing .npmrc inline', async () => {
    const { ws, context } = await setup();
    await put(ws, '.npmrc', `${NPM_TOKEN}\n`);
    await put(ws, 'a.txt', 'alpha\n');
    const answer = await runTool(readMultipleFiles, { paths: ['.npmrc', 'a.txt'] }, context);
    assert.ok(answer.data.files[0]?.error);
    assert.equal(answer.data.files[1]?.content, 'alpha\n');
    assert.doesNotMatch(answer.text, /npm_SECRET_TOKEN_123/);
  });
});

describe('create_directory', () => {
  it('creates nested folders and lists each one it created', async () => {
    const { ws, context } = await setup();
    const answer = await runTool(createDirectory, { path: 'a/b/c' }, context);
    assert.ok((await stat(path.join(ws, 'a/b/c'))).isDirectory());
    assert.equal(answer.data.path, path.join(ws, 'a/b/c'));
    assert.deepEqual(answer.data.created, [
      path.join(ws, 'a'),
      path.join(ws, 'a/b'),
      path.join(ws, 'a/b/c'),
    ]);
  });

  it('does nothing for a folder that already exists', async () => {
    const { ws, context } = await setup();
    await put(ws, 'a/keep.txt', 'k');
    const answer = await runTool(createDirectory, { path: 'a' }, context);
    assert.deepEqual(answer.data.created, []);
    assert.deepEqual(await namesIn(path.join(ws, 'a')), ['keep.txt']);
  });

  it('creates folders below a link that stays inside', async () => {
    const { ws, context } = await setup();
    await mkdir(path.join(ws, 'real'));
    await symlink('real', path.join(ws, 'alias'));
    const answer = await runTool(createDirectory, { path: 'alias/new' }, context);
    assert.equal(answer.data.path, path.join(ws, 'real/new'));
    assert.ok((await stat(path.join(ws, 'real/new'))).isDirectory());
  });

  it('refuses to go through a link that leads outside, and creates nothing there', async () => {
    const { ws, outside, context } = await setup();
    await symlink(outside, path.join(ws, 'escape'));
    await rejectsWith(
      runTool(createDirectory, { path: 'escape/new/deeper' }, context),
      'outside_workspace',
    );
    await rejectsWith(
      runTool(createDirectory, { path: path.join(ws, 'escape', 'x') }, context),
      'outside_workspace',
    );
    assert.deepEqual(await namesIn(outside), []);
  });

  it('refuses to create a folder through a dangling link that points outside', async () => {
    const { ws, outside, context } = await setup();
    await symlink(path.join(outside, 'made'), path.join(ws, 'dangling'));
    await assert.rejects(runTool(createDirectory, { path: 'dangling' }, context));
    await assert.rejects(runTool(createDirectory, { path: 'dangling/below' }, context));
    assert.deepEqual(await namesIn(outside), []);
  });

  it('refuses when a file is in the way', async () => {
    const { ws, context } = await setup();
    await put(ws, 'file', 'f');
    await rejectsWith(runTool(createDirectory, { path: 'file/sub' }, context), 'not_a_directory');
  });

  it('refuses a guarded folder name', async () => {
    const { ws, context } = await setup();
    await rejectsWith(runTool(createDirectory, { path: '.ssh' }, context), 'guarded');
    assert.deepEqual(await namesIn(ws), []);
  });
});

describe('move_file', () => {
  it('moves a file and a folder', async () => {
    const { ws, context } = await setup();
    await put(ws, 'a.txt', 'alpha\n');
    await put(ws, 'dir/inner.txt', 'i\n');
    const answer = await runTool(moveFile, { source: 'a.txt', destination: 'dir/a.txt' }, context);
    const { changeId, ...moved } = answer.data;
    assert.deepEqual(moved, {
      source: path.join(ws, 'a.txt'),
      destination: path.join(ws, 'dir/a.txt'),
      undoable: true,
    });
    assert.equal((await context.journal.mustRead(changeId)).tool, 'move_file');
    await runTool(moveFile, { source: 'dir', destination: 'renamed' }, context);
    assert.deepEqual(await namesIn(ws), ['renamed']);
    assert.deepEqual(await namesIn(path.join(ws, 'renamed')), ['a.txt', 'inner.txt']);
  });

  it('refuses to overwrite an existing destination', async () => {
    const { ws, context } = await setup();
    await put(ws, 'a.txt', 'alpha\n');
    await put(ws, 'b.txt', 'bravo\n');
    await rejectsWith(
      runTool(moveFile, { source: 'a.txt', destination: 'b.txt' }, context),
      'already_exists',
    );
    assert.equal(await readFile(path.join(ws, 'a.txt'), 'utf8'), 'alpha\n');
    assert.equal(await readFile(path.join(ws, 'b.txt'), 'utf8'), 'bravo\n');
  });

  it('refuses to move a workspace root', async () => {
    const { ws, context } = await setup();
    await put(ws, 'a.txt', 'alpha\n');
    await rejectsWith(
      runTool(moveFile, { source: ws, destination: 'moved-root' }, context),
      'invalid_argument',
    );
    await rejectsWith(
      runTool(moveFile, { source: '.', destination: 'moved-root' }, context),
      'invalid_argument',
    );
    assert.deepEqual(await namesIn(ws), ['a.txt']);
  });

  it('refuses to move a folder into itself', async () => {
    const { ws, context } = await setup();
    await put(ws, 'dir/sub/inner.txt', 'i\n');
    await rejectsWith(
      runTool(moveFile, { source: 'dir', destination: 'dir/inside' }, context),
      'invalid_argument',
    );
    await rejectsWith(
      runTool(moveFile, { source: 'dir', destination: 'dir/sub/deeper' }, context),
      'invalid_argument',
    );
    assert.deepEqual(await namesIn(path.join(ws, 'dir')), ['sub']);
    assert.deepEqual(await namesIn(path.join(ws, 'dir/sub')), ['inner.txt']);
  });

  it('moves a link itself, leaving its target where it was', async () => {
    const { ws, context } = await setup();
    await put(ws, 'target.txt', 't\n');
    await symlink('target.txt', path.join(ws, 'link.txt'));
    await runTool(moveFile, { source: 'link.txt', destination: 'renamed-link.txt' }, context);
    assert.equal(await readlink(path.join(ws, 'renamed-link.txt')), 'target.txt');
    assert.equal(await readFile(path.join(ws, 'target.txt'), 'utf8'), 't\n');
  });

  it('refuses to move a file out of the workspace', async () => {
    const { ws, outside, context } = await setup();
    await put(ws, 'a.txt', 'alpha\n');
    await rejectsWith(
      runTool(moveFile, { source: 'a.txt', destination: path.join(outside, 'a.txt') }, context),
      'outside_workspace',
    );
    assert.deepEqual(await namesIn(outside), []);
  });

  it('never lets a token-bearing .npmrc be read by moving it to another name', async () => {
    const { ws, context } = await setup();
    await put(ws, '.npmrc', `${NPM_TOKEN}\n`);
    await runTool(moveFile, { source: '.npmrc', destination: 'npmrc.txt' }, context).catch(
      () => undefined,
    );
    for (const name of ['.npmrc', 'npmrc.txt']) {
      const read = await runTool(readTextFile, { path: name }, context).catch(() => undefined);
      assert.doesNotMatch(
        read?.text ?? '',
        /npm_SECRET_TOKEN_123/,
        `${name} must not reveal the token`,
      );
    }
  });
  it('refuses to move a folder that holds a guarded file', async () => {
    const { ws, context } = await setup();
    await put(ws, 'project/config/.env', 'SECRET=1\n');
    await rejectsWith(
      runTool(moveFile, { source: 'project', destination: 'elsewhere' }, context),
      'guarded',
    );
    assert.equal(await readFile(path.join(ws, 'project/config/.env'), 'utf8'), 'SECRET=1\n');
    assert.equal(await exists(path.join(ws, 'elsewhere')), false);
  });

  it('never lets .aws/credentials be read by renaming the folder that holds it', async () => {
    const { ws, context } = await setup();
    await put(ws, '.aws/credentials', '[default]\naws_secret_access_key=AWS_SECRET_456\n');
    await runTool(moveFile, { source: '.aws', destination: 'aws-backup' }, context).catch(
      () => undefined,
    );
    for (const name of ['.aws/credentials', 'aws-backup/credentials']) {
      const read = await runTool(readTextFile, { path: name }, context).catch(() => undefined);
      assert.doesNotMatch(read?.text ?? '', /AWS_SECRET_456/, `${name} must not reveal the key`);
    }
  });
});

describe('delete_file', () => {
  it('moves a deleted file into history, as the change its answer names', async () => {
    const { ws, context } = await setup();
    await put(ws, 'a.txt', 'alpha\n');
    const answer = await runTool(deleteFile, { path: 'a.txt' }, context);
    assert.equal(answer.data.kind, 'file');
    assert.equal(answer.data.undoable, true);
    assert.equal(await exists(path.join(ws, 'a.txt')), false);
    assert.equal(await readFile(await keptItem(context, answer.data.changeId), 'utf8'), 'alpha\n');
    assert.ok(answer.text.includes(`Change id ${answer.data.changeId}`));
    assert.match(answer.text, /undo_change/);
  });

  it('deletes a link, not its target', async () => {
    const { ws, outside, context } = await setup();
    await put(ws, 'target.txt', 't\n');
    await put(ws, 'folder/inner.txt', 'i\n');
    await put(outside, 'secret.txt', 'secret\n');
    await symlink('target.txt', path.join(ws, 'file-link'));
    await symlink('folder', path.join(ws, 'folder-link'));
    await symlink(path.join(outside, 'secret.txt'), path.join(ws, 'escape-link'));
    const fileLink = await runTool(deleteFile, { path: 'file-link' }, context);
    await runTool(deleteFile, { path: 'folder-link' }, context);
    await runTool(deleteFile, { path: 'escape-link' }, context);
    assert.deepEqual(await namesIn(ws), ['folder', 'target.txt']);
    assert.equal(await readFile(path.join(ws, 'target.txt'), 'utf8'), 't\n');
    assert.equal(await readFile(path.join(ws, 'folder/inner.txt'), 'utf8'), 'i\n');
    assert.equal(await readFile(path.join(outside, 'secret.txt'), 'utf8'), 'secret\n');
    assert.equal(await readlink(await keptItem(context, fileLink.data.changeId)), 'target.txt');
  });

  it('requires recursive to delete a folder', async () => {
    const { ws, context } = await setup();
    await put(ws, 'dir/inner.txt', 'i\n');
    await rejectsWith(runTool(deleteFile, { path: 'dir' }, context), 'invalid_argument');
    assert.equal(await readFile(path.join(ws, 'dir/inner.txt'), 'utf8'), 'i\n');
    const answer = await runTool(deleteFile, { path: 'dir', recursive: true }, context);
    assert.equal(answer.data.kind, 'directory');
    assert.equal(await exists(path.join(ws, 'dir')), false);
    assert.equal(
      await readFile(path.join(await keptItem(context, answer.data.changeId), 'inner.txt'), 'utf8'),
      'i\n',
    );
  });

  it('refuses to delete a workspace root', async () => {
    const { ws, context } = await setup();
    await put(ws, 'a.txt', 'alpha\n');
    await rejectsWith(
      runTool(deleteFile, { path: ws, recursive: true }, context),
      'invalid_argument',
    );
    assert.deepEqual(await namesIn(ws), ['a.txt']);
  });

  it('refuses to delete a folder that holds a guarded file', async () => {
    const { ws, context } = await setup();
    await put(ws, 'project/keys/id_rsa', 'key\n');
    await rejectsWith(
      runTool(deleteFile, { path: 'project', recursive: true }, context),
      'guarded',
    );
    assert.equal(await readFile(path.join(ws, 'project/keys/id_rsa'), 'utf8'), 'key\n');
  });

  it('refuses to delete a guarded file', async () => {
    const { ws, context } = await setup();
    await put(ws, '.env', 'A=1\n');
    await rejectsWith(runTool(deleteFile, { path: '.env' }, context), 'guarded');
    assert.equal(await readFile(path.join(ws, '.env'), 'utf8'), 'A=1\n');
  });
});

describe('get_file_info', () => {
  it('reports type, size and permissions of a file and a folder', async () => {
    const { ws, context } = await setup();
    const file = await put(ws, 'a.txt', 'alpha\n');
    await chmod(file, 0o640);
    await mkdir(path.join(ws, 'dir'));
    const info = await runTool(getFileInfo, { path: 'a.txt' }, context);
    assert.equal(info.data.path, file);
    assert.equal(info.data.type, 'file');
    assert.equal(info.data.size, 6);
    assert.equal(info.data.permissions, '640');
    assert.equal(info.data.writable, true);
    assert.equal(info.data.modified, (await stat(file)).mtime.toISOString());
    assert.equal((await runTool(getFileInfo, { path: 'dir' }, context)).data.type, 'directory');
  });

  it('never works on guarded files, by name, inside a guarded folder, or through a link', async () => {
    const { ws, context } = await setup();
    await put(ws, '.env', 'A=1\n');
    await put(ws, '.env.production', 'A=1\n');
    await put(ws, 'id_ed25519', 'key\n');
    await put(ws, 'certs/server.pem', 'pem\n');
    await put(ws, '.ssh/config', 'Host x\n');
    await put(ws, '.aws/credentials', '[default]\n');
    await put(ws, 'vault.kdbx', 'db');
    await symlink('.env', path.join(ws, 'settings'));
    for (const name of [
      '.env',
      '.env.production',
      'id_ed25519',
      'certs/server.pem',
      '.ssh',
      '.ssh/config',
      '.aws/credentials',
      'vault.kdbx',
      'settings',
    ]) {
      await rejectsWith(runTool(getFileInfo, { path: name }, context), 'guarded');
    }
  });
});
