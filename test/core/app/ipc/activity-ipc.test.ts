// The activity channels on a running app: every request is checked against the contract,
// a bad one gets a clear error, and the log and the app go on answering after it.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { IpcHandlers } from '../../../../main/core/app/ipc/ipc-handlers.ts';
import { forwardIpcEvents } from '../../../../main/core/app/ipc/ipc-events.ts';
import type { AirlockApp } from '../../../../main/core/app/start-airlock-app.ts';
import { eventually, makeAppSandbox, type AppSandbox } from '../app-fixture.ts';
import { data, refusal, startHandlers } from '../handlers-fixture.ts';

let sandbox: AppSandbox;
let app: AirlockApp;
let handlers: IpcHandlers;
let saveTo: string | undefined;
const suggested: string[] = [];

before(async () => {
  sandbox = await makeAppSandbox();
  ({ app, handlers } = await startHandlers(sandbox, {
    dependencies: {
      pickSaveFile: async (name) => {
        suggested.push(name);
        return saveTo;
      },
    },
  }));
});
after(async () => sandbox.cleanup());

describe('activity channels on the running app', () => {
  it("shows the app's own records, newest first, as they are written", async () => {
    await app.setPaused(true);
    await app.setPaused(false);
    await eventually(async () => {
      const page = data(await handlers.queryActivity({ filters: { text: 'Access' } }));
      return page.totalMatched === 2;
    }, 'the two settings changes');
    const page = data(await handlers.queryActivity({ filters: { text: 'access' }, limit: 1 }));
    assert.equal(page.records[0]?.event, 'settings_change');
    assert.equal(page.records[0]?.reason, 'Access resumed in Airlock');
    assert.deepEqual(data(await handlers.activityState(undefined)).ready, true);
  });

  it('sends the window an activityAdded event for new records', async () => {
    const events: unknown[] = [];
    const stop = forwardIpcEvents({ app }, (event, payload) => {
      if (event === 'activityAdded') events.push(payload);
    });
    try {
      await app.setPaused(true);
      await app.setPaused(false);
      await eventually(() => events.length > 0, 'an activityAdded event');
    } finally {
      stop();
    }
  });

  const refused: [keyof IpcHandlers, unknown, RegExp][] = [
    ['queryActivity', { filters: { outcome: 'maybe' } }, /outcome/],
    ['queryActivity', { limit: 0 }, /limit/],
    ['queryActivity', { limit: 100_000 }, /limit/],
    ['queryActivity', { offset: -1 }, /offset/],
    ['queryActivity', { filters: { since: 10, until: 5 } }, /start of the time range/],
    ['queryActivity', { filters: { since: 'yesterday' } }, /since/],
    ['queryActivity', { cursor: '../../etc' }, /cursor/],
    ['queryActivity', { filters: { workspace: '' } }, /workspace/],
    ['queryActivity', { filters: { everything: true } }, /everything/],
    ['queryActivity', { sql: 'drop' }, /sql/],
    ['queryActivity', 'all of it', /./],
    ['activityFilters', { any: 1 }, /./],
    ['verifyActivity', { now: true }, /./],
    ['exportActivity', { format: 'pdf' }, /format/],
    ['exportActivity', { filters: { tool: 5 }, format: 'csv' }, /tool/],
  ];
  for (const [channel, request, words] of refused) {
    it(`refuses ${channel} ${JSON.stringify(request)} with a clear error`, async () => {
      const answer = await handlers[channel](request);
      assert.equal(answer.ok, false);
      if (answer.ok) return;
      assert.equal(answer.error.code, 'invalid_request');
      assert.match(answer.error.message, words);
    });
  }

  it('refuses a cursor the engine cannot place, and keeps answering afterwards', async () => {
    const answer = await handlers.queryActivity({ cursor: 'bm9wZQ' });
    assert.deepEqual(answer, {
      ok: false,
      error: {
        code: 'invalid_request',
        message: 'This part of the list is out of date. Search again to see the latest records.',
      },
    });
    assert.ok(data(await handlers.queryActivity({})).totalMatched >= 4);
    assert.equal((await app.status()).paused, false);
  });

  it('exports the filtered view to the file the person picks', async () => {
    saveTo = path.join(sandbox.root, 'activity.jsonl');
    const saved = data(
      await handlers.exportActivity({ filters: { text: 'paused' }, format: 'jsonl' }),
    );
    assert.deepEqual(saved, { file: saveTo, count: 2 });
    assert.match(suggested.at(-1) ?? '', /^airlock-activity-\d{4}-\d\d-\d\d\.jsonl$/);
    const lines = readFileSync(saveTo, 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, 3);
    assert.equal(JSON.parse(lines[0] as string).reason, 'Access paused in Airlock');
  });

  it('exports only the records the list holds: those below the seq it was pinned at', async () => {
    const pinned = data(await handlers.queryActivity({ filters: { text: 'paused' } }));
    assert.equal(pinned.totalMatched, 2);
    await app.setPaused(true);
    await app.setPaused(false);
    await eventually(async () => {
      const page = data(await handlers.queryActivity({ filters: { text: 'paused' } }));
      return page.totalMatched === 3;
    }, 'a newer record the list does not hold');
    saveTo = path.join(sandbox.root, 'pinned.jsonl');
    const saved = data(
      await handlers.exportActivity({
        filters: { text: 'paused' },
        format: 'jsonl',
        beforeSeq: pinned.newestSeq + 1,
      }),
    );
    assert.deepEqual(saved, { file: saveTo, count: 2 });
    const lines = readFileSync(saveTo, 'utf8').trimEnd().split('\n');
    assert.deepEqual(
      lines.slice(0, -1).map((line) => JSON.parse(line).seq),
      pinned.records.map((record) => record.seq),
    );
  });

  it("refuses to save over Airlock's own files, also through a link to its folder", async () => {
    const shortcut = path.join(sandbox.root, 'shortcut');
    symlinkSync(sandbox.dataDir, shortcut);
    const config = path.join(sandbox.dataDir, 'config.json');
    if (!existsSync(config)) writeFileSync(config, '{}\n');
    const configBefore = readFileSync(config, 'utf8');
    const auditFile = path.join(sandbox.dataDir, 'audit', 'audit.jsonl');
    const auditBefore = readFileSync(auditFile, 'utf8');
    const targets = [
      config,
      auditFile,
      path.join(shortcut, 'config.json'),
      path.join(shortcut, 'audit', 'audit.jsonl'),
      path.join(sandbox.dataDir, 'a-new-name.csv'),
    ];
    for (const target of targets) {
      saveTo = target;
      const refused = refusal(await handlers.exportActivity({ format: 'jsonl' }));
      assert.equal(refused.code, 'invalid_request', target);
      assert.match(refused.message, /Airlock keeps its own files in that folder/, target);
    }
    assert.equal(readFileSync(config, 'utf8'), configBefore, 'config.json is untouched');
    assert.ok(readFileSync(auditFile, 'utf8').startsWith(auditBefore), 'the log is untouched');
    assert.equal(existsSync(path.join(sandbox.dataDir, 'a-new-name.csv')), false);
    for (const dir of [sandbox.dataDir, path.join(sandbox.dataDir, 'audit')])
      assert.deepEqual(
        readdirSync(dir).filter((name) => name.endsWith('.part')),
        [],
        'no half-written file is left',
      );
    // The log goes on as before, and a place outside the folder still works.
    saveTo = path.join(sandbox.root, 'after.csv');
    assert.equal(data(await handlers.exportActivity({ format: 'csv' }))?.file, saveTo);
  });

  it('answers null when the person cancels the save dialog', async () => {
    saveTo = undefined;
    assert.equal(data(await handlers.exportActivity({ format: 'csv' })), null);
  });

  it('checks the chain now, and remembers the result', async () => {
    const check = data(await handlers.verifyActivity(undefined));
    assert.equal(check.state, 'intact');
    assert.deepEqual(data(await handlers.activityState(undefined)).check, check);
  });
});
