import { z } from 'zod';
import { KeyViewSchema, NewKeySecretSchema } from './key-views.ts';
import type { KeyChannel } from '../ipc-channels.ts';
import type { ChannelSchemas } from './channel-schemas.ts';
import { WorkspaceAccessSchema, WorkspacePathsSchema } from './vocabulary.ts';

/**
 * Loose on purpose: main checks the name itself, so the person gets its plain-words
 * reason ("use letters, digits…") rather than a schema error. Bounded all the same.
 */
const KeyNameSchema = z.string().max(1024);

/**
 * API keys for apps that connect over HTTP. A secret crosses IPC only in the answer to
 * createKey or rotateKey, once; nothing else (the list included) ever carries it.
 */
export const keysContract = {
  listKeys: { request: z.undefined(), response: z.array(KeyViewSchema) },
  /**
   * `workspaces` are chosen among the shared workspaces (their paths as listWorkspaces
   * gives them); main refuses any other, and an empty choice.
   */
  createKey: {
    request: z.strictObject({
      name: KeyNameSchema,
      workspaces: WorkspacePathsSchema,
      access: WorkspaceAccessSchema,
    }),
    response: NewKeySecretSchema,
  },
  revokeKey: {
    request: z.strictObject({ name: KeyNameSchema }),
    response: z.array(KeyViewSchema),
  },
  /** A new secret for the key; the old one stops working at once. */
  rotateKey: {
    request: z.strictObject({ name: KeyNameSchema }),
    response: NewKeySecretSchema,
  },
} as const satisfies Record<KeyChannel, ChannelSchemas>;
