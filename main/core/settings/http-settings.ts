import type { z } from 'zod';
import { HttpSettingsSchema } from '../../../preload/contract/http-settings-schema.ts';

// The schema is the contract's: the window shows and changes these settings.

export type HttpSettings = z.infer<typeof HttpSettingsSchema>;

export const DEFAULT_HTTP_SETTINGS: HttpSettings = HttpSettingsSchema.parse({});
