// Runs one synchronous verified open off the test's main thread and reports what came of
// it: an open that waited on a FIFO would otherwise hold the very thread whose timer must
// end the test.
import { closeSync, fstatSync, readdirSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import {
  openFileInVerifiedFolderSync,
  openVerifiedSync,
} from '../../../main/core/fs/verified-open-sync.ts';
import type { VerifiedKind } from '../../../main/core/fs/verified-open.ts';
import { openedAs, type OpenedAs } from './opened-as.ts';

/** Open `real` as `kind`, or, with `name`, the file `name` in the folder `real`. */
export interface ProbeRequest {
  readonly real: string;
  readonly kind: VerifiedKind;
  readonly name?: string;
}

export type ProbeReport =
  | {
      readonly opens: OpenedAs;
      readonly content?: string;
      readonly names?: string[];
    }
  | { readonly refused: string; readonly message: string };

function open({ real, kind, name }: ProbeRequest): number {
  if (name === undefined) return openVerifiedSync(real, kind);
  const folder = openVerifiedSync(real, 'folder');
  try {
    return openFileInVerifiedFolderSync(folder, real, name);
  } finally {
    closeSync(folder);
  }
}

function probe(request: ProbeRequest): ProbeReport {
  let fd: number;
  try {
    fd = open(request);
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    return { refused: code, message };
  }
  try {
    const opens = openedAs(fstatSync(fd));
    if (opens === 'file') {
      const buffer = Buffer.alloc(1024);
      return { opens, content: buffer.toString('utf8', 0, readSync(fd, buffer, 0, 1024, 0)) };
    }
    // On Linux the descriptor's own entry, so the listing is of the folder that was opened.
    const listed = process.platform === 'linux' ? `/proc/self/fd/${fd}` : request.real;
    if (opens === 'folder') return { opens, names: readdirSync(listed).sort() };
    return { opens };
  } finally {
    closeSync(fd);
  }
}

parentPort?.postMessage(probe(workerData as ProbeRequest));
