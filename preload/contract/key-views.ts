import { z } from 'zod';
import { ApiKeySecretSchema } from './api-key.ts';
import { WorkspaceAccessSchema } from './vocabulary.ts';

/**
 * What the window shows about one API key: everything but its secret. Whatever is not
 * named here is dropped before a result leaves main.
 */
export const KeyViewSchema = z.object({
  name: z.string(),
  /** ISO 8601. */
  created: z.string(),
  /** When the secret was last replaced, or null. */
  rotated: z.string().nullable(),
  /** The last request made with the key, or null when it was never used. */
  lastUsed: z.string().nullable(),
  /** `read`: the key can never change files, even in a folder shared as "Can read and change". */
  access: WorkspaceAccessSchema,
  /** The workspaces (real paths) it may reach, or every workspace. */
  workspaces: z.union([z.literal('all'), z.array(z.string())]),
  /** False when the system keychain lost the secret: the key cannot be used until rotated. */
  inKeychain: z.boolean(),
  /** The app Airlock made the key for on the Connections page (`cursor`), or null: the person's own. */
  madeFor: z.string().nullable(),
});
export type KeyView = z.infer<typeof KeyViewSchema>;

/** The answer to creating or rotating a key: the key, its secret (this once), and the list. */
export const NewKeySecretSchema = z.object({
  key: KeyViewSchema,
  secret: ApiKeySecretSchema,
  keys: z.array(KeyViewSchema),
});
export type NewKeySecret = z.infer<typeof NewKeySecretSchema>;
