import {
  close,
  closeSync,
  fstat,
  fstatSync,
  lstat,
  lstatSync,
  open,
  openSync,
  readdir,
  readdirSync,
  readSync,
  realpath,
  realpathSync,
  type Dirent,
  type Stats,
} from 'node:fs';
import { readDescriptor } from './descriptor-io.ts';

/**
 * How a single request's few small file operations reach the kernel: resolving the path
 * (and looking at a link itself), opening it, its fstat, its reads (bounded by the read
 * limit), and one folder's entries.
 * Long walks (trees, searches) never come through here; they stay on the thread pool so
 * the per-call time limit can always interrupt them.
 *
 * Both kinds give the same answers and the same errors (a rejected promise carrying the
 * system error); they differ only in where the system call runs.
 */
export interface FileAccess {
  /** `pooled` or `inline`: how this access runs its system calls. */
  readonly kind: FileAccessKind;
  realpath(path: string): Promise<string>;
  /** What is at `path` itself, a link not followed. */
  lstat(path: string): Promise<Stats>;
  open(path: string, flags: number): Promise<number>;
  fstat(fd: number): Promise<Stats>;
  read(
    fd: number,
    buffer: Uint8Array,
    offset: number,
    length: number,
    position: number,
  ): Promise<number>;
  readdir(path: string): Promise<Dirent[]>;
  /** Closes a descriptor nothing waits on; errors are of no use to anyone by then. */
  release(fd: number): void;
}

export type FileAccessKind = 'pooled' | 'inline';

/**
 * Each call is a trip through libuv's thread pool, so the event loop stays free while the
 * disk works. Right for a process that serves several clients or a window: a slow network
 * share then delays only the request that touches it.
 */
export const pooledFileAccess: FileAccess = {
  kind: 'pooled',
  realpath: (path) =>
    new Promise((resolve, reject) =>
      realpath.native(path, (error, real) => (error ? reject(error) : resolve(real))),
    ),
  lstat: (path) =>
    new Promise((resolve, reject) =>
      lstat(path, (error, stats) => (error ? reject(error) : resolve(stats))),
    ),
  open: (path, flags) =>
    new Promise((resolve, reject) =>
      open(path, flags, (error, fd) => (error ? reject(error) : resolve(fd))),
    ),
  fstat: (fd) =>
    new Promise((resolve, reject) =>
      fstat(fd, (error, stats) => (error ? reject(error) : resolve(stats))),
    ),
  read: readDescriptor,
  readdir: (path) =>
    new Promise((resolve, reject) =>
      readdir(path, { withFileTypes: true }, (error, entries) =>
        error ? reject(error) : resolve(entries),
      ),
    ),
  // After the answer has gone: nothing in it depends on the close.
  release: (fd) => setImmediate(() => close(fd, () => undefined)),
};

/**
 * Each call is made directly on the event loop's thread. A trip through the thread pool
 * costs more than these calls themselves on a local disk (about 50 µs each on our test
 * machines, measured in BENCHMARKS.md), and a request makes three or four of them.
 * Only for a process that serves one client and nothing else (`airlock serve --stdio`):
 * while a call waits on the disk, that client's next request would wait anyway. The
 * price: on a share that stops answering, the call holds the process until the system
 * gives up, where the pooled access would have let the per-call time limit answer first.
 */
export const inlineFileAccess: FileAccess = {
  kind: 'inline',
  realpath: async (path) => realpathSync.native(path),
  lstat: async (path) => lstatSync(path),
  open: async (path, flags) => openSync(path, flags),
  fstat: async (fd) => fstatSync(fd),
  read: async (fd, buffer, offset, length, position) =>
    readSync(fd, buffer, offset, length, position),
  readdir: async (path) => readdirSync(path, { withFileTypes: true }),
  // After the answer has gone, as with the pool: nothing in the answer depends on the close.
  release: (fd) => setImmediate(closeQuietly, fd),
};

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Already closed or never valid: nothing is left to release.
  }
}

export function fileAccessOf(kind: FileAccessKind): FileAccess {
  return kind === 'inline' ? inlineFileAccess : pooledFileAccess;
}
