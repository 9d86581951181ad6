// The property that makes history worth having: whatever an agent does, undoing all of it,
// newest first, gives back the workspace exactly as it was. Random sequences of up to 200
// changes (writes, edits, moves, deletions, new folders) over nested folders holding text
// files, binary files and links that stay inside; then a rewind of everything. The
// workspace must be byte-identical to the start: names, kinds, modes and contents, with no
// leftover. Run with the data dir on the workspace's file system and on another.
import assert from 'node:assert/strict';
import { lstat, mkdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { restoreChange } from '../../../main/core/history/restore-change.ts';
import {
  filesBelow,
  makeHistoryLayout,
  snapshot,
  type DataDirPlace,
  type HistoryLayout,
} from './history-fixtures.ts';
import { agentOf, type Agent } from './recorded-tools.ts';

type Content = { readonly text: string } | { readonly bytes: Uint8Array };

type Op =
  | {
      readonly kind: 'write';
      readonly pick: number;
      readonly name: number;
      readonly content: Content;
      readonly fresh: boolean;
    }
  | { readonly kind: 'edit'; readonly pick: number; readonly text: string }
  | { readonly kind: 'move'; readonly pick: number; readonly folder: number; readonly name: number }
  | { readonly kind: 'delete'; readonly pick: number }
  | {
      readonly kind: 'createDirectory';
      readonly folder: number;
      readonly names: readonly number[];
    };

const content: fc.Arbitrary<Content> = fc.oneof(
  fc.string({ maxLength: 40 }).map((text) => ({ text })),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ bytes })),
);

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('write' as const),
    pick: fc.nat(),
    name: fc.nat(9),
    content,
    fresh: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('edit' as const),
    pick: fc.nat(),
    text: fc.string({ maxLength: 12 }),
  }),
  fc.record({
    kind: fc.constant('move' as const),
    pick: fc.nat(),
    folder: fc.nat(),
    name: fc.nat(9),
  }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant('createDirectory' as const),
    folder: fc.nat(),
    names: fc.array(fc.nat(4), { minLength: 1, maxLength: 3 }),
  }),
);

const FOLDERS = ['d0', 'd0/d1', 'd0/d1/d2', 'd3'];

interface StartingFile {
  readonly folder: string;
  readonly name: number;
  readonly content: Content;
  readonly executable: boolean;
}

const startingFiles: fc.Arbitrary<StartingFile[]> = fc.array(
  fc.record({
    folder: fc.constantFrom('', ...FOLDERS),
    name: fc.nat(9),
    content,
    executable: fc.boolean(),
  }),
  { maxLength: 8 },
);

interface Entry {
  readonly relative: string;
  readonly kind: 'file' | 'folder' | 'link';
}

/** Everything in the workspace, parents before children. */
async function entriesOf(ws: string): Promise<Entry[]> {
  const entries = await snapshot(ws);
  return Object.entries(entries).map(([relative, entry]) => ({ relative, kind: entry.kind }));
}

function fileName(name: number, value: Content): string {
  return 'text' in value ? `n${name}.txt` : `n${name}.bin`;
}

function bytesOf(value: Content): Uint8Array {
  return 'text' in value ? Buffer.from(value.text) : value.bytes;
}

async function present(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    () => false,
  );
}

/** Carries out `step` the way an agent would; returns false when it does not apply now. */
async function perform(ws: string, agent: Agent, step: Op): Promise<boolean> {
  const entries = await entriesOf(ws);
  const files = entries.filter((entry) => entry.kind === 'file');
  const folders = [
    '',
    ...entries.filter((entry) => entry.kind === 'folder').map((entry) => entry.relative),
  ];
  const pick = <T>(list: readonly T[], index: number): T | undefined =>
    list[index % Math.max(list.length, 1)];
  const join = (folder: string, name: string) => (folder ? `${folder}/${name}` : name);
  switch (step.kind) {
    case 'write': {
      const target = step.fresh
        ? join(pick(folders, step.pick) ?? '', fileName(step.name, step.content))
        : pick(files, step.pick)?.relative;
      if (target === undefined) return false;
      const there = await lstat(path.join(ws, target)).catch(() => undefined);
      if (there && !there.isFile()) return false;
      await agent.write(target, bytesOf(step.content));
      return true;
    }
    case 'edit': {
      const target = pick(
        files.filter((file) => file.relative.endsWith('.txt')),
        step.pick,
      );
      if (!target) return false;
      const text = await readFile(path.join(ws, target.relative), 'utf8');
      if (text.length === 0) return false;
      await agent.edit(target.relative, text.slice(0, 1), step.text);
      return true;
    }
    case 'move': {
      const source = pick(entries, step.pick);
      if (!source) return false;
      // A link is moved only while what it leads to exists (inside), as move_file requires.
      if (
        source.kind === 'link' &&
        !(await stat(path.join(ws, source.relative)).catch(() => undefined))
      )
        return false;
      const into = pick(
        folders.filter(
          (folder) => folder !== source.relative && !folder.startsWith(`${source.relative}/`),
        ),
        step.folder,
      );
      if (into === undefined) return false;
      const extension = path.extname(source.relative);
      const destination = join(into, `m${step.name}${extension}`);
      if (await present(path.join(ws, destination))) return false;
      await agent.move(source.relative, destination);
      return true;
    }
    case 'delete': {
      const target = pick(entries, step.pick);
      if (!target) return false;
      await agent.delete(target.relative);
      return true;
    }
    case 'createDirectory': {
      const base = pick(folders, step.folder) ?? '';
      const target = step.names.reduce((folder, name) => join(folder, `d${name}`), base);
      let walked = ws;
      for (const segment of target.split('/')) {
        walked = path.join(walked, segment);
        const there = await lstat(walked).catch(() => undefined);
        if (there && !there.isDirectory()) return false;
      }
      await agent.createDirectory(target);
      return true;
    }
  }
}

async function setUp(ws: string, files: readonly StartingFile[]): Promise<void> {
  for (const folder of FOLDERS) await mkdir(path.join(ws, folder), { recursive: true });
  for (const file of files) {
    const full = path.join(ws, file.folder, fileName(file.name, file.content));
    await writeFile(full, bytesOf(file.content), { mode: file.executable ? 0o750 : 0o640 });
  }
  await symlink('../d3', path.join(ws, 'd0/to-d3'));
  await writeFile(path.join(ws, 'd3/target.txt'), 'a link leads here');
  await symlink('target.txt', path.join(ws, 'd3/to-target'));
}

async function rewindAll(layout: HistoryLayout): Promise<void> {
  for (const record of await layout.journal.list())
    await restoreChange(layout.journal, layout.policy, record.id);
}

for (const place of ['same disk', 'other disk'] as DataDirPlace[]) {
  describe(`rewinding every change (data dir on the ${place})`, () => {
    it('gives back the workspace byte for byte, whatever the agent did', async (t) => {
      const probe = await makeHistoryLayout(place);
      if ('skip' in probe) return t.skip(probe.skip);
      let runs = 0;
      await fc.assert(
        fc.asyncProperty(
          startingFiles,
          fc.array(op, { minLength: 1, maxLength: 200, size: 'max' }),
          async (files, ops) => {
            runs += 1;
            const layout = await makeHistoryLayout(place);
            if ('skip' in layout) throw new Error(layout.skip);
            const { ws, journal, policy } = layout;
            await setUp(ws, files);
            const before = await snapshot(ws);
            const agent = agentOf(journal, policy);
            let made = 0;
            for (const step of ops) if (await perform(ws, agent, step)) made += 1;
            assert.equal((await journal.list()).length <= made, true);
            await rewindAll(layout);
            assert.deepEqual(await snapshot(ws), before);
            const records = await journal.list();
            assert.ok(records.every((record) => record.status === 'done'));
            assert.deepEqual(
              (await filesBelow(journal.changesFolder)).filter((name) => !name.endsWith('.json')),
              [],
              'nothing staged is left behind',
            );
          },
        ),
        { numRuns: 10, endOnFailure: true },
      );
      assert.equal(runs >= 10, true);
    });
  });
}
