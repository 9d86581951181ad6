import { fileURLToPath } from 'node:url';
import { PolicyError } from './policy-error.ts';
import type { PathPlatform } from './platform.ts';

// Names Windows maps to devices in every folder, with or without an extension.
const RESERVED_DEVICE_NAME = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
// An 8.3 short name such as PROGRA~1 can alias a guarded or outside name.
const SHORT_NAME = /~[0-9]+(\.[^.]*)?$/;

/**
 * Turns what the agent sent into a plain path string, or refuses it with a reason.
 * This looks only at the text; containment and links are decided later.
 */
export function normalizeRequestedPath(raw: string, platform: PathPlatform): string {
  if (raw.includes('\0')) {
    throw new PolicyError(
      'invalid_path',
      'The path contains a NUL character, which no file name can.',
    );
  }
  // URI schemes are case-insensitive: FILE:// is a file URI too, not a folder named "FILE:".
  const text = /^file:/i.test(raw) ? decodeFileUri(raw, platform) : raw;
  if (text.trim() === '') throw new PolicyError('invalid_path', 'The path is empty.');
  if (text.includes('\0')) {
    throw new PolicyError(
      'invalid_path',
      'The path contains a NUL character, which no file name can.',
    );
  }
  if (platform.windowsSyntax) rejectWindowsOnlySyntax(text);
  return text;
}

function decodeFileUri(raw: string, platform: PathPlatform): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new PolicyError(
      'invalid_path',
      'The file:// URI could not be parsed. Send a plain path instead.',
    );
  }
  if (url.host !== '' && url.host !== 'localhost') {
    throw new PolicyError('invalid_path', 'file:// URIs that name another host are not allowed.');
  }
  try {
    return fileURLToPath(url, { windows: platform.windowsSyntax });
  } catch {
    throw new PolicyError(
      'invalid_path',
      'The file:// URI encodes characters that are not allowed in a path (such as a slash or NUL).',
    );
  }
}

function rejectWindowsOnlySyntax(text: string): void {
  const slashed = text.replaceAll('/', '\\');
  if (slashed.startsWith('\\\\')) {
    throw new PolicyError(
      'invalid_path',
      'Device paths (\\\\?\\, \\\\.\\) and network paths (\\\\server\\share) are not allowed.',
    );
  }
  if (/^[a-zA-Z]:(?![\\])/.test(slashed)) {
    throw new PolicyError(
      'invalid_path',
      'Drive-relative paths such as "C:folder" are not allowed. Use "C:\\folder".',
    );
  }
  const segments = slashed.split('\\');
  segments.forEach((segment, index) => {
    const isDrive = index === 0 && /^[a-zA-Z]:$/.test(segment);
    if (isDrive || segment === '' || segment === '.' || segment === '..') return;
    if (segment.includes(':')) {
      throw new PolicyError(
        'invalid_path',
        `"${segment}" names an alternate data stream, which is not allowed.`,
      );
    }
    if (/[. ]$/.test(segment)) {
      throw new PolicyError(
        'invalid_path',
        `"${segment}" ends with a dot or a space, which Windows silently drops. Remove it.`,
      );
    }
    if (RESERVED_DEVICE_NAME.test(segment)) {
      throw new PolicyError('invalid_path', `"${segment}" is a reserved Windows device name.`);
    }
    if (SHORT_NAME.test(segment)) {
      throw new PolicyError(
        'invalid_path',
        `"${segment}" looks like an 8.3 short name. Use the folder's or file's full name.`,
      );
    }
    if (/[<>"|?*]/.test(segment)) {
      throw new PolicyError(
        'invalid_path',
        `"${segment}" contains a character Windows does not allow in names.`,
      );
    }
  });
}
