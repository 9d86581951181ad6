import type { z } from 'zod';
import { AuditSettingsSchema } from '../../../preload/contract/audit-settings-schema.ts';

// The schema is the contract's: the window shows and changes these settings.

export type AuditSettings = z.infer<typeof AuditSettingsSchema>;

export const DEFAULT_AUDIT_SETTINGS: AuditSettings = AuditSettingsSchema.parse({});
