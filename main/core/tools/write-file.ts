import { z } from 'zod';
import { assertNoCredentialConfig } from '../fs/credential-config.ts';
import { formatBytes, readTextInside } from '../fs/read-text.ts';
import { recordWrite } from '../history/pending-change.ts';
import type { ResolvedPath } from '../policy/path-policy.ts';
import { isPolicyError, PolicyError } from '../policy/policy-error.ts';
import { readMasking, writeMasking } from '../secrets/file-masking.ts';
import { mentionsPlaceholder } from '../secrets/placeholder.ts';
import { unmaskForWrite } from '../secrets/unmask-for-write.ts';
import { changeOutput, describeChange } from './change-answer.ts';
import { pathArgument } from './common-schemas.ts';
import { defineTool, type ToolContext } from './tool-kit.ts';

export const writeFile = defineTool({
  name: 'write_file',
  title: 'Write file',
  description:
    'Create or wholly replace a UTF-8 text file, atomically; its secret placeholders are written back as the values. For part of a file, use edit_file.',
  inputSchema: z.object({ path: pathArgument, content: z.string() }),
  outputSchema: changeOutput,
  writes: true,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
  run: async ({ path, content }, context) => {
    const { policy, limits, changes, approvals } = context;
    if (Buffer.byteLength(content, 'utf8') > limits.maxWriteBytes)
      throw tooLarge(content, limits.maxWriteBytes);
    const target = await policy.resolveForCreate(path);
    const clearance = policy.assertMayChange(target, path);
    await assertNoCredentialConfig(policy.guard, target, policy.fileAccess);
    const { text, restored } = await withValuesPutBack(content, target, context);
    const data = Buffer.from(text, 'utf8');
    if (data.length > limits.maxWriteBytes) throw tooLarge(text, limits.maxWriteBytes);
    const action = target.exists ? 'replace' : 'create';
    const mask = readMasking(context.secrets, target);
    await approvals.approve({ action, clearance, content: data, ...(mask ? { mask } : {}) });
    // The old version is kept while the new one's temp file is made (recordWrite).
    const capture = () => changes.beforeWrite(target);
    const record = await recordWrite(capture, target, data, {
      access: policy.fileAccess,
      changeId: changes.changeId,
    });
    const { data: changed, sentence } = describeChange(record);
    const verb = target.exists ? 'Replaced' : 'Created';
    return {
      text: `${verb} ${target.real} (${formatBytes(data.length)}). ${sentence}`,
      data: {
        path: target.real,
        bytesWritten: data.length,
        created: !target.exists,
        ...changed,
        ...(restored > 0 ? { secretsRestored: restored } : {}),
      },
    };
  },
});

function tooLarge(content: string, maxWriteBytes: number): PolicyError {
  return new PolicyError(
    'too_large',
    `The content is ${formatBytes(Buffer.byteLength(content, 'utf8'))}, more than Airlock writes in one call (${formatBytes(maxWriteBytes)}).`,
  );
}

/**
 * The content with each of the file's placeholders put back to its value, read from the
 * file now through the same verified open as the tools' reads: a file rewritten whole from
 * its masked view keeps its secrets. A placeholder the file cannot put back is refused
 * (SecretPlaceholderError), and nothing is written.
 */
async function withValuesPutBack(
  content: string,
  target: ResolvedPath & { readonly exists: boolean },
  { policy, limits, secrets }: ToolContext,
): Promise<{ text: string; restored: number }> {
  const options = writeMasking(secrets);
  if (!options || !mentionsPlaceholder(content)) return { text: content, restored: 0 };
  let current = '';
  if (target.exists) {
    try {
      ({ text: current } = await readTextInside(
        policy.guard,
        target,
        limits,
        { kind: 'whole' },
        policy.fileAccess,
      ));
    } catch (error) {
      // A file that is not text holds no placeholder's value: every placeholder is refused.
      if (!isPolicyError(error) || error.code !== 'binary') throw error;
    }
  }
  return unmaskForWrite(content, current, { realPath: target.real }, options);
}
