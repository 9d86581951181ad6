import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CallToolResult } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { refuseCredentialIn } from '../fs/credential-config.ts';
import { detectMediaType } from '../fs/media-type.ts';
import { formatBytes } from '../fs/read-text.ts';
import { notARegularFile } from '../fs/special-file.ts';
import { openVerified } from '../fs/verified-open.ts';
import { readAt } from '../platform/descriptor-io.ts';
import { PolicyError } from '../policy/policy-error.ts';
import { pathArgument, readOnlyAnnotations } from './common-schemas.ts';
import { defineTool } from './tool-kit.ts';

export const readMediaFile = defineTool({
  name: 'read_media_file',
  title: 'Read media file',
  description: 'Read an image or audio file: base64 data with its MIME type.',
  inputSchema: z.object({ path: pathArgument }),
  writes: false,
  annotations: readOnlyAnnotations,
  run: async ({ path: raw }, { policy, limits }) => {
    const resolved = await policy.resolveExisting(raw);
    const name = path.basename(resolved.real);
    const handle = await openVerified(resolved.real, 'file', policy.fileAccess);
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) throw notARegularFile(stats);
      // Base64 grows data by a third; the cap applies to what is sent.
      const cap = Math.floor(Math.min(limits.maxReadBytes, limits.maxResponseBytes) * 0.74);
      if (stats.size > cap) {
        throw new PolicyError(
          'too_large',
          `The file is ${formatBytes(stats.size)}; Airlock sends media files up to ${formatBytes(cap)}.`,
        );
      }
      const data = await readAt(handle, 0, stats.size);
      // A .npmrc is a .npmrc whatever its first bytes look like: judged on what is sent.
      if (policy.guard.needsContentCheck(name)) refuseCredentialIn(policy.guard, data);
      const mimeType = detectMediaType(data.subarray(0, 16), name);
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
        text: `${name}: ${mimeType}, ${formatBytes(stats.size)}`,
        data: { path: resolved.real, mimeType, bytes: stats.size },
        media,
      };
    } finally {
      handle.closeInBackground();
    }
  },
});
