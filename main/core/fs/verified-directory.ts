import { pooledFileAccess } from '../platform/file-access.ts';
import { openVerified, type VerifiedFolder } from './verified-open.ts';

/**
 * The history store's name for openVerified(real, 'folder', pooledFileAccess), kept until
 * it calls openVerified itself; nothing else uses it.
 */
export function openVerifiedDirectory(real: string): Promise<VerifiedFolder> {
  return openVerified(real, 'folder', pooledFileAccess);
}
