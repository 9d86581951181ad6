import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, it } from 'node:test';
import {
  AppHttpTransport,
  type AppKeyStore,
} from '../../../../main/core/app/serving/app-http-transport.ts';
import type { AppCore } from '../../../../main/core/app/serving/build-app-core.ts';
import type { HttpSettings } from '../../../../main/core/settings/http-settings.ts';
import type { VerifierEntry } from '../../../../main/core/keys/key-verifier.ts';
import type { DiagnosticsLog } from '../../../../main/core/log/diagnostics.ts';

const quiet = { error() {}, warn() {}, info() {}, debug() {} } as unknown as DiagnosticsLog;

/** A store with no keys whose reads are counted, the first one held until released. */
function countingStore(dataDir: string) {
  let release!: () => void;
  const firstRead = new Promise<void>((resolve) => (release = resolve));
  const store = {
    dataDir,
    reads: 0,
    async loadVerifierEntries(): Promise<VerifierEntry[]> {
      store.reads += 1;
      if (store.reads === 1) await firstRead;
      return [];
    },
    issuedByName: () => Promise.resolve(new Map<string, string>()),
  };
  return { store, release };
}

describe("the app's HTTP transport", () => {
  it('stopped while the keychain is first read, it does not go on watching for keys', async (t) => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'airlock-app-http-'));
    t.after(() => rm(dataDir, { recursive: true, force: true }));
    const { store, release } = countingStore(dataDir);
    const transport = new AppHttpTransport({
      keyStore: store as unknown as AppKeyStore,
      env: {},
      log: quiet,
      onStatusChange: () => {},
    });
    const starting = transport.start({} as AppCore, { port: 0 } as unknown as HttpSettings);
    const stopping = transport.stop();
    release();
    await starting;
    await stopping;
    await writeFile(path.join(dataDir, 'keys.json'), '{"keys":[]}');
    await delay(300);
    assert.equal(store.reads, 1, 'the keys were read again after the app stopped');
    assert.equal(transport.status.state, 'off');
  });
});
