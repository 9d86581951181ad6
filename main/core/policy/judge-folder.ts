import { realpath } from 'node:fs/promises';
import { folderRisk, type FolderRisk } from './folder-risk.ts';
import type { PathPlatform } from './platform.ts';

/**
 * The risk of sharing `folder`, judged on the path as given and on its real path (and the
 * home folder's), so a link that leads to `/` or to the home folder is caught too. The
 * window and the command line both judge with it, so they refuse the same folders.
 */
export async function judgeFolder(
  platform: PathPlatform,
  folder: string,
  home: string,
): Promise<FolderRisk | null> {
  const given = folderRisk(platform, folder, home);
  if (given) return given;
  const [realFolder, realHome] = await Promise.all([
    realpath(folder).catch(() => folder),
    realpath(home).catch(() => home),
  ]);
  if (realFolder === folder && realHome === home) return null;
  return folderRisk(platform, realFolder, realHome);
}
