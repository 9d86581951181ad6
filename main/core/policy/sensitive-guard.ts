import { comparisonKey, type PathPlatform } from './platform.ts';

/**
 * The sensitive-file guard: names no tool may read, write, move or search into.
 * Patterns are matched against each path segment below the workspace root, so a
 * guarded folder (".ssh") guards everything inside it.
 */
export interface GuardSettings {
  readonly enabled: boolean;
  /** Glob-like name patterns: `*` matches any run of characters within one name. */
  readonly patterns: readonly string[];
  /** "dir/name" pairs that are guarded only at that position, such as ".aws/credentials". */
  readonly nestedPatterns: readonly string[];
}

export const DEFAULT_GUARD_SETTINGS: GuardSettings = {
  enabled: true,
  patterns: [
    '.env',
    '.env.*',
    'id_rsa*',
    'id_dsa*',
    'id_ecdsa*',
    'id_ed25519*',
    '*.pem',
    '*.key',
    '*.p12',
    '*.pfx',
    '*.kdbx',
    '*.keychain',
    '*.keychain-db',
    '.ssh',
    '.gnupg',
    '.netrc',
    '_netrc',
    '.git-credentials',
  ],
  nestedPatterns: [
    '.aws/credentials',
    '.aws/config',
    '.azure/accessTokens.json',
    '.config/gcloud',
    '.docker/config.json',
    '.kube/config',
  ],
};

/** Config files that are guarded only when they carry a credential. */
export const TOKEN_BEARING_CONFIG_NAMES = ['.npmrc', '.pypirc', '.yarnrc.yml'] as const;
const TOKEN_LINE = /(_authToken|_auth|_password|password|npmAuthToken|token)\s*[=:]/i;

export class SensitiveGuard {
  readonly settings: GuardSettings;
  private readonly platform: PathPlatform;
  private readonly nameMatchers: RegExp[];
  private readonly nestedMatchers: RegExp[][];

  constructor(platform: PathPlatform, settings: GuardSettings) {
    this.platform = platform;
    this.settings = settings;
    this.nameMatchers = settings.patterns.map((pattern) => globToRegExp(platform, pattern));
    this.nestedMatchers = settings.nestedPatterns.map((pattern) =>
      pattern.split('/').map((part) => globToRegExp(platform, part)),
    );
  }

  /** Whether a path, given as its segments below the workspace root, is guarded by name. */
  isGuardedByName(segments: readonly string[]): boolean {
    if (!this.settings.enabled) return false;
    const keys = segments.map((segment) => comparisonKey(this.platform, segment));
    if (keys.some((key) => this.nameMatchers.some((matcher) => matcher.test(key)))) return true;
    return this.nestedMatchers.some((parts) => containsRun(keys, parts));
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

function containsRun(keys: readonly string[], parts: readonly RegExp[]): boolean {
  for (let start = 0; start + parts.length <= keys.length; start += 1) {
    if (parts.every((part, offset) => part.test(keys[start + offset] ?? ''))) return true;
  }
  return false;
}

function globToRegExp(platform: PathPlatform, pattern: string): RegExp {
  const escaped = comparisonKey(platform, pattern)
    .split('*')
    .map((piece) => piece.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${escaped}$`, 's');
}
