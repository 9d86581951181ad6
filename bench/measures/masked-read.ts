// Measure: read_text_file of a 1 MiB text file holding secrets, with the workspace masking
// them, against the same server with its masking off, in the same run and alternating.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Fixtures } from '../fixtures.ts';
import { pairedSamples } from '../paired-samples.ts';
import type { Row } from '../result.ts';
import { verdict } from '../result.ts';
import { median } from '../stats.ts';
import type { Session } from '../stdio-server.ts';
import { callOk } from '../tool-calls.ts';

const TARGET = 1.2;
const BYTES = 1024 * 1024 - 4096;
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** The file both read, in a folder of its own so that no other measure sees it. */
const MASKED_READ_FILE = join('masked-read', 'config-with-secrets.yaml');

/**
 * The data dir of the reference server: the same workspace, saved with masking off, which
 * the CLI takes for a folder it is given on the command line.
 */
export function unmaskedDataDir(fixtures: Fixtures): string {
  const dataDir = `${fixtures.dataDir}-unmasked`;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const settings = {
    workspaces: [{ path: fixtures.workspace, access: 'read', maskSecrets: false }],
  };
  writeFileSync(join(dataDir, 'config.json'), JSON.stringify(settings));
  return dataDir;
}

/**
 * About 1 MiB of a config-like YAML file: ordinary settings, with a token, a key and a
 * password in a URL every 200 lines (about 150 values), so masking finds and replaces.
 * Made at run time with a fixed generator, so the repository holds nothing a scanner flags.
 */
export function writeMaskedReadFile(workspace: string): string {
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const random = (length: number) =>
    Array.from({ length }, () => ALNUM.charAt(Math.floor(next() * ALNUM.length))).join('');
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < BYTES; i++) {
    let line = `  setting_${i}: value ${i} for the service, with some ordinary words`;
    if (i % 200 === 50) line = `  github_token: ghp_${random(36)}`;
    if (i % 200 === 120) line = `  aws_secret_access_key: ${random(30)}/${random(9)}`;
    if (i % 200 === 180) line = `  database_url: postgres://app:${random(14)}@db.internal/app`;
    lines.push(line);
    size += line.length + 1;
  }
  const file = join(workspace, MASKED_READ_FILE);
  mkdirSync(join(workspace, 'masked-read'), { recursive: true });
  writeFileSync(file, `${lines.join('\n')}\n`.slice(0, BYTES));
  return file;
}

export async function measureMaskedRead(
  masked: Session,
  unmasked: Session,
  fixtures: Fixtures,
  count: number,
): Promise<Row> {
  const args = { path: join(fixtures.workspace, MASKED_READ_FILE) };
  const samples = await pairedSamples(
    () => callOk(masked, 'read_text_file', args),
    () => callOk(unmasked, 'read_text_file', args),
    2,
    count,
  );
  const maskedMs = median(samples.a);
  const unmaskedMs = median(samples.b);
  const ratio = maskedMs / unmaskedMs;
  return {
    measure: `read_text_file 1 MiB with ~150 secrets, masked p50 (${count} calls)`,
    airlockMs: maskedMs,
    referenceName: 'masking off',
    referenceMs: unmaskedMs,
    ratio,
    ratioLabel: 'on/off',
    target: `≤ ${TARGET}x`,
    status: verdict(ratio <= TARGET),
  };
}
