import { constants } from 'node:fs';
import type { Stats } from 'node:fs';
import { chmod, copyFile, lstat, mkdir, open, readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { PROC_FD, type VerifiedFile, type VerifiedFolder } from '../fs/verified-open.ts';
import { syncFolder } from './durable-file.ts';
import { hashBytesOffThread, hashOwnFile, type ContentHash } from './file-hash.ts';
import { pooledHistoryIo, type HistoryIo } from './history-io.ts';

/** How a file's old content was kept: the old file itself, hard-linked, or a clone or copy. */
export type KeptHow = 'link' | 'copy';

export interface KeptContent {
  /** The size seen when it was kept; hashKept gives the size of what is held. */
  readonly size: number;
  /** The file's permission bits, which a restore puts back. */
  readonly mode: number;
  readonly how: KeptHow;
}

/** A blob in the store, as pruning sees it. */
export interface StoredBlob {
  readonly sha256: string;
  readonly size: number;
  readonly ctimeMs: number;
}

// link() cannot be used here: another disk, a file system without hard links, or too many.
const LINK_UNAVAILABLE = new Set(['EXDEV', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK', 'EACCES']);
// A clone where the file system can (Btrfs, XFS, APFS), a copy otherwise; never a replace.
const CLONE_OR_COPY = constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE;
const SHA256 = /^[0-9a-f]{64}$/;
/** Up to this size a staged file is read whole to be hashed; larger ones a buffer at a time. */
const WHOLE_READ_BYTES = 1024 * 1024;

/**
 * File contents, each stored once under its SHA-256 as `blobs/<first 2 hex>/<sha256>`, so
 * identical versions cost nothing. Old content is kept without a copy where the disk
 * allows: Airlock never writes into a file, it renames a new one over it, so the old file
 * can be hard-linked here first and simply stays behind. That is safe only when the file
 * has no other name: through another hard link someone could write into it in place, and
 * so into history.
 */
export class ContentStore {
  readonly root: string;
  private readonly historyRoot: string;
  private readonly io: HistoryIo;
  private deviceOfStore: number | undefined;

  constructor(historyRoot: string, io: HistoryIo = pooledHistoryIo) {
    this.historyRoot = historyRoot;
    this.root = path.join(historyRoot, 'blobs');
    this.io = io;
  }

  /**
   * Makes the 256 folders blobs go in, once: made on a change's way, a folder costs a new
   * inode, which right after a flush waits for the file system's journal.
   */
  async makeFolders(): Promise<void> {
    const existing = new Set(await readdir(this.root).catch(() => []));
    for (let prefix = 0; prefix < 256; prefix += 1) {
      const name = prefix.toString(16).padStart(2, '0');
      if (!existing.has(name))
        await mkdir(path.join(this.root, name), { mode: 0o700 }).catch(ignoreExists);
    }
  }

  blobPath(sha256: string): string {
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  /**
   * Keeps the content of the file `name` of the verified `folder`, which `seen` described,
   * at `staged` (a name of history's own on the store's disk). It is hashed once the
   * change is made (hashKept), off the change's way: the hash is of the bytes history
   * holds, whatever happened to the path meanwhile. It waits there until the change is
   * finished (`promote`), even when the store has that content already: a prune in
   * another process may remove a blob no finished record names yet. Where the file can be
   * linked it is never opened: the link is proved to be the very file seen. Otherwise it
   * is copied from `open()`, a verified open of it.
   */
  async keep(
    folder: VerifiedFolder,
    name: string,
    seen: Stats,
    staged: string,
    open: () => Promise<VerifiedFile>,
  ): Promise<KeptContent> {
    const linked =
      seen.nlink === 1 && seen.dev === (await this.device())
        ? await this.linkSeen(folder, name, seen, staged)
        : undefined;
    const kept = linked ?? (await this.copyOpened(open, staged));
    return { size: kept.size, mode: kept.mode & 0o7777, how: linked ? 'link' : 'copy' };
  }

  /**
   * The hash of what was staged at `staged`, about `size` bytes. A small file is read
   * whole: one read, rather than a buffer's worth of reads, is most of what hashing a small
   * file costs; it is hashed on the thread pool.
   */
  async hashKept(staged: string, size: number): Promise<ContentHash> {
    if (size <= WHOLE_READ_BYTES) return hashBytesOffThread(await this.io.readFile(staged));
    return hashOwnFile(staged);
  }

  /**
   * Moves content staged for a change into the store, once the change has happened. A
   * hard-linked file then has no other name (the change renamed over it) and becomes the
   * blob as it is; one that somehow gained another name since is copied instead. The same
   * content stored already is replaced by this one, which costs nothing and keeps one copy.
   */
  async promote(staged: string, sha256: string): Promise<void> {
    const stats = await this.io.lstat(staged).catch(() => undefined);
    if (!stats) return;
    const blob = this.blobPath(sha256);
    if (stats.nlink > 1) {
      const copy = `${staged}.copy`;
      await unlink(copy).catch(() => undefined);
      await copyFile(staged, copy, CLONE_OR_COPY);
      await chmod(copy, 0o600);
      await this.moveInto(copy, blob);
      await unlink(staged);
      return;
    }
    if ((stats.mode & 0o777) !== 0o600) await this.io.chmod(staged, 0o600);
    await this.moveInto(staged, blob);
  }

  /** Renames `file` to `blob`, making the blob's folder the first time one lands there. */
  private async moveInto(file: string, blob: string): Promise<void> {
    try {
      await this.io.rename(file, blob);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await mkdir(path.dirname(blob), { mode: 0o700 }).catch(ignoreExists);
      await this.io.rename(file, blob);
    }
  }

  /** Drops content staged for a change that did not happen. */
  async release(staged: string): Promise<void> {
    await this.io.unlink(staged).catch(ignoreMissing);
  }

  /** The path of a kept content, or undefined when the store does not hold it. */
  async find(sha256: string, stagedFallback?: string): Promise<string | undefined> {
    for (const candidate of [this.blobPath(sha256), stagedFallback]) {
      if (candidate && (await lstat(candidate).catch(() => undefined))?.isFile()) return candidate;
    }
    return undefined;
  }

  async remove(sha256: string): Promise<void> {
    await unlink(this.blobPath(sha256)).catch(ignoreMissing);
  }

  async list(): Promise<StoredBlob[]> {
    const blobs: StoredBlob[] = [];
    for (const prefix of await readdir(this.root).catch(() => [])) {
      const folder = path.join(this.root, prefix);
      for (const sha256 of await readdir(folder).catch(() => [])) {
        if (!SHA256.test(sha256)) continue;
        const stats = await lstat(path.join(folder, sha256)).catch(() => undefined);
        if (stats?.isFile()) blobs.push({ sha256, size: stats.size, ctimeMs: stats.ctimeMs });
      }
    }
    return blobs;
  }

  /**
   * Hard-links the file `seen` described at `staged`, or gives undefined when it cannot be
   * linked, or when what the name held by then is not that file alone: the staged name is
   * then removed again, and the file is copied instead.
   */
  private async linkSeen(
    folder: VerifiedFolder,
    name: string,
    seen: Stats,
    staged: string,
  ): Promise<Stats | undefined> {
    try {
      // Through the verified folder: a folder swapped for a link cannot bring in another
      // file. link() takes a link itself, never what it leads to.
      await this.io.link(folder.pathOf(name), staged);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      // ENOENT: the name went away since it was seen (renamed over, mid-swap).
      if (LINK_UNAVAILABLE.has(code) || code === 'ENOENT') return undefined;
      throw error;
    }
    // The name may have been swapped since it was seen: keep only the file seen, and only
    // while the workspace's name and this one are all it has (another could write into it).
    const linked = await this.io.lstat(staged);
    if (linked.isFile() && linked.dev === seen.dev && linked.ino === seen.ino && linked.nlink === 2)
      return linked;
    await this.io.unlink(staged);
    return undefined;
  }

  /** Copies the file from a verified open of it; gives its description as opened. */
  private async copyOpened(open: () => Promise<VerifiedFile>, staged: string): Promise<Stats> {
    const file = await open();
    try {
      await this.copy(file, staged);
      return await file.stat();
    } finally {
      await file.close();
    }
  }

  /**
   * Copies from the open descriptor itself where the system names it (/proc on Linux), so
   * the bytes kept are those of the file that was checked; elsewhere by its path, and the
   * path must then still name that file.
   */
  private async copy(file: VerifiedFile, staged: string): Promise<KeptHow> {
    await copyFile(PROC_FD ? `${PROC_FD}/${file.fd}` : file.real, staged, CLONE_OR_COPY);
    try {
      await file.assertUnchanged();
      const handle = await open(staged, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
      try {
        await handle.chmod(0o600);
        // A copy is new data: it must be on the disk before the change replaces the original,
        // and so must its name, which the record's flush does not cover (a link's is).
        await handle.sync();
      } finally {
        await handle.close();
      }
      await syncFolder(path.dirname(staged), this.io);
    } catch (error) {
      await unlink(staged).catch(() => undefined);
      throw error;
    }
    return 'copy';
  }

  private async device(): Promise<number> {
    this.deviceOfStore ??= (await this.io.stat(this.historyRoot)).dev;
    return this.deviceOfStore;
  }
}

function ignoreExists(error: NodeJS.ErrnoException): void {
  if (error.code !== 'EEXIST') throw error;
}

function ignoreMissing(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
}
