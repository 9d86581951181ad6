import assert from 'node:assert/strict';
import { chmod, readFile, stat, symlink } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { copyRegularFileExclusive } from '../../../main/core/fs/copy-regular-file.ts';
import { makeFifo, settlesWithin } from '../../helpers/fifo.ts';
import { makeLayout, put, rejectsWith } from '../fixtures.ts';

describe('copyRegularFileExclusive', () => {
  it('copies content larger than one chunk, and the mode exactly', async () => {
    const { ws } = await makeLayout();
    const content = Buffer.alloc(3 * 1024 * 1024 + 17, 'q');
    const source = await put(ws, 'a.bin', content);
    await chmod(source, 0o741);
    await copyRegularFileExclusive(source, path.join(ws, 'b.bin'));
    assert.deepEqual(await readFile(path.join(ws, 'b.bin')), content);
    assert.equal((await stat(path.join(ws, 'b.bin'))).mode & 0o7777, 0o741);
  });

  it('never replaces what is at the destination', async () => {
    const { ws } = await makeLayout();
    const source = await put(ws, 'a.txt', 'new\n');
    await put(ws, 'b.txt', 'old\n');
    await assert.rejects(copyRegularFileExclusive(source, path.join(ws, 'b.txt')), {
      code: 'EEXIST',
    });
    assert.equal(await readFile(path.join(ws, 'b.txt'), 'utf8'), 'old\n');
  });

  it('refuses a FIFO without waiting for a writer, and creates nothing', async () => {
    const { ws } = await makeLayout();
    const fifo = makeFifo(path.join(ws, 'pipe'));
    await rejectsWith(
      settlesWithin(copyRegularFileExclusive(fifo, path.join(ws, 'copy')), 2000, [fifo]),
      'not_a_file',
    );
    await assert.rejects(stat(path.join(ws, 'copy')), { code: 'ENOENT' });
  });

  it('refuses a Unix socket', async () => {
    const { ws } = await makeLayout();
    const socket = path.join(ws, 'socket');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    after(() => server.close());
    await rejectsWith(copyRegularFileExclusive(socket, path.join(ws, 'copy')), 'not_a_file');
  });

  it('does not follow a link at the source', async () => {
    const { ws, outside } = await makeLayout();
    const secret = await put(outside, 'secret.txt', 'secret\n');
    await symlink(secret, path.join(ws, 'link'));
    await assert.rejects(copyRegularFileExclusive(path.join(ws, 'link'), path.join(ws, 'copy')), {
      code: 'ELOOP',
    });
  });
});
