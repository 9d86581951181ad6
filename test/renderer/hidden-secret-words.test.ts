// A call on a file with passwords and keys in it: its record in Activity says how many values
// were hidden from the agent and of which kinds, and how many a write put back, in words a
// person reads; never the log's keys, and the log never has the values to show.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ActivityRecord } from '../../renderer/screens/activity/activity-words.ts';
import { detailInWords } from '../../renderer/screens/activity/detail-words.ts';
import { hiddenValuesWords, plural } from '../../renderer/screens/activity/hidden-secret-words.ts';

function call(tool: string, detail: Record<string, unknown>): ActivityRecord {
  return {
    seq: 7,
    ts: '2026-03-04T10:02:00.000Z',
    event: 'tool_call',
    outcome: 'ok',
    tool,
    correlationId: 'c483f507f95e',
    detail,
  };
}

const awsKey = { kind: 'aws-secret-key', label: 'AWS secret key', count: 1 };
const urlPassword = { kind: 'url-password', label: 'password in a URL', count: 1 };

describe('secrets hidden from the agent, in a record’s details', () => {
  it('says how many values a read hid, and of which kinds', () => {
    const entries = detailInWords(
      call('read_text_file', { secretsHidden: { total: 2, byKind: [awsKey, urlPassword] } }),
    );
    assert.deepEqual(entries, [
      { words: 'Hidden from the agent', value: '2 values (AWS secret key, password in a link)' },
    ]);
    assert.ok(!JSON.stringify(entries).includes('secretsHidden'));
  });

  it('says how many a write put back, beside what its change could undo', () => {
    const entries = detailInWords(
      call('edit_file', {
        changeId: 'c483f507f95e',
        undoable: true,
        secretsRestored: { total: 1, byKind: [awsKey] },
      }),
    );
    assert.deepEqual(entries, [
      { words: 'Could be undone', value: 'Yes: history kept what this change replaced.' },
      { words: 'Put back when writing', value: '1 value (AWS secret key)' },
    ]);
  });

  it('reads the counts by kind as an object too, and a write’s bare number', () => {
    const entries = detailInWords(
      call('edit_file', {
        secretsHidden: { total: 3, byKind: { 'aws-secret-key': 2, 'url-password': 1 } },
        secretsRestored: 2,
      }),
    );
    assert.deepEqual(entries, [
      {
        words: 'Hidden from the agent',
        value: '3 values (2 AWS secret keys, 1 password in a link)',
      },
      { words: 'Put back when writing', value: '2 values' },
    ]);
    assert.equal(hiddenValuesWords(1), '1 value');
    assert.equal(hiddenValuesWords({ total: 2 }), '2 values');
  });

  it('gives each kind its number once any kind was hidden more than once', () => {
    assert.equal(
      hiddenValuesWords({ total: 3, byKind: [{ ...awsKey, count: 2 }, urlPassword] }),
      '3 values (2 AWS secret keys, 1 password in a link)',
    );
    assert.equal(
      hiddenValuesWords({ total: 2, byKind: [{ ...urlPassword, count: 2 }] }),
      '2 values (passwords in links)',
    );
  });

  it('names each kind in the window’s words, and a kind it does not know by its label', () => {
    assert.equal(
      hiddenValuesWords({
        total: 3,
        byKind: [
          { kind: 'private-key', label: 'private key', count: 1 },
          { kind: 'authorization', label: 'authorization credential', count: 1 },
          { kind: 'generic-secret', label: 'random-looking secret value', count: 1 },
        ],
      }),
      '3 values (private key, login credential, random-looking secret)',
    );
    assert.equal(
      hiddenValuesWords({
        total: 1,
        byKind: [{ kind: 'acme-token', label: 'Acme token', count: 1 }],
      }),
      '1 value (Acme token)',
    );
  });

  it('shows counts it cannot read as the log holds them', () => {
    for (const odd of [
      'two',
      -1,
      { total: '2', byKind: [] },
      { total: 2, byKind: 'aws-secret-key' },
      { total: 1, byKind: [{ kind: 'aws-secret-key', count: -1 }] },
      { total: 1, byKind: { 'aws-secret-key': 'one' } },
      { total: 1.5, byKind: [] },
    ]) {
      assert.equal(hiddenValuesWords(odd), undefined, JSON.stringify(odd));
      assert.deepEqual(detailInWords(call('read_text_file', { secretsHidden: odd })), [
        { words: 'secretsHidden', value: odd },
      ]);
    }
    assert.equal(hiddenValuesWords({ total: 0, byKind: [] }), 'None');
  });

  it('makes plurals a person would write', () => {
    assert.equal(plural('AWS secret key'), 'AWS secret keys');
    assert.equal(plural('password in a link'), 'passwords in links');
    assert.equal(plural('password in a URL'), 'passwords in URLs');
    assert.equal(plural('secrets'), 'secrets');
  });
});
