import { Writable } from 'node:stream';
import winston from 'winston';
import type { DiagnosticsLog } from '../../main/core/log/diagnostics.ts';

/**
 * A diagnostics log that writes `level: message` lines to an array instead of stderr, so a
 * test can read what the code under test logged.
 */
export function capturedLog(lines: string[] = []): DiagnosticsLog & { lines: string[] } {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8').trimEnd());
      done();
    },
  });
  const logger = winston.createLogger({
    level: 'debug',
    transports: [
      new winston.transports.Stream({
        stream: sink,
        format: winston.format.printf((info) => `${info.level}: ${String(info.message)}`),
      }),
    ],
  });
  return Object.assign(logger, { lines });
}
