// The window's header, end to end: a real MCP client (the SDK's) connects over loopback
// HTTP with a key made in the window's own Keys channel, and the header names it among the
// clients connected now; when it leaves, the header says so.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Locator } from 'playwright-core';
import { WindowSession } from './support/window-session.ts';

let session: WindowSession;
let sandbox: string;
let folder: string;

before(async () => {
  sandbox = await realpath(await mkdtemp(path.join(tmpdir(), 'alk-e2e-header-')));
  const dataDir = path.join(sandbox, 'data');
  folder = path.join(sandbox, 'Project notes');
  await mkdir(folder);
  await mkdir(dataDir, { mode: 0o700 });
  await writeFile(
    path.join(dataDir, 'config.json'),
    JSON.stringify({ http: { port: 0 }, workspaces: [{ path: folder, access: 'read' }] }),
  );
  session = await WindowSession.open({ dataDir });
});

after(async () => {
  await session?.close();
  if (sandbox) await rm(sandbox, { recursive: true, force: true });
});

function clientList(): Locator {
  return session.page.getByRole('banner').getByRole('list', { name: 'Clients connected now' });
}

/** Makes a key through the window's channel; HTTP starts listening once one exists. */
async function keyAndAddress(): Promise<{ key: string; url: string }> {
  const created = await session.harness.invoke('createKey', {
    name: 'header-test',
    folders: [folder],
    access: 'read',
  });
  assert.ok(created.ok, `createKey answered ${JSON.stringify(created)}`);
  const deadline = Date.now() + 10_000;
  for (;;) {
    const http = (await session.harness.status()).transports.find(
      (transport) => transport.transport === 'http',
    );
    if (http?.state === 'listening' && http.address)
      return { key: created.data.secret, url: http.address };
    assert.ok(Date.now() < deadline, `HTTP did not start: ${JSON.stringify(http)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the header: who is connected now', () => {
  it('says no client is connected at first', async () => {
    const header = session.page.getByRole('banner');
    await header.getByText('No clients connected now.').waitFor();
    assert.equal(await clientList().count(), 0);
  });

  it('names a real MCP client connected over HTTP, with its key, and drops it when it leaves', async () => {
    const { page } = session;
    const { key, url } = await keyAndAddress();
    const transports = page.getByRole('list', { name: 'How apps connect' });
    await transports.getByText(url).waitFor();

    const transport = new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { Authorization: `Bearer ${key}` } },
    });
    const client = new Client({ name: 'Cursor', version: '1.4.2' });
    await client.connect(transport);
    try {
      const entry = clientList().getByRole('listitem');
      await entry.filter({ hasText: 'Cursor 1.4.2' }).waitFor();
      assert.match(
        (await entry.textContent()) ?? '',
        /^Cursor 1\.4\.2 over HTTP with the key “header-test”, since \d{1,2}:\d{2}/,
      );
      await page.getByRole('banner').getByText('1 client connected now:').waitFor();
      assert.equal((await session.harness.status()).clientsConnected, 1);

      await session.assertAccessibleInBothThemes();
      await page.getByRole('main', { name: 'Folders' }).waitFor();
      await session.screenshots('window');
    } finally {
      await transport.terminateSession().catch(() => undefined);
      await client.close();
    }
    await page.getByRole('banner').getByText('No clients connected now.').waitFor();
    assert.equal(await clientList().count(), 0);
  });

  it('ran the whole time without a CSP violation or a page error', () => {
    session.assertNoPageProblems();
  });
});
