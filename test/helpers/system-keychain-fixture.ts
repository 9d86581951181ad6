// The real system keychain for a test file, under a service name of its own
// (<prefix>-<random>) whose entries it removes afterwards. On Linux that is a Secret
// Service over D-Bus: scripts/run-tests.sh runs the tests inside dbus-run-session with an
// unlocked gnome-keyring. Without one, a test that needs it fails under CI and reports
// itself as skipped elsewhere, with the reason: it never passes without having reached it.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { TestContext } from 'node:test';
import type { Keychain } from '../../main/core/platform/keychain.ts';
import { openSystemKeychain } from '../../main/core/platform/system-keychain.ts';

export interface TestKeychain {
  /** The service name the entries are kept under. */
  readonly service: string;
  readonly keychain: Keychain;
  /** Writes, reads and deletes an entry: call it in before(); true when all of it worked. */
  probe(): Promise<boolean>;
  /** True when the test may go on; otherwise fails (under CI) or marks the test skipped. */
  reachable(t: TestContext): boolean;
  /** Deletes every entry of the service and checks it is left empty; nothing when unreachable. */
  empty(): Promise<void>;
}

export function testKeychain(prefix: string): TestKeychain {
  const service = `${prefix}-${randomBytes(6).toString('hex')}`;
  const keychain = openSystemKeychain(service, { timeoutMs: 10_000 });
  let missingReason: string | undefined = 'not probed yet';

  /** Why no keychain can be used here, or undefined when a write, read and delete work. */
  async function whyMissing(): Promise<string | undefined> {
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

  return {
    service,
    keychain,
    async probe() {
      missingReason = await whyMissing();
      return missingReason === undefined;
    },
    reachable(t) {
      if (missingReason === undefined) return true;
      if (process.env.CI) {
        assert.fail(
          `CI must provide a system keychain (on Linux: dbus-run-session with an unlocked gnome-keyring), but: ${missingReason}`,
        );
      }
      t.skip(`no usable system keychain here: ${missingReason}`);
      return false;
    },
    async empty() {
      if (missingReason !== undefined) return;
      for (const { account } of await keychain.findAll()) await keychain.delete(account);
      assert.deepEqual(await keychain.findAll(), [], 'the test service is left empty');
    },
  };
}
