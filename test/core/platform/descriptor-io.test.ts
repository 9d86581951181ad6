import assert from 'node:assert/strict';
import { closeSync, openSync, statSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  bufferReader,
  fileIdentity,
  readAt,
  readDescriptor,
  readToEnd,
  type PositionedReader,
} from '../../../main/core/platform/descriptor-io.ts';
import { makeLayout, put } from '../fixtures.ts';

/** A file that gives at most `step` bytes per read, as a pipe-backed or network file may. */
function trickling(bytes: Buffer, step: number): PositionedReader {
  const whole = bufferReader(bytes);
  return {
    read: (buffer, offset, length, position) =>
      whole.read(buffer, offset, Math.min(step, length), position),
  };
}

const TEXT = Buffer.from('0123456789abcdefghij');

describe('readDescriptor', () => {
  it('reads at a position of a plain descriptor, and 0 bytes at the end of the file', async () => {
    const { ws } = await makeLayout();
    const fd = openSync(await put(ws, 'a.txt', 'hello world'), 'r');
    try {
      const buffer = Buffer.alloc(5);
      assert.equal(await readDescriptor(fd, buffer, 0, 5, 6), 5);
      assert.equal(buffer.toString(), 'world');
      assert.equal(await readDescriptor(fd, buffer, 0, 5, 11), 0);
    } finally {
      closeSync(fd);
    }
  });

  it('rejects with the system error of a read that fails', async () => {
    const { ws } = await makeLayout();
    const fd = openSync(ws, 'r');
    try {
      await assert.rejects(readDescriptor(fd, Buffer.alloc(1), 0, 1, 0), { code: 'EISDIR' });
    } finally {
      closeSync(fd);
    }
  });
});

describe('fileIdentity', () => {
  it('names the file at a path by its inode and size, and tells when it was replaced', async () => {
    const { ws } = await makeLayout();
    const file = await put(ws, 'log', 'abc');
    assert.deepEqual(fileIdentity(file), { ino: statSync(file).ino, size: 3 });
    await writeFile(path.join(ws, 'next'), 'abcdef');
    await rename(path.join(ws, 'next'), file);
    assert.deepEqual(fileIdentity(file), { ino: statSync(file).ino, size: 6 });
    assert.equal(fileIdentity(path.join(ws, 'missing')), undefined);
  });
});

describe('readAt', () => {
  it('reads the asked range, and fewer bytes at the end of the file', async () => {
    assert.equal((await readAt(trickling(TEXT, 3), 5, 7)).toString(), '56789ab');
    assert.equal((await readAt(bufferReader(TEXT), 18, 10)).toString(), 'ij');
    assert.equal((await readAt(bufferReader(TEXT), 30, 4)).length, 0);
  });
});

describe('readToEnd', () => {
  it('reads a file whose size fstat gave exactly', async () => {
    assert.equal(
      (await readToEnd(trickling(TEXT, 4), 100, TEXT.length)).toString(),
      TEXT.toString(),
    );
  });

  it('reads past the size fstat gave when the file has grown since', async () => {
    assert.equal((await readToEnd(bufferReader(TEXT), 100, 3)).toString(), TEXT.toString());
  });

  it('stops one byte past the limit, so the caller can tell the file is too long', async () => {
    const read = await readToEnd(bufferReader(TEXT), 8, TEXT.length);
    assert.equal(read.toString(), '012345678');
  });

  it('reads an empty file as no bytes', async () => {
    assert.equal((await readToEnd(bufferReader(Buffer.alloc(0)), 8, 0)).length, 0);
  });
});
