import { createReadStream, existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { AuditFiles } from './audit-files.ts';
import { readAnchor, type AnchorReading } from './head-anchor.ts';
import { recordsWords } from './record-words.ts';
import { checkAnchor } from './verify/check-anchor.ts';
import { checkHead } from './verify/check-head.ts';
import { ChainState, checkLine } from './verify/check-line.ts';
import { unkeyedAfterKeyed, type MacRun } from './verify/mac-runs.ts';
import type {
  RepairableTail,
  VerifyProblem,
  VerifyReport,
  VerifyWarning,
} from './verify/verify-report.ts';

export type {
  AnchorStatus,
  ProblemKind,
  RepairableTail,
  VerifyProblem,
  VerifyReport,
  VerifyWarning,
} from './verify/verify-report.ts';

/**
 * Checks every file of the chain, oldest first, and reports the first record that breaks
 * it (an edited byte, a deleted or reordered line, a cut-off end, a forged record), then
 * compares the end with the keychain's anchor and the head file. `anchor` is read from the
 * keychain the key came from when not given. It is read before the files: it only ever names
 * records already written, so a log growing meanwhile still reaches it.
 */
export async function verifyAuditLog(
  current: string,
  macKey?: Uint8Array,
  anchor?: AnchorReading,
): Promise<VerifyReport> {
  const reading =
    anchor ??
    (await readAnchor(
      macKey
        ? { key: macKey }
        : { key: undefined, reason: 'no key to read it with', keychainAnswered: false },
      current,
    ));
  const files = new AuditFiles(current);
  const chain = files.chain();
  const anyLogFile = chain.length > 1 || existsSync(files.current);
  const absent = !anyLogFile && !existsSync(files.head);
  const state = new ChainState(reading.state === 'found' ? reading.anchor.seq : undefined);

  const report = (
    found: { problem?: VerifyProblem; tail?: RepairableTail },
    rest: Partial<VerifyReport> = {},
  ): VerifyReport => ({
    ok: found.problem === undefined && found.tail === undefined && !absent,
    records: state.records,
    files: chain,
    absent,
    macChecked: macKey !== undefined,
    macRuns: state.macs.runs,
    anchor: rest.anchor ?? statusWithoutCheck(reading),
    anchored: rest.anchor?.state === 'matched',
    warnings: rest.warnings ?? [],
    ...(found.problem ? { firstProblem: found.problem } : {}),
    ...(found.tail ? { repairableTail: found.tail } : {}),
    recoveries: state.recoveries,
    lastSeq: state.lastSeq,
  });

  for (const [fileIndex, file] of chain.entries()) {
    const isLastFile = fileIndex === chain.length - 1;
    const outcome = await verifyFile(file, isLastFile, state, macKey);
    if (outcome.problem) return report({ problem: outcome.problem });
    if (outcome.tornLine) {
      // A log cut off in the middle of a line looks torn; the anchor still shows the cut.
      const anchorCheck = checkAnchor(reading, state, files.current, { absent, anyLogFile });
      if (anchorCheck.problem)
        return report({ problem: anchorCheck.problem }, { anchor: anchorCheck.status });
      return report({ tail: outcome.tornLine }, { anchor: anchorCheck.status });
    }
  }

  const recorded = state.recoveries.find((record) => record.detail?.kind !== 'incomplete');
  if (recorded) {
    return report({
      problem: {
        kind: 'tampering_recorded',
        file: files.current,
        seq: recorded.seq,
        message: `Record ${recorded.seq} says the log was damaged before Airlock started: ${recorded.reason ?? ''}`,
      },
    });
  }
  const anchorCheck = checkAnchor(reading, state, files.current, { absent, anyLogFile });
  const warnings: VerifyWarning[] = anchorCheck.warning ? [anchorCheck.warning] : [];
  const rest = { anchor: anchorCheck.status, warnings };
  if (anchorCheck.problem) return report({ problem: anchorCheck.problem }, rest);
  if (absent) return report({}, rest);
  const anchored = anchorCheck.status.state === 'matched';
  const headCheck = checkHead(files, state, macKey, anchored, anyLogFile);
  const anchoredSeq = anchored ? anchorCheck.status.seq : 0;
  warnings.push(...unkeyedWarnings(state.macs.runs, anchoredSeq));
  if (headCheck.warning) warnings.push(headCheck.warning);
  return report({ problem: headCheck.problem, tail: headCheck.repairableTail }, rest);
}

function statusWithoutCheck(reading: AnchorReading): VerifyReport['anchor'] {
  if (reading.state === 'found') return { state: 'unconfirmed', seq: reading.anchor.seq };
  return reading.state === 'none' ? { state: 'none' } : reading;
}

function unkeyedWarnings(runs: readonly MacRun[], anchoredSeq: number): VerifyWarning[] {
  return unkeyedAfterKeyed(runs).map((run) => {
    const anchoredSince = anchoredSeq >= run.to;
    const words = recordsWords(run.from, run.to);
    return {
      kind: 'unkeyed_after_keyed',
      from: run.from,
      to: run.to,
      anchoredSince,
      message:
        `${words.charAt(0).toUpperCase()}${words.slice(1)} ${run.from === run.to ? 'carries' : 'carry'} no keyed MAC, though records before them do: ` +
        `Airlock wrote them without the keychain, or someone who can write the file added them.` +
        (anchoredSince
          ? " The keychain's anchor, written after them, shows they were in the log by then."
          : ''),
    };
  });
}

async function verifyFile(
  file: string,
  isLastFile: boolean,
  state: ChainState,
  macKey: Uint8Array | undefined,
): Promise<{ problem?: VerifyProblem; tornLine?: RepairableTail }> {
  // Asked before the reader starts: readline drops lines it emits while nobody iterates.
  const endsWithNewline = await fileEndsWithNewline(file);
  const stream = createReadStream(file);
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let lineNumber = 0;
  let pending: string | undefined;
  try {
    for await (const line of lines) {
      if (pending !== undefined) {
        const problem = checkLine(pending, file, lineNumber, state, macKey);
        if (problem) return { problem };
      }
      lineNumber += 1;
      pending = line;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  if (pending === undefined) return {};
  if (!endsWithNewline && isLastFile) {
    return {
      tornLine: {
        kind: 'torn_line',
        file,
        message: `The last line of ${file} is incomplete (an interrupted write).`,
      },
    };
  }
  const problem = checkLine(pending, file, lineNumber, state, macKey);
  return problem ? { problem } : {};
}

async function fileEndsWithNewline(file: string): Promise<boolean> {
  try {
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      if (size === 0) return true;
      const byte = Buffer.alloc(1);
      await handle.read(byte, 0, 1, size - 1);
      return byte[0] === 0x0a;
    } finally {
      await handle.close();
    }
  } catch {
    return true;
  }
}
