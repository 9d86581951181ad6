import assert from 'node:assert/strict';
import net from 'node:net';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  assertNoCredentialConfig,
  readConfigWithoutCredential,
} from '../../../main/core/fs/credential-config.ts';
import { inlineFileAccess, pooledFileAccess } from '../../../main/core/platform/file-access.ts';
import { bufferReader } from '../../../main/core/platform/descriptor-io.ts';
import { makeFifo, settlesWithin } from '../../helpers/fifo.ts';
import type { PathPolicy, ResolvedPath } from '../../../main/core/policy/path-policy.ts';
import { makeLayout, makePolicy, put, rejectsWith } from '../fixtures.ts';

/** assertNoCredentialConfig as the tools call it: with the policy's guard and file access. */
function checkConfig(policy: PathPolicy, resolved: ResolvedPath): Promise<void> {
  return assertNoCredentialConfig(policy.guard, resolved, policy.fileAccess);
}

const TOKEN_LINE = '//registry.npmjs.org/:_authToken=abc\n';

for (const fileAccess of [pooledFileAccess, inlineFileAccess]) {
  describe(`assertNoCredentialConfig (${fileAccess.kind} file access)`, () => {
    it('refuses a .npmrc that holds a token, and passes one that holds none', async () => {
      const { ws } = await makeLayout();
      await put(ws, 'a/.npmrc', `registry=https://x\n${TOKEN_LINE}`);
      await put(ws, 'b/.npmrc', 'registry=https://x\n');
      const policy = await makePolicy(ws, 'write', fileAccess);
      await rejectsWith(checkConfig(policy, await policy.resolveExisting('a/.npmrc')), 'guarded');
      await checkConfig(policy, await policy.resolveExisting('b/.npmrc'));
    });

    it('lets a Unix socket named .pypirc by, though it cannot be opened', async () => {
      const { ws } = await makeLayout();
      const server = net.createServer();
      await new Promise<void>((resolve) => server.listen(path.join(ws, '.pypirc'), resolve));
      after(() => server.close());
      const policy = await makePolicy(ws, 'write', fileAccess);
      await checkConfig(policy, await policy.resolveExisting('.pypirc'));
    });
  });
}

// Through the thread pool only: inline, an open that waited would hold this very thread
// and no timer could end the test (the attack suite proves the inline server in a process).
describe('assertNoCredentialConfig on a FIFO', () => {
  it('lets a FIFO named .npmrc by without opening it to read, so nothing waits on it', async () => {
    const { ws } = await makeLayout();
    const fifo = makeFifo(path.join(ws, '.npmrc'));
    const policy = await makePolicy(ws, 'write', pooledFileAccess);
    const resolved = await policy.resolveExisting('.npmrc');
    await settlesWithin(checkConfig(policy, resolved), 2000, [fifo]);
  });
});

describe('readConfigWithoutCredential', () => {
  it('answers with the very bytes it judged', async () => {
    const { ws } = await makeLayout();
    const policy = await makePolicy(ws);
    const bytes = Buffer.from('registry=https://x\nfund=false\n');
    const read = await readConfigWithoutCredential(policy.guard, bufferReader(bytes), 3);
    assert.deepEqual(read, bytes);
  });

  it('finds a token on any line, however far into the file', async () => {
    const { ws } = await makeLayout();
    const policy = await makePolicy(ws);
    const bytes = Buffer.from(`${'# comment\n'.repeat(200_000)}${TOKEN_LINE}`);
    await rejectsWith(
      readConfigWithoutCredential(policy.guard, bufferReader(bytes), bytes.length),
      'guarded',
    );
  });

  it('refuses a config file over 16 MiB as if it held a credential, without judging it', async () => {
    const { ws } = await makeLayout();
    const policy = await makePolicy(ws);
    const bytes = Buffer.alloc(16 * 1024 * 1024 + 1, 'a');
    await rejectsWith(readConfigWithoutCredential(policy.guard, bufferReader(bytes), 0), 'guarded');
  });
});
