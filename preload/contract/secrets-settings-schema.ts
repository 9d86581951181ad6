import { z } from 'zod';

/**
 * Secrets inside ordinary files: what an agent reads of a file has each high-confidence
 * secret (keys, tokens, passwords in URLs) replaced by a placeholder, and a write that
 * carries the placeholder back puts the value back. Whether a folder masks at all is its
 * own setting (a workspace's `maskSecrets`); these apply to every folder.
 */
export const SecretsSettingsSchema = z.object({
  /** Also hide random-looking values assigned to secret names; off by default (more false finds). */
  entropy: z.boolean().default(false),
  /**
   * File name patterns whose secrets are shown, such as "*.example": `*` matches any run of
   * characters within one name, as in the protected files' patterns.
   */
  exempt: z.array(z.string().min(1).max(200)).max(200).default([]),
});

export type SecretsSettings = z.infer<typeof SecretsSettingsSchema>;
