// A real audit log of synthetic records: bench/audit/synthetic-log.ts writes the records
// (their hashes are random), and this seals them into a valid hash chain in the audit
// folder of a data dir, with the head file that anchors its end, so Airlock opens it as
// its own log and `airlock audit verify` passes. No MACs: the harness's audit key is new
// on every run; records the app adds after them carry its MACs, which a chain allows.
import { createReadStream, mkdirSync, openSync, closeSync, writeSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { HeadWriter } from '../../main/core/audit/audit-head.ts';
import { GENESIS_HASH, type AuditRecord } from '../../main/core/audit/audit-record.ts';
import { chainHash, recordLine } from '../../main/core/audit/chain.ts';
import { writeSyntheticLog, type SyntheticLog } from '../audit/synthetic-log.ts';

export interface ChainedLogOptions {
  /** The audit folder: `<data dir>/audit`. */
  readonly directory: string;
  readonly records: number;
  readonly rotateBytes?: number;
  readonly seed?: number;
  /** Called with each record before it is sealed; may change it (e.g. add a redaction). */
  readonly adjust?: (record: Record<string, unknown>) => void;
}

export interface ChainedLog extends SyntheticLog {
  /** The hash of the last record. */
  readonly lastHash: string;
}

export async function writeChainedLog(options: ChainedLogOptions): Promise<ChainedLog> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'alk-synthetic-'));
  try {
    const synthetic = await writeSyntheticLog({
      directory: scratch,
      records: options.records,
      ...(options.rotateBytes !== undefined ? { rotateBytes: options.rotateBytes } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
    });
    mkdirSync(options.directory, { recursive: true, mode: 0o700 });
    let prev = GENESIS_HASH;
    let seq = 0;
    const files: string[] = [];
    for (const source of synthetic.files) {
      const target = path.join(options.directory, path.basename(source));
      files.push(target);
      const fd = openSync(target, 'w', 0o600);
      let parts: string[] = [];
      let size = 0;
      const flush = () => {
        const chunk = Buffer.from(parts.join(''), 'utf8');
        let written = 0;
        while (written < chunk.length) written += writeSync(fd, chunk, written);
        parts = [];
        size = 0;
      };
      try {
        const lines = createInterface({ input: createReadStream(source), crlfDelay: Infinity });
        for await (const line of lines) {
          if (!line) continue;
          const record = JSON.parse(line) as Record<string, unknown>;
          delete record.hash;
          delete record.mac;
          record.prev = prev;
          options.adjust?.(record);
          const unsigned = record as Omit<AuditRecord, 'hash' | 'mac'>;
          const hash = chainHash(unsigned);
          const sealed = `${recordLine({ ...unsigned, hash } as AuditRecord)}`;
          parts.push(sealed);
          size += sealed.length;
          if (size > 4 * 1024 * 1024) flush();
          prev = hash;
          seq = unsigned.seq;
        }
        flush();
      } finally {
        closeSync(fd);
      }
    }
    const head = new HeadWriter(path.join(options.directory, 'audit.jsonl.head'));
    head.write({ seq, hash: prev });
    head.close();
    return { ...synthetic, files, lastHash: prev };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
