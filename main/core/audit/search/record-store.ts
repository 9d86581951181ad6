import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Where the text of each indexed record lives: a line in one of the log files (kept open,
 * so a file renamed by rotation is still read correctly), or, for a live record appended
 * without a location, its JSON text in memory.
 */
export interface RecordLocation {
  /** The file the writer appended the line to. */
  readonly file: string;
  /** Byte offset of the line in that file. */
  readonly offset: number;
  /** Byte length of the line, without its newline. */
  readonly length: number;
}

interface OpenFile {
  readonly path: string;
  fd: number;
  /** End of the last line known in this file; a location before it means a new file. */
  end: number;
}

export class RecordStore {
  readonly #files: OpenFile[] = [];
  readonly #held: string[] = [];
  #scratch = Buffer.allocUnsafe(64 * 1024);

  get fileCount(): number {
    return this.#files.length;
  }

  get heldCount(): number {
    return this.#held.length;
  }

  /** Registers an open file; returns its id. The store closes it. */
  addFile(path: string, fd: number): number {
    if (this.#files.length >= 0xfffe) throw new RangeError('Too many audit files for one index.');
    this.#files.push({ path, fd, end: 0 });
    return this.#files.length - 1;
  }

  /** Records how far a file has been read, so a later rotation of it can be told apart. */
  readTo(file: number, bytes: number): void {
    const open = this.#files[file];
    if (open !== undefined) open.end = Math.max(open.end, bytes);
  }

  /**
   * The file id for a location the writer reports. The file is opened when first seen; a
   * location that starts before the end of the lines already known in that file means the
   * file was rotated away and a new one took its name.
   */
  fileFor(location: RecordLocation): number {
    let id = -1;
    for (let i = this.#files.length - 1; i >= 0; i--) {
      if (this.#files[i]?.path === location.file) {
        id = i;
        break;
      }
    }
    const known = this.#files[id];
    if (known === undefined || location.offset < known.end) {
      id = this.addFile(location.file, openSync(location.file, 'r'));
    }
    const file = this.#files[id] as OpenFile;
    file.end = Math.max(file.end, location.offset + location.length);
    return id;
  }

  /** Keeps a record's JSON text in memory; returns the index to read it back with. */
  hold(json: string): number {
    this.#held.push(json);
    return this.#held.length - 1;
  }

  held(index: number): string {
    const json = this.#held[index];
    if (json === undefined) throw new RangeError(`No held record ${index}.`);
    return json;
  }

  /** The line at `offset` of file `file`, `length` bytes long, decoded as UTF-8. */
  readLine(file: number, offset: number, length: number): string {
    const open = this.#files[file];
    if (open === undefined) throw new RangeError(`No audit file ${file}.`);
    if (this.#scratch.length < length)
      this.#scratch = Buffer.allocUnsafe(Math.max(length, this.#scratch.length * 2));
    let filled = 0;
    while (filled < length) {
      const count = readSync(open.fd, this.#scratch, filled, length - filled, offset + filled);
      if (count === 0) break;
      filled += count;
    }
    return this.#scratch.toString('utf8', 0, filled);
  }

  close(): void {
    for (const file of this.#files) {
      if (file.fd >= 0) closeSync(file.fd);
      file.fd = -1;
    }
  }
}
