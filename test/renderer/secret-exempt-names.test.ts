// The file names whose secrets agents may read as they are: Settings checks each before it
// joins the list, and says in plain words why one cannot, with an example to follow.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkExemptName } from '../../renderer/screens/settings/secret-exempt-names.ts';

describe('a file name whose secrets are not hidden', () => {
  it('takes a file name, with * for any characters within it', () => {
    for (const name of ['*.example', 'sample-*.env', 'README.md', '*secret*'])
      assert.equal(checkExemptName(name, []), undefined, name);
  });

  it('asks for a name first, with an example', () => {
    assert.equal(checkExemptName('', []), 'Type a file name first, such as *.example.');
  });

  it('refuses a folder in the name, since a name counts in every folder', () => {
    for (const name of ['config/*.example', 'config\\app.env', '/etc/hosts'])
      assert.match(checkExemptName(name, []) ?? '', /^Write a file name without its folder/, name);
  });

  it('refuses a name of only *, which would show the secrets of every file', () => {
    for (const name of ['*', '***'])
      assert.match(checkExemptName(name, []) ?? '', /would show the secrets of every file/, name);
  });

  it('refuses a name listed already, one too long, and one more than the list holds', () => {
    assert.equal(checkExemptName('*.example', ['*.example']), '*.example is in the list already.');
    assert.equal(
      checkExemptName('x'.repeat(201), []),
      'That name is too long: 200 characters at most.',
    );
    assert.equal(checkExemptName('x'.repeat(200), []), undefined);
    const full = Array.from({ length: 200 }, (_, index) => `*.${index}`);
    assert.equal(checkExemptName('*.new', full), 'The list is full: 200 names at most.');
  });
});
