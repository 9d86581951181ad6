import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadHttpKeys, type HttpKeyStore } from '../../../main/core/keys/http-keys.ts';
import type { VerifierEntry } from '../../../main/core/keys/key-verifier.ts';
import type { DiagnosticsLog } from '../../../main/core/log/diagnostics.ts';

function logInto(lines: string[]): DiagnosticsLog {
  const note = (line: string) => void lines.push(line);
  return { error: note, warn: note, info: note, debug: note } as unknown as DiagnosticsLog;
}

describe('the keys an HTTP server accepts', () => {
  it('starts with MCP_API_KEY alone when the keychain is locked, and forgets the problem once it is read', async (t) => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'airlock-http-keys-'));
    t.after(() => rm(dataDir, { recursive: true, force: true }));
    let locked = true;
    const store: HttpKeyStore = {
      dataDir,
      loadVerifierEntries: (): Promise<VerifierEntry[]> =>
        locked ? Promise.reject(new Error('the keychain is locked')) : Promise.resolve([]),
      issuedByName: () => Promise.resolve(new Map()),
    };
    const lines: string[] = [];
    const keys = await loadHttpKeys({
      store,
      env: { MCP_API_KEY: 'x'.repeat(40) },
      allowWrite: false,
      log: logInto(lines),
    });
    t.after(() => keys.close());
    assert.equal(keys.hasKeys(), true);
    assert.equal(keys.keychainProblem(), 'the keychain is locked');
    assert.match(lines.join('\n'), /only MCP_API_KEY can be used: the keychain is locked/);
    locked = false;
    const reloaded = new Promise<void>((resolve) => keys.onReload(resolve));
    await writeFile(path.join(dataDir, 'keys.json'), '{"keys":[]}');
    await reloaded;
    assert.equal(keys.keychainProblem(), undefined);
  });
});
