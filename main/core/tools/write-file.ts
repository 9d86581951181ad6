import { z } from 'zod';
import { assertNoCredentialConfig } from '../fs/credential-config.ts';
import { formatBytes } from '../fs/read-text.ts';
import { recordWrite } from '../history/pending-change.ts';
import { PolicyError } from '../policy/policy-error.ts';
import { changeOutput, describeChange } from './change-answer.ts';
import { pathArgument } from './common-schemas.ts';
import { defineTool } from './tool-kit.ts';

export const writeFile = defineTool({
  name: 'write_file',
  title: 'Write file',
  description:
    'Create or wholly replace a UTF-8 text file, atomically. For part of a file, use edit_file.',
  inputSchema: z.object({ path: pathArgument, content: z.string() }),
  outputSchema: changeOutput,
  writes: true,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
  run: async ({ path, content }, { policy, limits, changes, approvals }) => {
    const data = Buffer.from(content, 'utf8');
    if (data.length > limits.maxWriteBytes) {
      throw new PolicyError(
        'too_large',
        `The content is ${formatBytes(data.length)}, more than Airlock writes in one call (${formatBytes(limits.maxWriteBytes)}).`,
      );
    }
    const target = await policy.resolveForCreate(path);
    const clearance = policy.assertMayChange(target, path);
    await assertNoCredentialConfig(policy.guard, target, policy.fileAccess);
    const action = target.exists ? 'replace' : 'create';
    await approvals.approve({ action, clearance, content: data });
    // The old version is kept while the new one's temp file is made (recordWrite).
    const capture = () => changes.beforeWrite(target);
    const record = await recordWrite(capture, target, data, policy.fileAccess);
    const { data: changed, sentence } = describeChange(record);
    const verb = target.exists ? 'Replaced' : 'Created';
    return {
      text: `${verb} ${target.real} (${formatBytes(data.length)}). ${sentence}`,
      data: { path: target.real, bytesWritten: data.length, created: !target.exists, ...changed },
    };
  },
});
