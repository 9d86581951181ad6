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
    transports.push(
      new winston.transports.File({
        filename: options.file,
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

function nullStream(): Writable {
  return new Writable({ write: (_chunk, _encoding, callback) => callback() });
}
