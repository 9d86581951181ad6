import { z } from 'zod';
import { SettingsFileSchema } from './settings-schema.ts';

/**
 * The JSON Schema (draft 2020-12) of the settings file, derived from the zod schema so the
 * two never disagree. It describes the file as a person writes it (every key optional,
 * defaults shown), which is also the shape electron-store's `schema` option takes. Airlock
 * validates with the zod schema itself; this is for editors, documentation and tools.
 */
export const SETTINGS_JSON_SCHEMA = z.toJSONSchema(SettingsFileSchema, { io: 'input' });
