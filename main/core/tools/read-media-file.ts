import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CallToolResult } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { detectMediaType } from '../fs/media-type.ts';
import { formatBytes, readAt } from '../fs/read-text.ts';
import { openVerified } from '../fs/verified-open.ts';
import { PolicyError } from '../policy/policy-error.ts';
import { pathArgument, readOnlyAnnotations } from './common-schemas.ts';
import { defineTool } from './tool-kit.ts';

export const readMediaFile = defineTool({
  name: 'read_media_file',
  title: 'Read media file',
  description: 'Read an image or audio file and return it as base64 data with its MIME type.',
  inputSchema: z.object({ path: pathArgument }),
  outputSchema: z.object({ path: z.string(), mimeType: z.string(), bytes: z.number() }),
  writes: false,
  annotations: readOnlyAnnotations,
  run: async ({ path: raw }, { policy, limits }) => {
    const resolved = await policy.resolveExisting(raw);
    const handle = await openVerified(resolved);
    try {
      const stats = await handle.stat();
      if (!stats.isFile())
        throw new PolicyError('not_a_file', 'That path is a folder or a special file, not a file.');
      // Base64 grows data by a third; the cap applies to what is sent.
      const cap = Math.floor(Math.min(limits.maxReadBytes, limits.maxResponseBytes) * 0.74);
      if (stats.size > cap) {
        throw new PolicyError(
          'too_large',
          `The file is ${formatBytes(stats.size)}; Airlock sends media files up to ${formatBytes(cap)}.`,
        );
      }
      const data = await readAt(handle, 0, stats.size);
      const mimeType = detectMediaType(data.subarray(0, 16), path.basename(resolved.real));
      if (!mimeType) {
        throw new PolicyError(
          'invalid_argument',
          'This is not an image or audio file Airlock recognizes. Use read_text_file for text.',
        );
      }
      const base64 = data.toString('base64');
      const media: CallToolResult['content'] = mimeType.startsWith('image/')
        ? [{ type: 'image', data: base64, mimeType }]
        : mimeType.startsWith('audio/')
          ? [{ type: 'audio', data: base64, mimeType }]
          : [
              {
                type: 'resource',
                resource: { uri: pathToFileURL(resolved.real).href, mimeType, blob: base64 },
              },
            ];
      return {
        text: `${path.basename(resolved.real)}: ${mimeType}, ${formatBytes(stats.size)}`,
        data: { path: resolved.real, mimeType, bytes: stats.size },
        media,
      };
    } finally {
      await handle.close();
    }
  },
});
