import assert from 'node:assert/strict';
import fc from 'fast-check';
import { describe, it } from 'node:test';
import { darwinPlatform, linuxPlatform } from '../../../main/core/policy/platform.ts';
import {
  DEFAULT_GUARD_SETTINGS,
  SensitiveGuard,
} from '../../../main/core/policy/sensitive-guard.ts';

const guard = new SensitiveGuard(linuxPlatform, DEFAULT_GUARD_SETTINGS);

describe('the sensitive-file guard', () => {
  const guarded = [
    '.env',
    '.env.local',
    '.env.production',
    'app/.env',
    'id_rsa',
    'id_rsa.pub',
    'id_ed25519',
    'server.pem',
    'tls.key',
    'cert.p12',
    'cert.pfx',
    'passwords.kdbx',
    '.ssh/config',
    '.ssh/known_hosts',
    'home/.gnupg/pubring.kbx',
    '.aws/credentials',
    'me/.aws/credentials',
    '.netrc',
    'login.keychain-db',
    '.git-credentials',
  ];
  for (const name of guarded) {
    it(`guards ${name}`, () => assert.equal(guard.isGuardedByName(name.split('/')), true));
  }

  const open = [
    'env.md',
    'environment.ts',
    '.envrc.example.md',
    'keys.md',
    'keynote.txt',
    'pem-notes.txt',
    'credentials.md',
    'aws/credentials.txt',
    'ssh/notes',
  ];
  for (const name of open) {
    it(`leaves ${name} alone`, () => assert.equal(guard.isGuardedByName(name.split('/')), false));
  }

  it('gives the same answer for a child of an unguarded folder as for its full path', () => {
    const paths = [
      ...guarded,
      ...open,
      'a/b/.aws/credentials',
      'x/.aws/config',
      '.aws/other',
      'deep/.kube/config',
      'kube/config',
    ];
    for (const name of paths) {
      const segments = name.split('/');
      const parent = segments.slice(0, -1);
      if (guard.isGuardedByName(parent)) continue;
      assert.equal(
        guard.isGuardedChild(parent, segments.at(-1) as string),
        guard.isGuardedByName(segments),
        name,
      );
    }
  });

  it('matches names case-insensitively where the file system does', () => {
    const mac = new SensitiveGuard(darwinPlatform, DEFAULT_GUARD_SETTINGS);
    assert.equal(mac.isGuardedByName(['.ENV']), true);
    assert.equal(guard.isGuardedByName(['.ENV']), false);
  });

  it('guards nothing when the person turns the guard off', () => {
    const off = new SensitiveGuard(linuxPlatform, { ...DEFAULT_GUARD_SETTINGS, enabled: false });
    assert.equal(off.isGuardedByName(['.env']), false);
  });

  it('uses the patterns the person configured', () => {
    const custom = new SensitiveGuard(linuxPlatform, {
      enabled: true,
      patterns: ['*.secret'],
      nestedPatterns: [],
    });
    assert.equal(custom.isGuardedByName(['a.secret']), true);
    assert.equal(custom.isGuardedByName(['.env']), false);
  });

  it('matches any set of glob patterns exactly as a glob would, for any name', () => {
    // A small alphabet, so that patterns and names share prefixes and suffixes often.
    const piece = fc.string({ unit: fc.constantFrom('a', 'b', '.', 'é'), maxLength: 4 });
    const pattern = fc.oneof(
      piece,
      piece.map((text) => `${text}*`),
      piece.map((text) => `*${text}`),
      fc.tuple(piece, piece).map(([before, after]) => `${before}*${after}`),
    );
    const asRegExp = (glob: string) =>
      new RegExp(
        `^${glob
          .split('*')
          .map((text) => text.replaceAll('.', '\\.'))
          .join('.*')}$`,
        's',
      );
    fc.assert(
      fc.property(fc.array(pattern, { maxLength: 6 }), piece, (patterns, name) => {
        const custom = new SensitiveGuard(linuxPlatform, {
          enabled: true,
          patterns,
          nestedPatterns: [],
        });
        const expected = patterns.some((glob) => asRegExp(glob).test(name));
        assert.equal(custom.isGuardedChild([], name), expected, JSON.stringify({ patterns, name }));
      }),
      { numRuns: 2000 },
    );
  });

  it('guards .npmrc and .pypirc only when they carry a credential', () => {
    assert.equal(guard.needsContentCheck('.npmrc'), true);
    assert.equal(guard.needsContentCheck('.pypirc'), true);
    assert.equal(guard.contentCarriesCredential('//registry.npmjs.org/:_authToken=npm_abc'), true);
    assert.equal(
      guard.contentCarriesCredential('[pypi]\nusername = __token__\npassword = pypi-abc'),
      true,
    );
    assert.equal(
      guard.contentCarriesCredential('registry=https://registry.npmjs.org/\nsave-exact=true'),
      false,
    );
  });
});
