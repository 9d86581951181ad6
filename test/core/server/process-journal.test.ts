// One change history per process: every core assembled over a data dir records into the
// same journal, which takes the limits of the settings it was assembled with last; and a
// serve started outside the app follows the limits the person saves in the shared file.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_HISTORY_LIMITS } from '../../../main/core/history/history-limits.ts';
import { createDiagnosticsLog } from '../../../main/core/log/diagnostics.ts';
import { processJournal } from '../../../main/core/server/assemble-core.ts';
import { followSavedSettings } from '../../../main/core/server/follow-saved-settings.ts';
import type { Settings } from '../../../preload/contract/settings-schema.ts';
import { makeLayout } from '../fixtures.ts';

const MiB = 1024 * 1024;

describe('the process journal', () => {
  it('is one per data dir, and takes the limits it is given each time', async () => {
    const { dataDir } = await makeLayout();
    const first = await processJournal(dataDir, DEFAULT_HISTORY_LIMITS);
    const tighter = { ...DEFAULT_HISTORY_LIMITS, maxFileBytes: 8 * MiB, maxAgeDays: 7 };
    const again = await processJournal(dataDir, tighter);
    assert.equal(again, first);
    assert.deepEqual(first.limits, tighter);
    const other = await processJournal((await makeLayout()).dataDir, DEFAULT_HISTORY_LIMITS);
    assert.notEqual(other, first);
  });
});

describe('following the saved settings', () => {
  it('hands over the settings each time the file changes', async () => {
    const { dataDir } = await makeLayout();
    const seen: Settings[] = [];
    const stop = followSavedSettings(
      dataDir,
      'the history limits',
      (settings) => seen.push(settings),
      createDiagnosticsLog({ stderr: false }),
    );
    try {
      await writeFile(
        path.join(dataDir, 'config.json'),
        JSON.stringify({ history: { maxAgeDays: 3 } }),
      );
      for (let wait = 0; seen.length === 0 && wait < 100; wait++)
        await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(seen.at(-1)?.history.maxAgeDays, 3);
      assert.equal(seen.at(-1)?.history.maxFileBytes, DEFAULT_HISTORY_LIMITS.maxFileBytes);
    } finally {
      stop();
    }
  });
});
