import assert from 'node:assert/strict';
import { mkdir, rename, symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  buildChangePreview,
  type BuiltPreview,
  type PreviewInput,
} from '../../../main/core/approvals/change-preview.ts';
import { FIRST_LINES, MAX_PREVIEW_TEXT } from '../../../main/core/approvals/preview-text.ts';
import { MAX_DIFF_BYTES } from '../../../main/core/history/text-preview.ts';
import { unifiedDiff } from '../../../main/core/tools/unified-diff.ts';
import { pooledFileAccess, type FileAccess } from '../../../main/core/platform/file-access.ts';
import { DEFAULT_LIMITS, type Limits } from '../../../main/core/policy/limits.ts';
import type { PathPolicy, ResolvedPath } from '../../../main/core/policy/path-policy.ts';
import {
  ChangePreviewSchema,
  type ChangeAction,
  type ChangePreview,
} from '../../../preload/contract/approval-views.ts';
import { makeLayout, makePolicy, put } from '../fixtures.ts';

const MiB = 1024 * 1024;
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const SECRET = 'npm_SECRET_TOKEN_0123456789';

interface Case {
  readonly policy: PathPolicy;
  readonly ws: string;
  readonly outside: string;
}

async function workspace(access: FileAccess = pooledFileAccess): Promise<Case> {
  const { ws, outside } = await makeLayout();
  return { policy: await makePolicy(ws, 'write', access), ws, outside };
}

interface BuildOptions {
  readonly content?: string | Uint8Array;
  readonly limits?: Partial<Limits>;
  readonly maxFileBytes?: number;
}

/** Builds a preview the way the change gate will, and holds it to the contract's schema. */
async function preview(
  { policy }: Case,
  action: ChangeAction,
  target: ResolvedPath,
  options: BuildOptions = {},
): Promise<BuiltPreview> {
  const { content } = options;
  const input: PreviewInput = {
    action,
    target,
    ...(content === undefined
      ? {}
      : { content: typeof content === 'string' ? Buffer.from(content, 'utf8') : content }),
  };
  const built = await buildChangePreview(
    input,
    policy,
    { ...DEFAULT_LIMITS, ...options.limits },
    options.maxFileBytes ?? 256 * MiB,
  );
  assert.deepEqual(ChangePreviewSchema.parse(built.preview), built.preview);
  return built;
}

function kindOf<Kind extends ChangePreview['kind']>(
  built: BuiltPreview,
  kind: Kind,
): Extract<ChangePreview, { kind: Kind }> {
  assert.equal(built.preview.kind, kind, JSON.stringify(built.preview).slice(0, 300));
  return built.preview as Extract<ChangePreview, { kind: Kind }>;
}

function lines(count: number, make: (index: number) => string = (index) => `line ${index}`) {
  return Array.from({ length: count }, (_, index) => `${make(index)}\n`).join('');
}

/** A file access that counts the bytes read through it. */
function countingAccess(): { access: FileAccess; bytesRead: () => number } {
  let total = 0;
  const access: FileAccess = {
    ...pooledFileAccess,
    read: async (fd, buffer, offset, length, position) => {
      const read = await pooledFileAccess.read(fd, buffer, offset, length, position);
      total += read;
      return read;
    },
  };
  return { access, bytesRead: () => total };
}

describe('buildChangePreview', () => {
  describe('a new file (create)', () => {
    it('shows a short text file whole', async () => {
      const at = await workspace();
      const target = await at.policy.resolveForCreate('notes.txt');
      const built = await preview(at, 'create', target, { content: 'one\ntwo\n' });
      assert.deepEqual(built, {
        preview: { kind: 'first-lines', text: 'one\ntwo\n', truncated: false, afterBytes: 8 },
        undoable: true,
      });
    });

    it(`shows only the first ${FIRST_LINES} lines of a longer text file, and says it was cut`, async () => {
      const at = await workspace();
      const target = await at.policy.resolveForCreate('long.txt');
      const content = lines(FIRST_LINES + 10);
      const shown = kindOf(await preview(at, 'create', target, { content }), 'first-lines');
      assert.equal(shown.text, lines(FIRST_LINES));
      assert.equal(shown.truncated, true);
      assert.equal(shown.afterBytes, Buffer.byteLength(content));
    });

    it('cuts first lines longer than the contract allows at the end of a line', async () => {
      const at = await workspace();
      const target = await at.policy.resolveForCreate('wide.txt');
      const content = lines(FIRST_LINES, (index) => `${index}`.padEnd(4000, 'x'));
      const shown = kindOf(await preview(at, 'create', target, { content }), 'first-lines');
      assert.ok(shown.text.length <= MAX_PREVIEW_TEXT);
      assert.ok(shown.text.endsWith('x\n'));
      assert.ok(content.startsWith(shown.text));
      assert.equal(shown.truncated, true);
    });

    it('cuts a single line longer than the contract allows inside it', async () => {
      const at = await workspace();
      const target = await at.policy.resolveForCreate('minified.js');
      const content = 'y'.repeat(MAX_PREVIEW_TEXT * 2);
      const shown = kindOf(await preview(at, 'create', target, { content }), 'first-lines');
      assert.equal(shown.text.length, MAX_PREVIEW_TEXT);
      assert.equal(shown.truncated, true);
    });

    it('describes a binary file by its type and size', async () => {
      const at = await workspace();
      const target = await at.policy.resolveForCreate('picture.png');
      const built = await preview(at, 'create', target, { content: PNG });
      assert.deepEqual(built, {
        preview: { kind: 'sizes', mediaType: 'image/png', afterBytes: PNG.length },
        undoable: true,
      });
      const blob = await preview(at, 'create', await at.policy.resolveForCreate('data.bin'), {
        content: Uint8Array.from([1, 0, 2]),
      });
      assert.deepEqual(blob.preview, {
        kind: 'sizes',
        mediaType: 'application/octet-stream',
        afterBytes: 3,
      });
    });

    it('never shows a new config file that carries a credential', async () => {
      const at = await workspace();
      const target = await at.policy.resolveForCreate('.npmrc');
      const content = `registry=https://registry.example/\n//registry.example/:_authToken=${SECRET}\n`;
      const built = await preview(at, 'create', target, { content });
      assert.deepEqual(built.preview, {
        kind: 'sizes',
        mediaType: 'text/plain',
        afterBytes: content.length,
      });
      const clean = kindOf(
        await preview(at, 'create', target, { content: 'registry=https://r.example/\n' }),
        'first-lines',
      );
      assert.equal(clean.text, 'registry=https://r.example/\n');
    });

    it('is a caller’s mistake without the new content', async () => {
      const at = await workspace();
      const target = await at.policy.resolveForCreate('notes.txt');
      await assert.rejects(preview(at, 'create', target), TypeError);
    });
  });

  describe('a new folder (create-folder)', () => {
    it('has nothing to show, and can be undone', async () => {
      const at = await workspace();
      const target = await at.policy.resolveForCreate('new-folder');
      assert.deepEqual(await preview(at, 'create-folder', target), {
        preview: { kind: 'nothing' },
        undoable: true,
      });
    });
  });

  for (const action of ['replace', 'edit'] as const) {
    describe(`a file changed (${action})`, () => {
      it('shows the diff of the current content against the new one, named by the base name', async () => {
        const at = await workspace();
        await put(at.ws, 'docs/notes.txt', 'one\ntwo\nthree\n');
        const target = await at.policy.resolveExisting('docs/notes.txt');
        const built = await preview(at, action, target, { content: 'one\n2\nthree\n' });
        assert.deepEqual(built, {
          preview: {
            kind: 'diff',
            diff: [
              '--- notes.txt\toriginal',
              '+++ notes.txt\tmodified',
              '@@ -1,3 +1,3 @@',
              ' one',
              '-two',
              '+2',
              ' three',
              '',
            ].join('\n'),
            truncated: false,
            beforeBytes: 14,
            afterBytes: 12,
          },
          undoable: true,
        });
      });

      it('cuts a diff longer than the contract allows after the last whole line that fits', async () => {
        const at = await workspace();
        const before = lines(500, (index) => `old ${index}`.padEnd(150, '.'));
        const after = lines(500, (index) => `new ${index}`.padEnd(150, '.'));
        await put(at.ws, 'big.txt', before);
        const target = await at.policy.resolveExisting('big.txt');
        const shown = kindOf(await preview(at, action, target, { content: after }), 'diff');
        const whole = unifiedDiff('big.txt', before, after);
        const nextLineEnd = whole.indexOf('\n', shown.diff.length) + 1;
        assert.ok(whole.startsWith(shown.diff));
        assert.ok(shown.diff.endsWith('\n'));
        assert.ok(shown.diff.length <= MAX_PREVIEW_TEXT);
        assert.ok(nextLineEnd > MAX_PREVIEW_TEXT, 'the next whole line would not have fit');
        assert.equal(shown.truncated, true);
        assert.deepEqual([shown.beforeBytes, shown.afterBytes], [before.length, after.length]);
      });

      it('describes a binary change by its type and both sizes', async () => {
        const at = await workspace();
        await put(at.ws, 'logo.png', Uint8Array.from([...PNG, 1, 2, 3]));
        const target = await at.policy.resolveExisting('logo.png');
        const built = await preview(at, action, target, { content: PNG });
        assert.deepEqual(built, {
          preview: { kind: 'sizes', mediaType: 'image/png', beforeBytes: 15, afterBytes: 12 },
          undoable: true,
        });
      });

      it('describes text replaced by binary content by the new content’s type', async () => {
        const at = await workspace();
        await put(at.ws, 'notes.txt', 'text\n');
        const target = await at.policy.resolveExisting('notes.txt');
        const built = await preview(at, action, target, { content: Uint8Array.from([7, 0, 7]) });
        assert.deepEqual(built.preview, {
          kind: 'sizes',
          mediaType: 'application/octet-stream',
          beforeBytes: 5,
          afterBytes: 3,
        });
      });

      it('reads no more than the first bytes of a file too large to compare', async () => {
        const { access, bytesRead } = countingAccess();
        const at = await workspace(access);
        await put(at.ws, 'huge.log', 'a\n'.repeat(MAX_DIFF_BYTES / 2 + 1));
        const target = await at.policy.resolveExisting('huge.log');
        const built = await preview(at, action, target, { content: 'short\n' });
        assert.deepEqual(built.preview, {
          kind: 'sizes',
          mediaType: 'text/plain',
          beforeBytes: MAX_DIFF_BYTES + 2,
          afterBytes: 6,
        });
        assert.ok(bytesRead() <= 8192, `read ${bytesRead()} bytes`);
      });

      it('describes by sizes a change too costly to compare line by line', async () => {
        const at = await workspace();
        const before = lines(20_000, (index) => `row ${index}`);
        const after = lines(20_000, (index) => `row ${19_999 - index}`);
        await put(at.ws, 'rows.txt', before);
        const target = await at.policy.resolveExisting('rows.txt');
        const built = await preview(at, action, target, { content: after });
        assert.deepEqual(built.preview, {
          kind: 'sizes',
          mediaType: 'text/plain',
          beforeBytes: before.length,
          afterBytes: after.length,
        });
      });

      it('never shows a config file that carries a credential, before or after', async () => {
        const at = await workspace();
        const carrying = `//registry.example/:_authToken=${SECRET}\n`;
        await put(at.ws, '.npmrc', carrying);
        const target = await at.policy.resolveExisting('.npmrc');
        const removing = await preview(at, action, target, { content: 'registry=x\n' });
        assert.equal(removing.preview.kind, 'sizes');
        await put(at.ws, '.npmrc', 'registry=x\n');
        const adding = await preview(at, action, target, { content: carrying });
        assert.equal(adding.preview.kind, 'sizes');
        assert.ok(!JSON.stringify([removing, adding]).includes(SECRET));
        const clean = await preview(at, action, target, { content: 'registry=y\n' });
        assert.equal(clean.preview.kind, 'diff');
      });

      it('never shows the content of a guarded file, even one handed in by mistake', async () => {
        const at = await workspace();
        await put(at.ws, '.env', `TOKEN=${SECRET}\n`);
        const guarded: ResolvedPath = {
          workspace: at.policy.workspaces[0] as ResolvedPath['workspace'],
          real: path.join(at.ws, '.env'),
          segments: ['.env'],
          exists: true,
        };
        const built = await preview(at, action, guarded, { content: `TOKEN=${SECRET}2\n` });
        assert.equal(built.preview.kind, 'sizes');
        assert.ok(!JSON.stringify(built).includes(SECRET));
      });

      it('cannot be undone when the file is larger than history keeps', async () => {
        const at = await workspace();
        await put(at.ws, 'notes.txt', 'one\ntwo\n');
        const target = await at.policy.resolveExisting('notes.txt');
        const over = await preview(at, action, target, { content: 'one\n', maxFileBytes: 7 });
        assert.equal(over.preview.kind, 'diff');
        assert.equal(over.undoable, false);
        const within = await preview(at, action, target, { content: 'one\n', maxFileBytes: 8 });
        assert.equal(within.undoable, true);
      });

      it('never reads through a link swapped in for the file, and promises no undo', async () => {
        const at = await workspace();
        await put(at.ws, 'notes.txt', 'mine\n');
        await put(at.outside, 'secret.txt', `${SECRET}\n`);
        const target = await at.policy.resolveExisting('notes.txt');
        await rename(path.join(at.ws, 'notes.txt'), path.join(at.ws, 'moved-away.txt'));
        await symlink(path.join(at.outside, 'secret.txt'), path.join(at.ws, 'notes.txt'));
        const built = await preview(at, action, target, { content: 'new\n' });
        assert.deepEqual(built, {
          preview: { kind: 'sizes', mediaType: 'text/plain', afterBytes: 4 },
          undoable: false,
        });
      });

      it('falls back to sizes when a folder on the way was swapped for a link', async () => {
        const at = await workspace();
        await put(at.ws, 'docs/notes.txt', 'mine\n');
        await put(at.outside, 'docs/notes.txt', `${SECRET}\n`);
        const target = await at.policy.resolveExisting('docs/notes.txt');
        await rename(path.join(at.ws, 'docs'), path.join(at.ws, 'docs-away'));
        await symlink(path.join(at.outside, 'docs'), path.join(at.ws, 'docs'));
        const built = await preview(at, action, target, { content: 'new\n' });
        assert.deepEqual(built, {
          preview: { kind: 'sizes', mediaType: 'text/plain', afterBytes: 4 },
          undoable: false,
        });
      });

      it('shows the first lines when the file is gone since it was resolved', async () => {
        const at = await workspace();
        await put(at.ws, 'notes.txt', 'old\n');
        const target = await at.policy.resolveExisting('notes.txt');
        await rename(path.join(at.ws, 'notes.txt'), path.join(at.ws, 'elsewhere.txt'));
        const built = await preview(at, action, target, { content: 'new\n' });
        assert.deepEqual(built, {
          preview: { kind: 'first-lines', text: 'new\n', truncated: false, afterBytes: 4 },
          undoable: true,
        });
      });
    });
  }

  describe('a file deleted or moved', () => {
    it('describes a deleted file by its type and size, undoable within history’s cap', async () => {
      const at = await workspace();
      await put(at.ws, 'notes.txt', 'hello\n');
      const target = await at.policy.resolveLinkItself('notes.txt');
      assert.deepEqual(await preview(at, 'delete', target), {
        preview: { kind: 'sizes', mediaType: 'text/plain', beforeBytes: 6 },
        undoable: true,
      });
      const over = await preview(at, 'delete', target, { maxFileBytes: 5 });
      assert.equal(over.undoable, false);
    });

    it('describes a moved file by its type and size, undoable however large', async () => {
      const at = await workspace();
      await put(at.ws, 'logo.png', PNG);
      const target = await at.policy.resolveLinkItself('logo.png');
      assert.deepEqual(await preview(at, 'move', target, { maxFileBytes: 1 }), {
        preview: { kind: 'sizes', mediaType: 'image/png', beforeBytes: PNG.length },
        undoable: true,
      });
    });

    it('describes a link as a link, and never follows it', async () => {
      const at = await workspace();
      await put(at.outside, 'secret.txt', `${SECRET}\n`);
      await symlink(path.join(at.outside, 'secret.txt'), path.join(at.ws, 'shortcut'));
      const target = await at.policy.resolveLinkItself('shortcut');
      for (const action of ['delete', 'move'] as const) {
        assert.deepEqual(await preview(at, action, target), {
          preview: { kind: 'sizes', mediaType: 'inode/symlink' },
          undoable: true,
        });
      }
    });

    it('reads only the first bytes of a file it deletes', async () => {
      const { access, bytesRead } = countingAccess();
      const at = await workspace(access);
      await put(at.ws, 'notes.txt', 'a\n'.repeat(64 * 1024));
      const target = await at.policy.resolveLinkItself('notes.txt');
      await preview(at, 'delete', target);
      assert.ok(bytesRead() <= 8192, `read ${bytesRead()} bytes`);
    });
  });

  describe('a folder deleted or moved', () => {
    async function projectFolder(at: Case): Promise<ResolvedPath> {
      await put(at.ws, 'project/readme.md', 'hello\n');
      await put(at.ws, 'project/src/main.ts', 'x'.repeat(100));
      await put(at.ws, 'project/src/lib/util.ts', 'y'.repeat(50));
      await mkdir(path.join(at.ws, 'project/empty'));
      return at.policy.resolveLinkItself('project');
    }

    it('counts its files, folders and bytes, and names the first paths, shallowest first', async () => {
      const at = await workspace();
      const built = await preview(at, 'delete', await projectFolder(at));
      assert.deepEqual(built, {
        preview: {
          kind: 'folder',
          files: 3,
          folders: 3,
          bytes: 156,
          sample: ['empty', 'readme.md', 'src', 'src/lib', 'src/main.ts', 'src/lib/util.ts'],
          atLeast: false,
        },
        undoable: true,
      });
    });

    it('names at most 20 paths', async () => {
      const at = await workspace();
      for (let index = 0; index < 30; index += 1)
        await put(at.ws, `many/file-${String(index).padStart(2, '0')}.txt`, 'z');
      const shown = kindOf(
        await preview(at, 'delete', await at.policy.resolveLinkItself('many')),
        'folder',
      );
      assert.equal(shown.files, 30);
      assert.equal(shown.sample.length, 20);
      assert.equal(shown.sample[0], 'file-00.txt');
    });

    it('a deleted folder can be undone only when all it holds fits history’s cap', async () => {
      const at = await workspace();
      const target = await projectFolder(at);
      assert.equal((await preview(at, 'delete', target, { maxFileBytes: 156 })).undoable, true);
      assert.equal((await preview(at, 'delete', target, { maxFileBytes: 155 })).undoable, false);
      assert.equal((await preview(at, 'move', target, { maxFileBytes: 1 })).undoable, true);
    });

    it('stops counting at the entry limit, says "at least", and promises no undo', async () => {
      const at = await workspace();
      for (let index = 0; index < 10; index += 1) await put(at.ws, `full/sub/f${index}`, 'z');
      const target = await at.policy.resolveLinkItself('full');
      const built = await preview(at, 'delete', target, { limits: { maxEntries: 5 } });
      const shown = kindOf(built, 'folder');
      assert.equal(shown.files + shown.folders, 5);
      assert.equal(shown.atLeast, true);
      assert.equal(built.undoable, false);
    });

    it('says no "at least" when the folder holds exactly the entry limit', async () => {
      const at = await workspace();
      for (let index = 0; index < 4; index += 1) await put(at.ws, `full/sub/f${index}`, 'z');
      const target = await at.policy.resolveLinkItself('full');
      const shown = kindOf(
        await preview(at, 'delete', target, { limits: { maxEntries: 5 } }),
        'folder',
      );
      assert.deepEqual([shown.files, shown.folders, shown.atLeast], [4, 1, false]);
    });

    it('counts a link inside as one item, and never walks or sizes what it leads to', async () => {
      const at = await workspace();
      await put(at.outside, 'big/secret-name.txt', 'o'.repeat(1000));
      await put(at.ws, 'inner/elsewhere/a.txt', 'a');
      await put(at.ws, 'with-links/own.txt', 'ab');
      await symlink(path.join(at.outside, 'big'), path.join(at.ws, 'with-links/out'));
      await symlink(path.join(at.ws, 'inner/elsewhere'), path.join(at.ws, 'with-links/in'));
      const target = await at.policy.resolveLinkItself('with-links');
      const shown = kindOf(await preview(at, 'delete', target), 'folder');
      // The link that leads outside is counted but never named; the one inside is named.
      assert.deepEqual(shown, {
        kind: 'folder',
        files: 3,
        folders: 0,
        bytes: 2,
        sample: ['in', 'own.txt'],
        atLeast: false,
      });
    });

    it('does not follow a link swapped in for the folder', async () => {
      const at = await workspace();
      await put(at.outside, 'elsewhere/secret-name.txt', 'o'.repeat(1000));
      const target = await projectFolder(at);
      await rename(path.join(at.ws, 'project'), path.join(at.ws, 'project-away'));
      await symlink(path.join(at.outside, 'elsewhere'), path.join(at.ws, 'project'));
      for (const action of ['delete', 'move'] as const) {
        const built = await preview(at, action, target);
        assert.deepEqual(built.preview, { kind: 'sizes', mediaType: 'inode/symlink' });
        assert.ok(!JSON.stringify(built).includes('secret-name'));
      }
    });
  });

  describe('an undo', () => {
    it('describes the file it replaces by its type and size', async () => {
      const at = await workspace();
      await put(at.ws, 'notes.txt', 'now\n');
      const target = await at.policy.resolveLinkItself('notes.txt');
      assert.deepEqual(await preview(at, 'undo', target), {
        preview: { kind: 'sizes', mediaType: 'text/plain', beforeBytes: 4 },
        undoable: true,
      });
      assert.equal((await preview(at, 'undo', target, { maxFileBytes: 3 })).undoable, false);
    });

    it('has nothing to show where nothing is there now', async () => {
      const at = await workspace();
      const target = await at.policy.resolveForCreate('gone.txt');
      assert.deepEqual(await preview(at, 'undo', target), {
        preview: { kind: 'nothing' },
        undoable: true,
      });
    });

    it('counts a folder it takes away', async () => {
      const at = await workspace();
      await put(at.ws, 'made/a.txt', 'abc');
      const target = await at.policy.resolveLinkItself('made');
      const shown = kindOf(await preview(at, 'undo', target), 'folder');
      assert.deepEqual([shown.files, shown.bytes, shown.sample], [1, 3, ['a.txt']]);
    });
  });
});
