// The cases a verified open must get right, shared by its two twins (verified-open.test.ts
// and verified-open-sync.test.ts), so both are held to one specification.
import { mkdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { after } from 'node:test';
import type { VerifiedKind } from '../../../main/core/fs/verified-open.ts';
import type { PolicyErrorCode } from '../../../main/core/policy/policy-error.ts';
import { makeFifo } from '../../helpers/fifo.ts';
import { makeLayout, makePolicy, put } from '../fixtures.ts';
import type { OpenedAs } from './opened-as.ts';

export type Expected =
  | {
      /** Opened, for the caller to read or to refuse after its fstat. */
      readonly opens: OpenedAs;
      /** What a file opened this way reads as. */
      readonly content?: string;
      /** What a folder opened this way lists. */
      readonly names?: readonly string[];
    }
  | { readonly refused: PolicyErrorCode; readonly message?: RegExp };

export interface Arranged {
  /** The real path the policy checked, which the open is given. */
  readonly real: string;
  /** FIFOs at or on the path, released if an open waits on one so the test still ends. */
  readonly fifos: readonly string[];
}

export interface OpenCase {
  /** The case as a specification reads it. */
  readonly title: string;
  readonly kind: VerifiedKind;
  /** Puts a FIFO at the path: a wrong open would hold its thread, beyond any timer. */
  readonly fifo?: true;
  arrange(): Promise<Arranged>;
  readonly expected: Expected;
}

const CHANGED_FILE = /changed while Airlock was opening it/;
const CHANGED_FOLDER = /A folder on the path changed/;

/** A workspace holding `a.txt`, and the real path of that file as the policy checks it. */
async function checkedFile(): Promise<{ ws: string; outside: string; real: string }> {
  const { ws, outside } = await makeLayout();
  await put(ws, 'dir/a.txt', 'alpha\n');
  const policy = await makePolicy(ws);
  return { ws, outside, real: (await policy.resolveExisting('dir/a.txt')).real };
}

async function listeningSocket(file: string): Promise<void> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(file, resolve));
  after(() => server.close());
}

const only = (real: string): Arranged => ({ real, fifos: [] });

export const verifiedOpenCases: readonly OpenCase[] = [
  {
    title: 'opens a regular file, to read its content',
    kind: 'file',
    arrange: async () => only((await checkedFile()).real),
    expected: { opens: 'file', content: 'alpha\n' },
  },
  {
    title: 'opens a folder, to list it',
    kind: 'folder',
    arrange: async () => only(path.dirname((await checkedFile()).real)),
    expected: { opens: 'folder', names: ['a.txt'] },
  },
  {
    title: 'refuses a link as the last segment, to a file outside',
    kind: 'file',
    arrange: async () => {
      const { ws, outside } = await makeLayout();
      await put(outside, 'secret.txt', 'secret\n');
      await symlink(path.join(outside, 'secret.txt'), path.join(ws, 'swapped.txt'));
      return only(path.join(ws, 'swapped.txt'));
    },
    expected: { refused: 'changed_during_operation', message: CHANGED_FILE },
  },
  {
    title: 'refuses a link as the last segment even when it stays inside',
    kind: 'file',
    arrange: async () => {
      const { ws } = await makeLayout();
      await put(ws, 'a.txt', 'alpha\n');
      await symlink('a.txt', path.join(ws, 'alias.txt'));
      return only(path.join(ws, 'alias.txt'));
    },
    expected: { refused: 'changed_during_operation', message: CHANGED_FILE },
  },
  {
    // O_DIRECTORY meets the link itself, which is not a folder.
    title: 'refuses a link as the last segment, even to a folder inside',
    kind: 'folder',
    arrange: async () => {
      const { ws } = await makeLayout();
      await mkdir(path.join(ws, 'real'));
      await symlink('real', path.join(ws, 'alias'));
      return only(path.join(ws, 'alias'));
    },
    expected: { refused: 'not_a_directory' },
  },
  {
    title: 'refuses a path through a link in the middle, even one that stays inside',
    kind: 'file',
    arrange: async () => {
      const { ws } = await makeLayout();
      await put(ws, 'real/a.txt', 'alpha\n');
      await symlink('real', path.join(ws, 'alias'));
      return only(path.join(ws, 'alias/a.txt'));
    },
    expected: { refused: 'changed_during_operation', message: CHANGED_FILE },
  },
  {
    title: 'refuses a folder reached through a link in the middle, even one that stays inside',
    kind: 'folder',
    arrange: async () => {
      const { ws } = await makeLayout();
      await mkdir(path.join(ws, 'real/sub'), { recursive: true });
      await symlink('real', path.join(ws, 'alias'));
      return only(path.join(ws, 'alias/sub'));
    },
    expected: { refused: 'changed_during_operation', message: CHANGED_FILE },
  },
  {
    title: 'refuses a file swapped for a link after the check',
    kind: 'file',
    arrange: async () => {
      const { ws, outside, real } = await checkedFile();
      await put(outside, 'secret.txt', 'secret\n');
      await symlink(path.join(outside, 'secret.txt'), path.join(ws, 'dir/a.tmp-link'));
      await rename(path.join(ws, 'dir/a.tmp-link'), real);
      return only(real);
    },
    expected: { refused: 'changed_during_operation', message: CHANGED_FILE },
  },
  {
    title: 'refuses a file whose folder was swapped for a link after the check',
    kind: 'file',
    arrange: async () => {
      const { ws, outside, real } = await checkedFile();
      await put(outside, 'a.txt', 'secret\n');
      await rename(path.join(ws, 'dir'), path.join(ws, 'dir-old'));
      await symlink(outside, path.join(ws, 'dir'));
      return only(real);
    },
    expected: { refused: 'changed_during_operation', message: CHANGED_FILE },
  },
  {
    title: 'refuses a folder whose parent was swapped for a link after the check',
    kind: 'folder',
    arrange: async () => {
      const { ws, outside } = await makeLayout();
      await mkdir(path.join(ws, 'up/sub'), { recursive: true });
      await mkdir(path.join(outside, 'sub'));
      await rename(path.join(ws, 'up'), path.join(ws, 'up-old'));
      await symlink(outside, path.join(ws, 'up'));
      return only(path.join(ws, 'up/sub'));
    },
    expected: { refused: 'changed_during_operation', message: CHANGED_FILE },
  },
  {
    title: 'refuses a file that disappeared after the check',
    kind: 'file',
    arrange: async () => {
      const { ws, real } = await checkedFile();
      await rename(real, path.join(ws, 'b.txt'));
      return only(real);
    },
    expected: { refused: 'changed_during_operation', message: CHANGED_FILE },
  },
  {
    title: 'refuses a folder that disappeared after the check',
    kind: 'folder',
    arrange: async () => {
      const { real } = await checkedFile();
      await rm(path.dirname(real), { recursive: true });
      return only(path.dirname(real));
    },
    expected: { refused: 'changed_during_operation', message: CHANGED_FOLDER },
  },
  {
    title: 'opens a folder given for a file, for the caller to refuse after its fstat',
    kind: 'file',
    arrange: async () => only(path.dirname((await checkedFile()).real)),
    expected: { opens: 'folder' },
  },
  {
    title: 'refuses a file given for a folder',
    kind: 'folder',
    arrange: async () => only((await checkedFile()).real),
    expected: { refused: 'not_a_directory', message: /is a file, not a folder/ },
  },
  {
    title: 'opens a FIFO without waiting for a writer, for the caller to refuse',
    kind: 'file',
    fifo: true,
    arrange: async () => {
      const { ws } = await makeLayout();
      const fifo = makeFifo(path.join(ws, 'pipe'));
      return { real: fifo, fifos: [fifo] };
    },
    expected: { opens: 'fifo' },
  },
  {
    title: 'refuses a FIFO without waiting for a writer',
    kind: 'folder',
    fifo: true,
    arrange: async () => {
      const { ws } = await makeLayout();
      const fifo = makeFifo(path.join(ws, 'pipe'));
      return { real: fifo, fifos: [fifo] };
    },
    expected: { refused: 'not_a_directory' },
  },
  {
    title: 'refuses a Unix socket as a special file',
    kind: 'file',
    arrange: async () => {
      const { ws } = await makeLayout();
      await listeningSocket(path.join(ws, 'socket'));
      return only(path.join(ws, 'socket'));
    },
    expected: { refused: 'not_a_file', message: /special file/ },
  },
  {
    title: 'refuses a Unix socket',
    kind: 'folder',
    arrange: async () => {
      const { ws } = await makeLayout();
      await listeningSocket(path.join(ws, 'socket'));
      return only(path.join(ws, 'socket'));
    },
    expected: { refused: 'not_a_directory' },
  },
  {
    title: 'opens a device without blocking, for the caller to refuse',
    kind: 'file',
    arrange: async () => only('/dev/null'),
    expected: { opens: 'device' },
  },
  {
    title: 'refuses a device',
    kind: 'folder',
    arrange: async () => only('/dev/null'),
    expected: { refused: 'not_a_directory' },
  },
];

export interface StillSameCase {
  readonly title: string;
  /** What happens at `file` after it was opened. */
  change(file: string, ws: string, outside: string): Promise<void>;
  readonly stillSame: boolean;
}

/** Whether the object at a path is still the one opened, once the open has been proved. */
export const stillSameCases: readonly StillSameCase[] = [
  {
    title: 'passes while the opened file is still at its path',
    change: async () => undefined,
    stillSame: true,
  },
  {
    title: 'detects a file replaced by another one (a new inode) after it was opened',
    change: async (file, ws) => {
      await writeFile(path.join(ws, 'replacement'), 'other\n');
      await rename(path.join(ws, 'replacement'), file);
    },
    stillSame: false,
  },
  {
    title: 'detects a file replaced by a link after it was opened',
    change: async (file, ws, outside) => {
      await put(outside, 'secret.txt', 'secret\n');
      await symlink(path.join(outside, 'secret.txt'), path.join(ws, 'link'));
      await rename(path.join(ws, 'link'), file);
    },
    stillSame: false,
  },
  {
    title: 'detects a file removed after it was opened',
    change: async (file, ws) => rename(file, path.join(ws, 'elsewhere.txt')),
    stillSame: false,
  },
];
