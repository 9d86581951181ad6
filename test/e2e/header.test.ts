// The window's header, end to end: a real MCP client (the SDK's) connects over loopback
// HTTP with a key made in the window's own Keys channel, and the header names it among the
// clients connected now; when it leaves, the header says so.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator } from 'playwright-core';
import { seedDataDir, type SeededDataDir } from './support/data-dir.ts';
import { WindowSession } from './support/window-session.ts';

let session: WindowSession;
let seeded: SeededDataDir;
let folder: string;

before(async () => {
  seeded = await seedDataDir({ name: 'header', workspaces: { 'Project notes': 'read' } });
  folder = seeded.at('Project notes');
  session = await WindowSession.open({ dataDir: seeded.dataDir });
});

after(async () => {
  await session?.close();
  await seeded?.remove();
});

function clientList(): Locator {
  return session.page.getByRole('banner').getByRole('list', { name: 'Clients connected now' });
}

/** Makes a key through the window's channel; HTTP starts listening once one exists. */
async function keyAndAddress(): Promise<{ key: string; url: string }> {
  const created = await session.harness.invoke('createKey', {
    name: 'header-test',
    workspaces: [folder],
    access: 'read',
  });
  assert.ok(created.ok, `createKey answered ${JSON.stringify(created)}`);
  return { key: created.data.secret, url: await session.harness.httpAddress() };
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
      // As a person would come back to Folders after making the key in Keys: the folder
      // then names the key among those who can see it.
      await session.openSection('Keys');
      await session.openSection('Folders');
      await page.getByText('Key “header-test”: can read').waitFor();
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
