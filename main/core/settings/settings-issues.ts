import type { z } from 'zod';

/**
 * Schema problems as one line a person can act on, each naming the setting:
 * `limits.maxReadBytes: Too small: expected number to be >=1024`.
 */
export function describeSettingsIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.map(String).join('.');
      return where ? `${where}: ${issue.message}` : issue.message;
    })
    .join('; ');
}
