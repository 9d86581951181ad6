import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { replaceFile } from '../fs/replace-file.ts';
import { CLIENT_IDS, type ClientId } from './clients/mcp-client.ts';

/** In the data dir, beside the settings: the window and `airlock connect` share it. */
export const CONNECTION_RECORDS_FILE = 'connections.json';

const RecordSchema = z.object({
  client: z.enum(CLIENT_IDS),
  /** The config file as Airlock named it (links not followed): what it looks for next time. */
  configFile: z.string().min(1),
  /** airlockEntryOf(...).fingerprint of what Airlock wrote last. */
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  written: z.string(),
});
export type ConnectionRecord = z.infer<typeof RecordSchema>;

const RecordsSchema = z.object({ version: z.literal(1), connections: z.array(RecordSchema) });

/**
 * What Airlock wrote last into each app's config, so that an entry that is gone can be
 * told from one that was never there, and one someone else changed from Airlock's own.
 * Kept per app and file: `--config-file` may name another file than the app's own.
 */
export class ConnectionRecords {
  readonly #file: string;

  constructor(dataDir: string) {
    this.#file = path.join(dataDir, CONNECTION_RECORDS_FILE);
  }

  async find(client: ClientId, configFile: string): Promise<ConnectionRecord | undefined> {
    return (await this.#read()).find((record) => matches(record, client, configFile));
  }

  /** After a connect: Airlock's entry is now the one with this fingerprint. */
  async remember(
    client: ClientId,
    configFile: string,
    fingerprint: string,
    now: Date = new Date(),
  ): Promise<void> {
    const others = (await this.#read()).filter((record) => !matches(record, client, configFile));
    await this.#write([...others, { client, configFile, fingerprint, written: now.toISOString() }]);
  }

  /** After a removal: the app is no longer one Airlock connected. */
  async forget(client: ClientId, configFile: string): Promise<void> {
    const records = await this.#read();
    const kept = records.filter((record) => !matches(record, client, configFile));
    if (kept.length !== records.length) await this.#write(kept);
  }

  /**
   * A file that is missing, unreadable or not ours in shape counts as no records: the
   * worst that follows is an app shown as connected without the check, never a lost config.
   */
  async #read(): Promise<ConnectionRecord[]> {
    const text = await readFile(this.#file, 'utf8').catch(() => undefined);
    if (text === undefined) return [];
    try {
      const parsed = RecordsSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data.connections : [];
    } catch {
      return [];
    }
  }

  // The window and the CLI both write it; each write replaces the file whole, and the
  // last one wins. Both only ever add or drop their own app's record.
  async #write(connections: ConnectionRecord[]): Promise<void> {
    await mkdir(path.dirname(this.#file), { recursive: true, mode: 0o700 });
    const text = `${JSON.stringify({ version: 1, connections }, null, 2)}\n`;
    await replaceFile(this.#file, text, 0o600);
  }
}

function matches(record: ConnectionRecord, client: ClientId, configFile: string): boolean {
  return record.client === client && record.configFile === configFile;
}
