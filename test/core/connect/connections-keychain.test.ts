// Connecting an HTTP app from the window with its key in the real system keychain, under a
// service name of its own (airlock-test-connect-<random>) whose entries it removes
// afterwards. On Linux that is a Secret Service over D-Bus: scripts/run-tests.sh runs the
// tests inside dbus-run-session with an unlocked gnome-keyring. Without one, this file
// fails under CI and reports itself as skipped elsewhere: it never passes without having
// reached a keychain.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it, type TestContext } from 'node:test';
import { configValue } from '../../../main/core/connect/merge-config.ts';
import { KeychainKeyStore } from '../../../main/core/keys/keychain-key-store.ts';
import { ApiKeyVerifier } from '../../../main/core/keys/key-verifier.ts';
import { openSystemKeychain } from '../../../main/core/keys/system-keychain.ts';
import { connectV2, resultText } from '../../helpers/http-clients.ts';
import { eventually, makeAppSandbox, type AppSandbox } from '../app/app-fixture.ts';
import { filesBelow } from '../keys/keys-fixture.ts';
import {
  data,
  httpAddress,
  startConnectionsFixture,
  type ConnectionsFixture,
} from './connections-fixture.ts';

const SERVICE = `airlock-test-connect-${randomBytes(6).toString('hex')}`;
const keychain = openSystemKeychain(SERVICE, { timeoutMs: 10_000 });

/** Why no keychain can be used here, or undefined when a write, read and delete work. */
async function keychainMissingReason(): Promise<string | undefined> {
  const account = `probe-${randomBytes(4).toString('hex')}`;
  try {
    await keychain.set(account, 'probe');
    const read = await keychain.get(account);
    await keychain.delete(account);
    return read === 'probe' ? undefined : 'the keychain did not return what was stored';
  } catch (error) {
    // The keychain's own words, without the advice meant for people.
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    return cause instanceof Error ? cause.message : String(cause);
  }
}

let missingReason: string | undefined = 'not probed yet';

/** True when the test may go on; otherwise fails (under CI) or marks the test skipped. */
function keychainReachable(t: TestContext): boolean {
  if (missingReason === undefined) return true;
  if (process.env.CI) {
    assert.fail(
      `CI must provide a system keychain (on Linux: dbus-run-session with an unlocked gnome-keyring), but: ${missingReason}`,
    );
  }
  t.skip(`no usable system keychain here: ${missingReason}`);
  return false;
}

describe('connecting Cursor from the window, with its key in the real system keychain', () => {
  let sandbox: AppSandbox;
  let fixture: ConnectionsFixture;
  let store: KeychainKeyStore;
  let secret = '';

  before(async () => {
    missingReason = await keychainMissingReason();
    if (missingReason !== undefined) return;
    sandbox = await makeAppSandbox();
    store = new KeychainKeyStore({ dataDir: sandbox.dataDir, keychain });
    fixture = await startConnectionsFixture(sandbox, { keyStore: store });
  });

  after(async () => {
    if (missingReason !== undefined) return;
    await sandbox.cleanup();
    for (const { account } of await keychain.findAll()) await keychain.delete(account);
    assert.deepEqual(await keychain.findAll(), [], 'the test service is left empty');
  });

  it('keeps the new key in the system keychain only; the file holds that very key', async (t) => {
    if (!keychainReachable(t)) return;
    const result = data(
      await fixture.handlers.connectClient({
        client: 'cursor',
        folders: [sandbox.folderA],
        access: 'write',
      }),
    );
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
    if (!keychainReachable(t)) return;
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
    if (!keychainReachable(t)) return;
    const before = await readFile(fixture.files.cursor, 'utf8');
    const result = data(
      await fixture.handlers.connectClient({
        client: 'cursor',
        folders: [sandbox.folderA],
        access: 'write',
      }),
    );
    assert.equal(result.changed, false);
    assert.equal(await readFile(fixture.files.cursor, 'utf8'), before);
    assert.equal(await keychain.get('key:cursor'), secret);
  });

  it('removing Cursor deletes its key from the keychain', async (t) => {
    if (!keychainReachable(t)) return;
    const result = data(await fixture.handlers.disconnectClient({ client: 'cursor' }));
    assert.equal(result.keyRevoked, true);
    assert.equal(await keychain.get('key:cursor'), undefined);
  });
});
