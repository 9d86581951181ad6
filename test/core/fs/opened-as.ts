import type { Stats } from 'node:fs';

/** What fstat says an opened object is, in the words the verified-open cases use. */
export type OpenedAs = 'file' | 'folder' | 'fifo' | 'device' | 'other';

export function openedAs(stats: Stats): OpenedAs {
  if (stats.isFile()) return 'file';
  if (stats.isDirectory()) return 'folder';
  if (stats.isFIFO()) return 'fifo';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'device';
  return 'other';
}
