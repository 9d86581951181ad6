import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { SettingsFileSchema } from './settings-schema.ts';
import type { Settings } from '../../../preload/contract/settings-schema.ts';

export const SETTINGS_FILE_NAME = 'config.json';

/** A settings file that exists but cannot be used. The file is left exactly as it is. */
export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

/** Reads the shared settings file; a missing file means every default. */
export async function readSettings(dataDir: string): Promise<Settings> {
  const file = path.join(dataDir, SETTINGS_FILE_NAME);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return SettingsFileSchema.parse({});
    throw new SettingsError(
      `Could not read the settings file ${file}: ${(error as Error).message}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new SettingsError(
      `The settings file ${file} is not valid JSON. Fix it or move it aside; Airlock has not changed it.`,
    );
  }
  const parsed = SettingsFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new SettingsError(
      `The settings file ${file} has invalid values: ${z.prettifyError(parsed.error).replace(/\n/g, '; ')}. Airlock has not changed it.`,
    );
  }
  return parsed.data;
}
