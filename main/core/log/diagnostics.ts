import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import winston from 'winston';

/**
 * The diagnostics log: warnings and errors with their full causes, for the person or a
 * developer to read later. It never writes to stdout, which belongs to the stdio transport.
 */
export type DiagnosticsLog = Pick<winston.Logger, 'error' | 'warn' | 'info' | 'debug'>;

export interface DiagnosticsOptions {
  /** A file to append to, in addition to stderr. */
  readonly file?: string;
  readonly level?: 'error' | 'warn' | 'info' | 'debug';
  /** Whether to also write to stderr (off in tests that want silence). */
  readonly stderr?: boolean;
}

export function createDiagnosticsLog(options: DiagnosticsOptions = {}): DiagnosticsLog {
  const transports: winston.transport[] = [];
  if (options.stderr !== false) {
    transports.push(
      new winston.transports.Stream({
        stream: process.stderr,
        format: winston.format.printf((info) => `airlock: ${info.level}: ${String(info.message)}`),
      }),
    );
  }
  if (options.file) {
    makePrivate(options.file);
    transports.push(
      new winston.transports.File({
        filename: options.file,
        // The log names the person's files and folders: theirs alone to read, like the data dir.
        options: { flags: 'a', mode: 0o600 },
        maxsize: 5 * 1024 * 1024,
        maxFiles: 3,
        format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
      }),
    );
  }
  if (transports.length === 0)
    transports.push(new winston.transports.Stream({ stream: nullStream() }));
  return winston.createLogger({ level: options.level ?? 'warn', transports });
}

/**
 * The log's folder is made 0700 and an existing log 0600 before winston opens it: the mode
 * given to winston applies only to files it creates, and an older Airlock made them 0644.
 */
function makePrivate(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    chmodSync(file, 0o600);
  } catch {
    // Not there yet: winston creates it with the mode above.
  }
}

function nullStream(): Writable {
  return new Writable({ write: (_chunk, _encoding, callback) => callback() });
}
