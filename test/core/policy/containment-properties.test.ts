import assert from 'node:assert/strict';
import { mkdir, realpath, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isPolicyError } from '../../../main/core/policy/policy-error.ts';
import { policyFor, tempRoot } from './policy-fixture.ts';

const root = await tempRoot();
const ws = path.join(root, 'ws');
await mkdir(path.join(ws, 'docs', 'deep'), { recursive: true });
await mkdir(path.join(root, 'ws_evil'), { recursive: true });
await mkdir(path.join(root, 'outside'), { recursive: true });
await writeFile(path.join(ws, 'docs', 'a.txt'), 'a');
await writeFile(path.join(root, 'outside', 'secret.txt'), 'secret');
await writeFile(path.join(root, 'ws_evil', 'secret.txt'), 'secret');
await symlink(path.join(root, 'outside'), path.join(ws, 'dir-out'));
await symlink('../../outside/secret.txt', path.join(ws, 'docs', 'rel-out'));
await symlink(path.join(root, 'outside', 'missing'), path.join(ws, 'dangling-out'));
await symlink('deep', path.join(ws, 'docs', 'loop-in'));
const policy = await policyFor([ws, 'write']);

/** Independent of the code under test: plain string arithmetic on already-real paths. */
function independentlyInside(real: string): boolean {
  const relative = path.relative(ws, real);
  return relative === '' || (relative.split(path.sep)[0] !== '..' && !path.isAbsolute(relative));
}

const segment = fc.constantFrom(
  '..',
  '.',
  '',
  'docs',
  'deep',
  'a.txt',
  'secret.txt',
  'dir-out',
  'rel-out',
  'dangling-out',
  'loop-in',
  'ws',
  'ws_evil',
  'outside',
  '%2e%2e',
  '..%2f',
  'new.txt',
  '.env',
  '\u00e9',
  'a\\..\\..',
);
const start = fc.constantFrom('', '/', `${ws}/`, `${root}/`, `${ws}_evil/`, `${ws}//`, './');
const requested = fc
  .tuple(start, fc.array(segment, { maxLength: 8 }), fc.boolean())
  .map(([prefix, parts, asUri]) => {
    const text = prefix + parts.join('/');
    if (!asUri || !path.isAbsolute(text)) return text;
    return pathToFileURL(text).href;
  });

describe('containment properties (fast-check)', () => {
  it('never resolves an existing path outside the workspace, whatever the string', async () => {
    await fc.assert(
      fc.asyncProperty(requested, async (raw) => {
        try {
          const resolved = await policy.resolveExisting(raw);
          assert.ok(independentlyInside(resolved.real), `${raw} resolved to ${resolved.real}`);
          assert.ok(independentlyInside(await realpath(resolved.real)), `${raw} is really outside`);
        } catch (error) {
          if (!isPolicyError(error)) throw error;
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('never offers a place to create a file outside the workspace, whatever the string', async () => {
    await fc.assert(
      fc.asyncProperty(requested, async (raw) => {
        try {
          const resolved = await policy.resolveForCreate(raw);
          assert.ok(
            independentlyInside(resolved.real),
            `${raw} would be created at ${resolved.real}`,
          );
          const anchor = resolved.exists ? resolved.real : path.dirname(resolved.real);
          assert.ok(independentlyInside(await realpath(anchor)), `${raw} really lands outside`);
        } catch (error) {
          if (!isPolicyError(error)) throw error;
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts at least some generated paths, so the property is not passing vacuously', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(requested, async (raw) => {
        accepted += await policy.resolveExisting(raw).then(
          () => 1,
          () => 0,
        );
      }),
      { numRuns: 500, seed: 42 },
    );
    assert.ok(accepted > 10, `only ${accepted} of 500 paths were accepted`);
  });
});
