// Secrets inside files, as settings: each folder masks by default, entropy-based detection is
// off by default, and exempt file patterns start empty; a file saved before the group existed
// reads as those defaults, and a patch names only what changes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SettingsFileSchema } from '../../../main/core/settings/settings-schema.ts';
import { SettingsPatchSchema } from '../../../preload/contract/settings-patch-schema.ts';

describe('the secrets settings', () => {
  it('default to masking in every folder, no entropy detection and no exempt files', () => {
    const settings = SettingsFileSchema.parse({
      workspaces: [{ path: '/tmp/a', access: 'read' }],
    });
    assert.equal(settings.workspaces[0]?.maskSecrets, true);
    assert.deepEqual(settings.secrets, { entropy: false, exempt: [] });
  });

  it('keep a folder whose masking the person turned off', () => {
    const settings = SettingsFileSchema.parse({
      workspaces: [{ path: '/tmp/a', access: 'read', maskSecrets: false }],
      secrets: { exempt: ['*.example'] },
    });
    assert.equal(settings.workspaces[0]?.maskSecrets, false);
    assert.deepEqual(settings.secrets, { entropy: false, exempt: ['*.example'] });
  });

  it('refuse an empty, overlong or unknown exempt pattern', () => {
    for (const secrets of [
      { exempt: [''] },
      { exempt: ['x'.repeat(201)] },
      { exempt: Array.from({ length: 201 }, (_, i) => `*.${i}`) },
      { entropy: 'yes' },
    ]) {
      assert.equal(
        SettingsFileSchema.safeParse({ secrets }).success,
        false,
        JSON.stringify(secrets).slice(0, 60),
      );
    }
  });

  it('take a patch of one field, and refuse a field they do not have', () => {
    assert.deepEqual(SettingsPatchSchema.parse({ secrets: { entropy: true } }), {
      secrets: { entropy: true },
    });
    assert.equal(SettingsPatchSchema.safeParse({ secrets: { shown: true } }).success, false);
  });
});
