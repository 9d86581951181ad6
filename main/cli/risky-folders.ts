import { realpath } from 'node:fs/promises';
import { homedir } from 'node:os';
import type { FolderRisk } from '../core/policy/folder-risk.ts';
import { judgeFolder } from '../core/policy/judge-folder.ts';
import type { PathPlatform } from '../core/policy/platform.ts';
import { CommandError } from './command-error.ts';

const ALLOW_RISKY_FOLDER = '--allow-risky-folder';

/**
 * Refuses a folder named on the command line that the window would warn about (the whole
 * disk, the home folder, a system folder, keys and passwords): the window shares one only
 * after the person says yes, and here --allow-risky-folder is that yes. Folders are judged
 * as build-core opens them: resolved against the current folder, and through links.
 */
export async function refuseRiskyFolders(
  platform: PathPlatform,
  folders: readonly string[],
  home: string = homedir(),
): Promise<void> {
  for (const given of folders) {
    const folder = platform.path.resolve(given);
    const risk = await judgeFolder(platform, folder, home);
    if (risk) throw new CommandError(riskyFolderMessage(folder, risk, await leadsTo(folder)));
  }
}

/**
 * The window's words about `risk`, said of `folder`: its title "This is your whole home
 * folder" becomes `"/home/me" is your whole home folder`, then the explanation and the flag.
 */
export function riskyFolderMessage(folder: string, risk: FolderRisk, real?: string): string {
  const named = real === undefined ? `"${folder}"` : `"${folder}", which leads to "${real}",`;
  const what = risk.title.replace(/^This (folder )?/, `${named} `);
  const { explanation } = risk;
  // A colon leads into the explanation, unless its first sentence has one already.
  const why = /^[^.]*:/.test(explanation)
    ? `. ${explanation}`
    : `: ${explanation.charAt(0).toLowerCase()}${explanation.slice(1)}`;
  return `${what}${why} To share it anyway, add ${ALLOW_RISKY_FOLDER}.`;
}

/** The real path when a link makes it differ, so a link to `/` is named for what it is. */
async function leadsTo(folder: string): Promise<string | undefined> {
  const real = await realpath(folder).catch(() => folder);
  return real === folder ? undefined : real;
}
