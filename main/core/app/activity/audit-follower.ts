import { closeSync, fstatSync, openSync } from 'node:fs';
import type { AuditFiles } from '../../audit/audit-files.ts';
import type { RecordLocation } from '../../audit/search/record-store.ts';
import { fileIdentity, readDescriptor } from '../../platform/descriptor-io.ts';

/** A complete line of the current audit file, with where it is. */
export type FollowedLineSink = (line: string, location: RecordLocation) => void;

/**
 * What a read found: `ok`; `shrank` when the current file is now shorter than what was
 * already read (it was cut or rewritten), so what was read from it can no longer be
 * trusted; `lost` when the file being read was rotated away and is no longer among the
 * rotated files (removed by the retention rules, or renamed), so the rest of it has no
 * name to be read back by. After either of the last two, read the files again.
 */
export type FollowResult = 'ok' | 'shrank' | 'lost';

const CHUNK_BYTES = 1024 * 1024;
const MAX_LINE_BYTES = 16 * 1024 * 1024;
const NEWLINE = 0x0a;

/**
 * Reads the lines appended to the current audit file since it last looked, whoever wrote
 * them: this app, or another Airlock process (a client's own `airlock serve --stdio`)
 * appending to the same chain under the log's lock. When a writer rotates the file, the
 * rest of the old file is read under its new name, then every file rotated after it, then
 * the new current file from its start. A line still being written (no newline yet) is
 * read again next time.
 */
export class AuditFollower {
  readonly #files: AuditFiles;
  readonly #file: string;
  #fd: number | undefined;
  #ino = -1;
  /** End of the last complete line read from the open file. */
  #position = 0;
  #buffer = Buffer.allocUnsafe(CHUNK_BYTES);

  private constructor(files: AuditFiles) {
    this.#files = files;
    this.#file = files.current;
  }

  /**
   * Starts at the current end of the file: an index built after this call covers what is
   * there already, and lines written meanwhile are read again (the index drops repeats).
   */
  static atEnd(files: AuditFiles): AuditFollower {
    const follower = new AuditFollower(files);
    if (follower.#open(files.current)) follower.#position = fstatSync(follower.#fd as number).size;
    return follower;
  }

  /** Hands each new complete line to `sink`, oldest first. */
  async read(sink: FollowedLineSink): Promise<FollowResult> {
    if (this.#fd === undefined && !this.#open(this.#file)) return 'ok';
    const onDisk = fileIdentity(this.#file);
    if (onDisk !== undefined && onDisk.ino === this.#ino) {
      if (onDisk.size < this.#position) return 'shrank';
      await this.#drain(sink, this.#file);
      return 'ok';
    }
    // Rotated away since the last look: finish it under its new name (a location must name
    // the file that holds the line), then each file rotated after it, then the current one.
    const rotated = this.#files.rotated();
    const at = rotated.findIndex((file) => fileIdentity(file)?.ino === this.#ino);
    if (at === -1) {
      this.close();
      return 'lost';
    }
    await this.#drain(sink, rotated[at] as string);
    this.close();
    for (const file of rotated.slice(at + 1)) {
      if (!this.#open(file)) continue;
      await this.#drain(sink, file);
      this.close();
    }
    if (this.#open(this.#file)) await this.#drain(sink, this.#file);
    return 'ok';
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
    this.#ino = -1;
    this.#position = 0;
  }

  #open(file: string): boolean {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
    this.#fd = fd;
    this.#ino = fstatSync(fd).ino;
    this.#position = 0;
    return true;
  }

  /** Reads from the last complete line to the end of the open file, which is at `name`. */
  async #drain(sink: FollowedLineSink, name: string): Promise<void> {
    const fd = this.#fd;
    if (fd === undefined) return;
    let filled = 0;
    for (;;) {
      if (filled === this.#buffer.length) {
        if (this.#buffer.length >= MAX_LINE_BYTES) {
          // One line longer than any record: skip it, as the index build does.
          this.#position += this.#skipToNewline(filled);
          filled = 0;
          continue;
        }
        const larger = Buffer.allocUnsafe(this.#buffer.length * 2);
        this.#buffer.copy(larger, 0, 0, filled);
        this.#buffer = larger;
      }
      const count = await readDescriptor(
        fd,
        this.#buffer,
        filled,
        this.#buffer.length - filled,
        this.#position + filled,
      );
      if (count === 0) return;
      filled += count;
      let start = 0;
      let newline = this.#buffer.indexOf(NEWLINE, 0);
      while (newline !== -1 && newline < filled) {
        if (newline > start) {
          sink(this.#buffer.toString('utf8', start, newline), {
            file: name,
            offset: this.#position + start,
            length: newline - start,
          });
        }
        start = newline + 1;
        newline = this.#buffer.indexOf(NEWLINE, start);
      }
      if (start > 0) {
        this.#buffer.copy(this.#buffer, 0, start, filled);
        this.#position += start;
        filled -= start;
      }
    }
  }

  /** Bytes up to and including the next newline after the first `filled` bytes. */
  #skipToNewline(filled: number): number {
    const newline = this.#buffer.indexOf(NEWLINE, 0);
    return newline !== -1 && newline < filled ? newline + 1 : filled;
  }
}
