// Connecting an HTTP app from the window with its key in the real system keychain, under a
// service name of its own (airlock-test-connect-<random>) whose entries it removes
// afterwards. Without a keychain (see system-keychain-fixture.ts), this file fails under
// CI and reports itself as skipped elsewhere: it never passes without having reached one.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { configValue } from '../../../../main/core/connect/merge-config.ts';
import { KeychainKeyStore } from '../../../../main/core/keys/keychain-key-store.ts';
import { ApiKeyVerifier } from '../../../../main/core/keys/key-verifier.ts';
import { connectV2, resultText } from '../../../helpers/http-clients.ts';
import { eventually, httpAddress, makeAppSandbox, type AppSandbox } from '../app-fixture.ts';
import { data } from '../handlers-fixture.ts';
import { filesBelow } from '../../keys/keys-fixture.ts';
import { testKeychain } from '../../../helpers/system-keychain-fixture.ts';
import { startConnectionsFixture, type ConnectionsFixture } from './connections-fixture.ts';

const system = testKeychain('airlock-test-connect');
const { keychain } = system;

describe('connecting Cursor from the window, with its key in the real system keychain', () => {
  let sandbox: AppSandbox;
  let fixture: ConnectionsFixture;
  let store: KeychainKeyStore;
  let secret = '';

  before(async () => {
    if (!(await system.probe())) return;
    sandbox = await makeAppSandbox();
    store = new KeychainKeyStore({ dataDir: sandbox.dataDir, keychain });
    fixture = await startConnectionsFixture(sandbox, { keyStore: store });
  });

  after(async () => {
    await sandbox?.cleanup();
    await system.empty();
  });

  it('keeps the new key in the system keychain only; the file holds that very key', async (t) => {
    if (!system.reachable(t)) return;
    const result = data(await fixture.connect('cursor', [sandbox.folderA], 'write'));
    assert.equal(result.changed, true);
    const servers = configValue(await readFile(fixture.files.cursor, 'utf8')).mcpServers as {
      airlock: { headers: { Authorization: string } };
    };
    secret = servers.airlock.headers.Authorization.replace(/^Bearer /, '');
    assert.equal(await keychain.get('key:cursor'), secret);
    for (const { file, text } of await filesBelow(sandbox.dataDir))
      assert.equal(text.includes(secret), false, `the key was written to ${file}`);
    const verifier = new ApiKeyVerifier(await store.loadVerifierEntries());
    assert.deepEqual(verifier.verify(secret), {
      name: 'cursor',
      scope: { workspaces: [sandbox.folderA], access: 'write' },
    });
  });

  it("is accepted by the app's HTTP server, for the chosen folder", async (t) => {
    if (!system.reachable(t)) return;
    const url = await httpAddress(fixture.app);
    let text = '';
    await eventually(async () => {
      const client = await connectV2(url, secret).catch(() => undefined);
      if (!client) return false;
      text = resultText(await client.callTool({ name: 'list_allowed_directories', arguments: {} }));
      await client.close();
      return true;
    }, 'the server takes the key from the keychain');
    assert.ok(text.includes(sandbox.folderA), text);
    assert.ok(!text.includes(sandbox.folderB), text);
  });

  it('connecting again reads the key back from the keychain and changes nothing', async (t) => {
    if (!system.reachable(t)) return;
    const before = await readFile(fixture.files.cursor, 'utf8');
    const result = data(await fixture.connect('cursor', [sandbox.folderA], 'write'));
    assert.equal(result.changed, false);
    assert.equal(await readFile(fixture.files.cursor, 'utf8'), before);
    assert.equal(await keychain.get('key:cursor'), secret);
  });

  it('removing Cursor deletes its key from the keychain', async (t) => {
    if (!system.reachable(t)) return;
    const result = data(await fixture.handlers.disconnectClient({ client: 'cursor' }));
    assert.equal(result.keyRevoked, true);
    assert.equal(await keychain.get('key:cursor'), undefined);
  });
});
