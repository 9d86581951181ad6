import {
  chmodSync,
  close as closeCallback,
  closeSync,
  constants,
  fdatasync,
  fsync,
  linkSync,
  lstatSync,
  open as openCallback,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlink as unlinkCallback,
  unlinkSync,
  write as writeCallback,
  writeSync,
  type Stats,
} from 'node:fs';
import { chmod, link, lstat, open, rename, stat, unlink } from 'node:fs/promises';
import type { FileAccessKind } from '../platform/file-access.ts';

const CREATE_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL;

/**
 * The small system calls a change makes besides its own: on history's files (records,
 * staged and stored content) and on the name it keeps. Run where the process runs a
 * request's file operations (platform/file-access.ts): on the thread pool for the app,
 * which also draws a window; inline for `airlock serve --stdio`, which serves one client,
 * and where a trip through the pool costs more than the call. A flush always goes through
 * the pool: it waits on the disk, and other work overlaps it.
 */
export interface HistoryIo {
  readonly kind: FileAccessKind;
  stat(file: string): Promise<Stats>;
  lstat(file: string): Promise<Stats>;
  /** Whether anything is at `file` (a link itself counts). */
  exists(file: string): Promise<boolean>;
  link(existing: string, name: string): Promise<void>;
  unlink(file: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  chmod(file: string, mode: number): Promise<void>;
  /** The whole of one of history's own files (history keeps no links it would follow). */
  readFile(file: string): Promise<Buffer>;
  /**
   * Creates `file` (0600, EEXIST when taken) holding `text`, and gives its open descriptor;
   * a file it could not write is removed again.
   */
  createWith(file: string, text: string): Promise<number>;
  append(file: string, text: string): Promise<void>;
  /** Writes `text` at the descriptor's position (at the end, for a file opened to append). */
  writeTo(fd: number, text: string): Promise<void>;
  close(fd: number): Promise<void>;
  /** Flushes a descriptor's data (and its size) to the disk, on the pool. */
  flush(fd: number): Promise<void>;
  /** Flushes everything of a descriptor (a folder's entries), on the pool. */
  flushAll(fd: number): Promise<void>;
}

const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;
const READ_OWN = constants.O_RDONLY | NO_FOLLOW;
/** Appends never follow a link: history makes none, so one there was put there by someone. */
const APPEND = constants.O_WRONLY | constants.O_APPEND | NO_FOLLOW;

function onPool(call: (done: (error: NodeJS.ErrnoException | null) => void) => void) {
  return new Promise<void>((resolve, reject) =>
    call((error) => (error ? reject(error) : resolve())),
  );
}

const flushes = {
  flush: (fd: number) => onPool((done) => fdatasync(fd, done)),
  flushAll: (fd: number) => onPool((done) => fsync(fd, done)),
};

export const pooledHistoryIo: HistoryIo = {
  kind: 'pooled',
  stat: (file) => stat(file),
  lstat: (file) => lstat(file),
  exists: (file) =>
    lstat(file).then(
      () => true,
      () => false,
    ),
  link: (existing, name) => link(existing, name),
  unlink: (file) => unlink(file),
  rename: (from, to) => rename(from, to),
  chmod: (file, mode) => chmod(file, mode),
  readFile: async (file) => {
    const handle = await open(file, READ_OWN);
    try {
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  },
  createWith: (file, text) =>
    new Promise<number>((resolve, reject) =>
      openCallback(file, CREATE_NEW, 0o600, (openError, fd) => {
        if (openError) return reject(openError);
        writeCallback(fd, text, (writeError) => {
          if (!writeError) return resolve(fd);
          closeCallback(fd, () => unlinkCallback(file, () => reject(writeError)));
        });
      }),
    ),
  append: async (file, text) => {
    const handle = await open(file, APPEND);
    try {
      await handle.write(text);
    } finally {
      await handle.close();
    }
  },
  writeTo: (fd, text) => onPool((done) => writeCallback(fd, text, (error) => done(error))),
  close: (fd) => onPool((done) => closeCallback(fd, done)),
  ...flushes,
};

export const inlineHistoryIo: HistoryIo = {
  kind: 'inline',
  stat: async (file) => statSync(file),
  lstat: async (file) => lstatSync(file),
  // Without throwing: an error's stack trace costs more than the look itself.
  exists: async (file) => lstatSync(file, { throwIfNoEntry: false }) !== undefined,
  link: async (existing, name) => linkSync(existing, name),
  unlink: async (file) => unlinkSync(file),
  rename: async (from, to) => renameSync(from, to),
  chmod: async (file, mode) => chmodSync(file, mode),
  readFile: async (file) => {
    const fd = openSync(file, READ_OWN);
    try {
      return readFileSync(fd);
    } finally {
      closeSync(fd);
    }
  },
  createWith: async (file, text) => {
    const fd = openSync(file, CREATE_NEW, 0o600);
    try {
      writeSync(fd, text);
    } catch (error) {
      closeSync(fd);
      unlinkSync(file);
      throw error;
    }
    return fd;
  },
  append: async (file, text) => {
    const fd = openSync(file, APPEND);
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
  },
  writeTo: async (fd, text) => {
    writeSync(fd, text);
  },
  close: async (fd) => closeSync(fd),
  ...flushes,
};

export function historyIoOf(kind: FileAccessKind): HistoryIo {
  return kind === 'inline' ? inlineHistoryIo : pooledHistoryIo;
}
