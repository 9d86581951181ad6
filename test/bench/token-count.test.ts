import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { countAnswer, countToolList, tokensOf } from '../../bench/tokens/count.ts';
import {
  CONTENT_LINES,
  createTokenFixtures,
  LISTING_ENTRIES,
  SEARCH_HITS,
  type TokenFixtures,
} from '../../bench/tokens/fixtures.ts';
import { canonicalPaths, CANONICAL_ROOT, missingFacts } from '../../bench/tokens/tasks.ts';

describe('token counting', () => {
  it('counts o200k_base tokens', () => {
    assert.equal(tokensOf(''), 0);
    assert.equal(tokensOf('hello world'), 2);
  });

  it('counts the text blocks and the structured content apart, and sums them', () => {
    const count = countAnswer({
      content: [
        { type: 'text', text: 'hello world' },
        { type: 'text', text: 'hello' },
      ],
      structuredContent: { content: 'hello world' },
    });
    assert.equal(count.text, 3);
    assert.equal(count.structured, tokensOf('{"content":"hello world"}'));
    assert.equal(count.total, count.text + count.structured);
    assert.equal(count.bytes, 'hello world'.length + 'hello'.length + 25);
  });

  it('counts no structured tokens for an answer without structured content', () => {
    const count = countAnswer({ content: [{ type: 'text', text: 'hello world' }] });
    assert.deepEqual([count.text, count.structured, count.total], [2, 0, 2]);
  });

  it('counts tools/list as the JSON of the whole tools array', () => {
    const tools = [{ name: 'read', inputSchema: { type: 'object' as const } }];
    assert.equal(countToolList(tools).total, tokensOf(JSON.stringify(tools)));
  });
});

describe('facts in an answer', () => {
  it('finds a name as a whole word, or as the end of a path, as often as it must appear', () => {
    const text = '/w/a/user.ts\n  user.ts\n  user.tsx\n';
    assert.equal(missingFacts(text, [{ text: 'user.ts', count: 2, word: true }]), 0);
    assert.equal(missingFacts(text, [{ text: 'user.ts', count: 3, word: true }]), 1);
    assert.equal(missingFacts(text, [{ text: 'a/user.ts', word: true }]), 0);
    assert.equal(missingFacts(text, [{ text: 'ser.ts', word: true }]), 1);
  });

  it('reads names inside JSON strings, escaped line breaks and all', () => {
    const json = JSON.stringify({ content: 'one.txt\ntwo.txt' });
    assert.equal(missingFacts(json, [{ text: 'two.txt', word: true }]), 0);
  });

  it('finds a plain fact as a substring', () => {
    assert.equal(missingFacts('+  timeoutMs: 30000,', [{ text: 'timeoutMs: 30000' }]), 0);
  });
});

describe('the token fixtures', () => {
  let fixtures: TokenFixtures;
  before(() => {
    fixtures = createTokenFixtures({ bigTreeFiles: 50 });
  });
  after(() => fixtures.remove());

  it('hold exactly the sizes the tasks are named for', () => {
    assert.equal(fixtures.listingEntries.length, LISTING_ENTRIES);
    assert.equal(fixtures.searchHits.length, SEARCH_HITS);
    assert.equal(fixtures.contentMatches.length, CONTENT_LINES);
    assert.equal(fixtures.projectEntries.filter((entry) => entry.type === 'file').length, 1_000);
    assert.equal(fixtures.readFiles.length, 5);
    assert.equal(fixtures.edits.length, 3);
    for (const hit of fixtures.searchHits) assert.ok(existsSync(join(fixtures.search, hit)), hit);
    for (const match of fixtures.contentMatches) {
      const lines = readFileSync(join(fixtures.search, match.path), 'utf8').split('\n');
      assert.equal(lines[match.line - 1], match.text);
    }
  });

  it('are the same in every run', () => {
    const again = createTokenFixtures({ bigTreeFiles: 50 });
    try {
      assert.deepEqual(again.projectEntries, fixtures.projectEntries);
      assert.deepEqual(again.listingEntries, fixtures.listingEntries);
      assert.deepEqual(again.contentMatches, fixtures.contentMatches);
      assert.deepEqual(again.edits, fixtures.edits);
    } finally {
      again.remove();
    }
  });

  it('count the temporary folder and the creation time as fixed text', () => {
    const canonical = canonicalPaths(fixtures);
    assert.equal(canonical(`${fixtures.project}/a.ts`), `${CANONICAL_ROOT}/workspace/project/a.ts`);
    assert.equal(
      canonical(`created: ${fixtures.infoCreated.toISOString()}`),
      `created: ${fixtures.fixedTime.toISOString()}`,
    );
  });
});
