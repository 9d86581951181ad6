// The sensitive-file guard in the words the Folders list shows beside each folder.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { summarizeGuard } from '../../../main/core/policy/guard-summary.ts';
import { DEFAULT_GUARD_SETTINGS } from '../../../main/core/policy/sensitive-guard.ts';

describe('the guard summary', () => {
  it('names the first families of the defaults and counts the rest', () => {
    const summary = summarizeGuard(DEFAULT_GUARD_SETTINGS);
    const total =
      DEFAULT_GUARD_SETTINGS.patterns.length + DEFAULT_GUARD_SETTINGS.nestedPatterns.length;
    // .env files are 2 patterns, private keys 8.
    assert.equal(summary.text, `Secrets hidden: .env files, private keys and ${total - 10} more`);
    assert.equal(summary.tone, 'ok');
    assert.equal(summary.hidden.length, total);
  });

  it('says plainly when the guard is off, as a warning', () => {
    const summary = summarizeGuard({ ...DEFAULT_GUARD_SETTINGS, enabled: false });
    assert.equal(summary.tone, 'warning');
    assert.match(summary.text, /^Secret guard off: agents can read \.env files/);
    assert.deepEqual(summary.hidden, []);
  });

  it('warns when the guard is on but hides nothing', () => {
    const summary = summarizeGuard({ enabled: true, patterns: [], nestedPatterns: [] });
    assert.equal(summary.tone, 'warning');
    assert.match(summary.text, /hides nothing/);
  });

  it('names patterns of its own that no family covers', () => {
    assert.equal(
      summarizeGuard({ enabled: true, patterns: ['secret.txt'], nestedPatterns: [] }).text,
      'Secrets hidden: secret.txt',
    );
    assert.equal(
      summarizeGuard({ enabled: true, patterns: ['.env', 'a.txt'], nestedPatterns: ['b/c'] }).text,
      'Secrets hidden: .env files, a.txt and 1 more',
    );
    assert.equal(
      summarizeGuard({ enabled: true, patterns: ['.env', '*.pem'], nestedPatterns: [] }).text,
      'Secrets hidden: .env files and private keys',
    );
  });
});
