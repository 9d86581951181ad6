// The stateless (2026-era) HTTP clients remembered as connected: when the list is full, the
// one that has been quiet the longest is forgotten, not the one that arrived first, so a
// client still at work is never dropped for a burst of new ones.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RecentHttpClients } from '../../../main/core/http/http-clients.ts';

const names = (recent: RecentHttpClients, now: number) =>
  recent.list(now).map((entry) => entry.identity?.name);

describe('a full list of recent HTTP clients', () => {
  it('forgets the client seen least recently, not the first one to arrive', () => {
    const recent = new RecentHttpClients(60_000, 3);
    recent.seen('editor', { name: 'first' }, 0);
    recent.seen('editor', { name: 'second' }, 1);
    recent.seen('editor', { name: 'third' }, 2);
    // The first client is still at work; the second has been quiet the longest.
    assert.equal(recent.seen('editor', { name: 'first' }, 3), false);
    assert.equal(recent.seen('editor', { name: 'fourth' }, 4), true);
    assert.deepEqual(names(recent, 4), ['first', 'third', 'fourth']);
  });

  it('keeps the list in the order the clients arrived', () => {
    const recent = new RecentHttpClients(60_000, 3);
    recent.seen('editor', { name: 'first' }, 0);
    recent.seen('editor', { name: 'second' }, 1);
    recent.seen('editor', { name: 'first' }, 2);
    assert.deepEqual(names(recent, 2), ['first', 'second']);
    assert.equal(recent.list(2)[0]?.since, 0, 'since its first request');
  });

  it('holds 100 clients unless told otherwise', () => {
    const recent = new RecentHttpClients(60_000);
    for (let index = 0; index < 100; index += 1)
      recent.seen('editor', { name: `app ${index}` }, index);
    recent.seen('editor', { name: 'app 0' }, 100);
    recent.seen('editor', { name: 'newcomer' }, 101);
    const kept = names(recent, 101);
    assert.equal(kept.length, 100);
    assert.equal(kept.includes('app 0'), true, 'seen again, so kept');
    assert.equal(kept.includes('app 1'), false, 'quiet the longest, so forgotten');
  });
});
