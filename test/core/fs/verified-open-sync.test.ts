import assert from 'node:assert/strict';
import { closeSync, fstatSync, readFileSync } from 'node:fs';
import { rename, symlink } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import {
  assertStillSameSync,
  openFileInVerifiedFolderSync,
  openVerifiedSync,
} from '../../../main/core/fs/verified-open-sync.ts';
import { PolicyError } from '../../../main/core/policy/policy-error.ts';
import { makeFifo, settlesWithin } from '../../helpers/fifo.ts';
import { makeLayout, put } from '../fixtures.ts';
import type { ProbeReport, ProbeRequest } from './verified-open-sync-probe.ts';
import { stillSameCases, verifiedOpenCases, type Expected } from './verified-open-cases.ts';

const PROBE = new URL('./verified-open-sync-probe.ts', import.meta.url);

/** What the synchronous open made of `request`, found in a worker so that a wait can end. */
async function probe(request: ProbeRequest, fifos: readonly string[]): Promise<ProbeReport> {
  const worker = new Worker(PROBE, { workerData: request });
  try {
    const report = new Promise<ProbeReport>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    return await settlesWithin(report, 2000, fifos);
  } finally {
    await worker.terminate();
  }
}

function assertReportIs(report: ProbeReport, expected: Expected): void {
  if ('refused' in expected) {
    assert.ok('refused' in report, `expected a refusal, but it opened: ${JSON.stringify(report)}`);
    assert.equal(report.refused, expected.refused, report.message);
    if (expected.message) assert.match(report.message, expected.message);
    return;
  }
  assert.ok('opens' in report, `expected an open, but: ${JSON.stringify(report)}`);
  assert.equal(report.opens, expected.opens);
  if (expected.content !== undefined) assert.equal(report.content, expected.content);
  if (expected.names !== undefined) assert.deepEqual(report.names, expected.names);
}

describe('openVerifiedSync', () => {
  for (const openCase of verifiedOpenCases) {
    it(`${openCase.kind}: ${openCase.title}`, async () => {
      const { real, fifos } = await openCase.arrange();
      assertReportIs(await probe({ real, kind: openCase.kind }, fifos), openCase.expected);
    });
  }

  it('refuses with the same PolicyError as openVerified', async () => {
    const { ws } = await makeLayout();
    assert.throws(
      () => openVerifiedSync(path.join(ws, 'missing'), 'file'),
      (error: unknown) => error instanceof PolicyError && error.code === 'changed_during_operation',
    );
  });
});

describe('openFileInVerifiedFolderSync', () => {
  async function folderHolding(): Promise<{ ws: string; outside: string; dir: string }> {
    const { ws, outside } = await makeLayout();
    await put(ws, 'dir/a.txt', 'alpha\n');
    return { ws, outside, dir: path.join(ws, 'dir') };
  }

  it('opens a file in the folder, to read its content', async () => {
    const { dir } = await folderHolding();
    assertReportIs(await probe({ real: dir, kind: 'folder', name: 'a.txt' }, []), {
      opens: 'file',
      content: 'alpha\n',
    });
  });

  it('refuses a link as the name, even one that stays inside', async () => {
    const { dir } = await folderHolding();
    await symlink('a.txt', path.join(dir, 'alias.txt'));
    assertReportIs(await probe({ real: dir, kind: 'folder', name: 'alias.txt' }, []), {
      refused: 'changed_during_operation',
    });
  });

  it('refuses a name that is no longer in the folder', async () => {
    const { dir } = await folderHolding();
    assertReportIs(await probe({ real: dir, kind: 'folder', name: 'gone.txt' }, []), {
      refused: 'changed_during_operation',
    });
  });

  it('opens a FIFO in the folder without waiting for a writer, for the caller to refuse', async () => {
    const { dir } = await folderHolding();
    const fifo = makeFifo(path.join(dir, 'pipe'));
    assertReportIs(await probe({ real: dir, kind: 'folder', name: 'pipe' }, [fifo]), {
      opens: 'fifo',
    });
  });

  it('refuses a Unix socket in the folder as a special file', async () => {
    const { dir } = await folderHolding();
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(path.join(dir, 'socket'), resolve));
    after(() => server.close());
    assertReportIs(await probe({ real: dir, kind: 'folder', name: 'socket' }, []), {
      refused: 'not_a_file',
      message: /special file/,
    });
  });

  it(
    'looks the name up in the folder that was opened, whatever became of its path since',
    { skip: process.platform !== 'linux' },
    async () => {
      const { ws, outside, dir } = await folderHolding();
      const folder = openVerifiedSync(dir, 'folder');
      try {
        await rename(dir, path.join(ws, 'dir-old'));
        await put(outside, 'a.txt', 'secret\n');
        await symlink(outside, dir);
        const fd = openFileInVerifiedFolderSync(folder, dir, 'a.txt');
        try {
          assert.equal(readFileSync(fd, 'utf8'), 'alpha\n');
        } finally {
          closeSync(fd);
        }
      } finally {
        closeSync(folder);
      }
    },
  );
});

describe('assertStillSameSync', () => {
  for (const stillSameCase of stillSameCases) {
    it(stillSameCase.title, async () => {
      const { ws, outside } = await makeLayout();
      const real = await put(ws, 'a.txt', 'alpha\n');
      const fd = openVerifiedSync(real, 'file');
      try {
        const opened = fstatSync(fd);
        await stillSameCase.change(real, ws, outside);
        if (stillSameCase.stillSame) assertStillSameSync(real, opened);
        else
          assert.throws(
            () => assertStillSameSync(real, opened),
            (error: unknown) =>
              error instanceof PolicyError && error.code === 'changed_during_operation',
          );
      } finally {
        closeSync(fd);
      }
    });
  }
});
