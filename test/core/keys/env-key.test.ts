import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  envKeyFrom,
  MIN_ENV_KEY_LENGTH,
  weakEnvKeyProblem,
} from '../../../main/core/keys/env-key.ts';

describe('the key in MCP_API_KEY', () => {
  const strong = 'k'.repeat(MIN_ENV_KEY_LENGTH);
  const weak = 'k'.repeat(MIN_ENV_KEY_LENGTH - 1);

  it('is taken from 32 characters, read-only unless the server may write', () => {
    assert.equal(MIN_ENV_KEY_LENGTH, 32);
    assert.deepEqual(envKeyFrom({ MCP_API_KEY: strong }, false), {
      secret: strong,
      scope: { workspaces: 'all', access: 'read' },
    });
    assert.equal(envKeyFrom({ MCP_API_KEY: strong }, true)?.scope.access, 'write');
    assert.equal(weakEnvKeyProblem({ MCP_API_KEY: strong }), undefined);
  });

  it('is never accepted when shorter, and the reason says how long it is and what to do', () => {
    assert.equal(envKeyFrom({ MCP_API_KEY: weak }, true), undefined);
    assert.match(
      weakEnvKeyProblem({ MCP_API_KEY: weak }) ?? '',
      /too weak: it has 31 characters, and Airlock needs at least 32\. .*airlock keys create NAME/,
    );
  });

  it('is simply absent when unset or empty', () => {
    assert.equal(envKeyFrom({}, false), undefined);
    assert.equal(weakEnvKeyProblem({}), undefined);
    assert.equal(weakEnvKeyProblem({ MCP_API_KEY: '' }), undefined);
  });
});
