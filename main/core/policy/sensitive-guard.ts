import { NamePatterns, type NamePatternSettings, type PatternFamily } from './name-patterns.ts';
import { comparisonKey, type PathPlatform } from './platform.ts';

/**
 * The sensitive-file guard: names no tool may read, write, move or search into.
 * Patterns are matched against each path segment below the workspace root, so a
 * guarded folder (".ssh") guards everything inside it.
 */
export type GuardSettings = NamePatternSettings;
export type GuardFamily = PatternFamily;

/** The default name patterns, by family; in this order they are the defaults' `patterns`. */
export const DEFAULT_GUARD_FAMILIES: readonly GuardFamily[] = [
  { label: '.env files', patterns: ['.env', '.env.*'] },
  {
    label: 'private keys',
    patterns: [
      'id_rsa*',
      'id_dsa*',
      'id_ecdsa*',
      'id_ed25519*',
      '*.pem',
      '*.key',
      '*.p12',
      '*.pfx',
    ],
  },
  { label: 'password databases', patterns: ['*.kdbx', '*.keychain', '*.keychain-db'] },
  { label: 'SSH and GPG folders', patterns: ['.ssh', '.gnupg'] },
  { label: 'saved passwords', patterns: ['.netrc', '_netrc', '.git-credentials'] },
];

/** The default "dir/name" pairs, by family. */
export const DEFAULT_NESTED_GUARD_FAMILIES: readonly GuardFamily[] = [
  {
    label: 'cloud sign-ins',
    patterns: [
      '.aws/credentials',
      '.aws/config',
      '.azure/accessTokens.json',
      '.config/gcloud',
      '.docker/config.json',
      '.kube/config',
    ],
  },
];

export const DEFAULT_GUARD_SETTINGS: GuardSettings = {
  enabled: true,
  patterns: DEFAULT_GUARD_FAMILIES.flatMap((family) => family.patterns),
  nestedPatterns: DEFAULT_NESTED_GUARD_FAMILIES.flatMap((family) => family.patterns),
};

/** Config files that are guarded only when they carry a credential. */
export const TOKEN_BEARING_CONFIG_NAMES = ['.npmrc', '.pypirc', '.yarnrc.yml'] as const;
const TOKEN_LINE = /(_authToken|_auth|_password|password|npmAuthToken|token)\s*[=:]/i;

export class SensitiveGuard {
  readonly settings: GuardSettings;
  private readonly platform: PathPlatform;
  private readonly names: NamePatterns;

  constructor(platform: PathPlatform, settings: GuardSettings) {
    this.platform = platform;
    this.settings = settings;
    this.names = new NamePatterns(platform, settings);
  }

  /** Whether a path, given as its segments below the workspace root, is guarded by name. */
  isGuardedByName(segments: readonly string[]): boolean {
    return this.names.matchesSegments(segments);
  }

  /**
   * The same answer as isGuardedByName for `[...parent, name]`, for a parent already known
   * not to be guarded. Listings and searches call this once per entry.
   */
  isGuardedChild(parentSegments: readonly string[], name: string): boolean {
    return this.names.matchesChild(parentSegments, name);
  }

  /** Whether the file name is one whose guard depends on its content. */
  needsContentCheck(name: string): boolean {
    if (!this.settings.enabled) return false;
    const key = comparisonKey(this.platform, name);
    return TOKEN_BEARING_CONFIG_NAMES.some((candidate) => candidate === key);
  }

  /** Whether a token-bearing config file actually carries a credential. */
  contentCarriesCredential(text: string): boolean {
    return text.split(/\r?\n/).some((line) => TOKEN_LINE.test(line));
  }
}
