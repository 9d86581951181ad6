// The folders the native picker returned, remembered under one-time ids: the window names
// a choice by its id, never by a path, and each id works once and not for long.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WorkspaceChoices } from '../../../../main/core/app/workspaces/workspace-choices.ts';
import { AppError } from '../../../../main/core/app/ipc/app-error.ts';

function expired(error: unknown): boolean {
  return error instanceof AppError && error.code === 'choice_expired';
}

describe('workspace choices', () => {
  it('gives back the folder once, and refuses the same id a second time', () => {
    const choices = new WorkspaceChoices();
    const id = choices.remember({ path: '/data/Novel', risk: null });
    assert.deepEqual(choices.take(id), { path: '/data/Novel', risk: null });
    assert.throws(() => choices.take(id), expired);
  });

  it('refuses an id it never gave, with words that say what to do', () => {
    const choices = new WorkspaceChoices();
    assert.throws(
      () => choices.take('made-up'),
      (error: unknown) => {
        assert.ok(expired(error));
        assert.match((error as Error).message, /Choose the folder again/);
        return true;
      },
    );
  });

  it('makes ids that cannot be guessed: random, long, and different each time', () => {
    const choices = new WorkspaceChoices();
    const ids = new Set(
      Array.from({ length: 10 }, () => choices.remember({ path: '/a', risk: null })),
    );
    assert.equal(ids.size, 10);
    for (const id of ids) assert.match(id, /^[\w-]{24}$/);
  });

  it('forgets a choice after its time is up', () => {
    let now = 1_000;
    const choices = new WorkspaceChoices({ ttlMs: 60_000, now: () => now });
    const early = choices.remember({ path: '/a', risk: null });
    const late = choices.remember({ path: '/b', risk: null });
    now += 59_999;
    assert.equal(choices.take(early).path, '/a');
    now += 1;
    assert.throws(() => choices.take(late), expired);
  });

  it('keeps only the newest choices when many wait', () => {
    const choices = new WorkspaceChoices({ limit: 2 });
    const first = choices.remember({ path: '/1', risk: null });
    const second = choices.remember({ path: '/2', risk: null });
    const third = choices.remember({ path: '/3', risk: null });
    assert.throws(() => choices.take(first), expired);
    assert.equal(choices.take(second).path, '/2');
    assert.equal(choices.take(third).path, '/3');
  });
});
