import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  bufferReader,
  readAt,
  readToEnd,
  type PositionedReader,
} from '../../../main/core/fs/positioned-read.ts';

/** A file that gives at most `step` bytes per read, as a pipe-backed or network file may. */
function trickling(bytes: Buffer, step: number): PositionedReader {
  const whole = bufferReader(bytes);
  return {
    read: (buffer, offset, length, position) =>
      whole.read(buffer, offset, Math.min(step, length), position),
  };
}

const TEXT = Buffer.from('0123456789abcdefghij');

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
