import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditEntry } from '../../../main/core/audit/audit-record.ts';
import { KEY_CHANGE_REASONS } from '../../../main/core/keys/key-change-record.ts';
import type { KeyScope } from '../../../main/core/keys/key-scope.ts';
import { KeysError } from '../../../main/core/keys/keys-error.ts';
import { KeysService, type KeyManagementStore } from '../../../main/core/keys/keys-service.ts';

const scope: KeyScope = { workspaces: ['/work/a'], access: 'read' };

function serviceWith(store: Partial<KeyManagementStore>, record?: () => Promise<void>) {
  const records: AuditEntry[] = [];
  const failures: string[] = [];
  const keys = new KeysService({
    store: { dataDir: '/data', ...store } as KeyManagementStore,
    transport: 'cli',
    record: record ?? ((entry) => Promise.resolve(void records.push(entry))),
    onRecordFailure: (entry, error) => failures.push(`${entry.reason}: ${String(error)}`),
  });
  return { keys, records, failures };
}

describe('the keys service', () => {
  it('records a created key with its scope and the app it was made for, never its secret', async () => {
    const { keys, records } = serviceWith({ create: () => Promise.resolve('secret-1') });
    assert.equal(await keys.create('cursor', scope, 'cursor'), 'secret-1');
    assert.deepEqual(records, [
      {
        event: 'settings_change',
        transport: 'cli',
        outcome: 'ok',
        reason: KEY_CHANGE_REASONS.created,
        detail: { key: 'cursor', scope: records[0]?.detail?.scope, madeFor: 'cursor' },
      },
    ]);
    assert.equal(JSON.stringify(records).includes('secret-1'), false);
  });

  it('records a revoke whose old secret stayed in the keychain, then still reports it', async () => {
    const { keys, records } = serviceWith({
      revoke: () => Promise.reject(new KeysError('partly_revoked', 'left behind')),
    });
    await assert.rejects(keys.revoke('cursor'), { code: 'partly_revoked' });
    assert.equal(records[0]?.reason, KEY_CHANGE_REASONS.revoked);
    assert.deepEqual(records[0]?.detail, { key: 'cursor', secretLeftInKeychain: true });
  });

  it('records nothing for a change that was not made', async () => {
    const { keys, records } = serviceWith({
      rotate: () => Promise.reject(new KeysError('unknown_key', 'no such key')),
    });
    await assert.rejects(keys.rotate('cursor'), { code: 'unknown_key' });
    assert.deepEqual(records, []);
  });

  it('returns a rotated secret even when its record cannot be written, and reports that', async () => {
    const { keys, failures } = serviceWith({ rotate: () => Promise.resolve('secret-2') }, () =>
      Promise.reject(new Error('disk full')),
    );
    assert.equal(await keys.rotate('cursor'), 'secret-2');
    assert.deepEqual(failures, [`${KEY_CHANGE_REASONS.rotated}: Error: disk full`]);
  });

  it('refuses an invalid name before the store is touched', () => {
    const { keys } = serviceWith({ create: () => assert.fail('the store was reached') });
    return assert.rejects(keys.create('cursor/laptop', scope), { code: 'invalid_name' });
  });
});
