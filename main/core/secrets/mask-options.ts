/**
 * Which file a placeholder belongs to. A placeholder is good only in the file it was shown
 * from, so that one copied into another file is refused instead of filled in with that
 * file's value. The real path is the file's identity: the policy resolves every way of
 * naming the file to it.
 */
export interface SecretScope {
  readonly realPath: string;
}

/** How masking runs; the same options must be given to mask a file and to write it back. */
export interface MaskOptions {
  /**
   * The key placeholders are signed with: at least 16 random bytes that only Airlock holds
   * (kept in its data folder, never in a workspace), so an agent cannot make a placeholder
   * for a value it never saw, nor learn anything about a value from its placeholder.
   */
  readonly key: Uint8Array;
  /** Also hide random-looking values assigned to secret-sounding names. Off by default. */
  readonly entropy?: boolean;
}
