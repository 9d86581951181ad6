import { isInsideRoot } from './containment.ts';
import { comparisonKey, type PathPlatform } from './platform.ts';
import type { WorkspaceRiskKind } from '../../../preload/contract/workspace-views.ts';

export interface FolderRisk {
  readonly kind: WorkspaceRiskKind;
  /** One short line: "This is your whole home folder". */
  readonly title: string;
  /** What the agent could reach, in plain words, and what to do instead. */
  readonly explanation: string;
}

const SMALLER = 'Choose a smaller folder if you can, such as the folder of one project.';

/**
 * Whether sharing `folder` is a risky choice, and why; null when it is not. Judged on the
 * path's text alone, by the rules of `platform`, with `home` the person's home folder; both
 * must be absolute. Callers judge the folder's real path too, so a link to `/` is caught.
 */
export function folderRisk(
  platform: PathPlatform,
  folder: string,
  home: string,
): FolderRisk | null {
  const chosen = tidy(platform, folder);
  const homeDir = tidy(platform, home);
  const same = (other: string) =>
    comparisonKey(platform, tidy(platform, other)) === comparisonKey(platform, chosen);
  const inside = (root: string) => isInsideRoot(platform, tidy(platform, root), chosen);

  const drive = driveRisk(platform, chosen, homeDir);
  if (drive) return drive;
  if (same(homeDir)) {
    return {
      kind: 'home',
      title: 'This is your whole home folder',
      explanation: `The agent could read your documents, mail, photos and app settings. ${SMALLER}`,
    };
  }
  if (isInsideRoot(platform, chosen, homeDir)) {
    return {
      kind: 'contains-home',
      title: 'This folder holds your home folder',
      explanation: `Your home folder is inside it, so the agent could read your documents, mail and app settings, and perhaps those of other people who use this computer. ${SMALLER}`,
    };
  }
  if (inside(homeDir)) return homeFolderRisk(platform, homeDir, inside);

  const onThisDrive = (names: readonly string[]) => systemPaths(platform, chosen, names);
  if (onThisDrive(HOME_PARENTS[platform.name]).some(same)) {
    return {
      kind: 'contains-home',
      title: 'This folder holds everyone’s home folders',
      explanation: `The home folders of the people who use this computer are inside it, with their documents, mail and app settings. ${SMALLER}`,
    };
  }
  const isSystem =
    onThisDrive(SYSTEM_FOLDERS[platform.name]).some(inside) &&
    !onThisDrive(NOT_SYSTEM[platform.name]).some(inside);
  if (isSystem) {
    return {
      kind: 'system',
      title: 'This is a system folder',
      explanation:
        'It belongs to the operating system or to the apps installed on it. The agent could read system settings, and if it may change files, it could stop your computer or its apps from working.',
    };
  }
  return null;
}

/** Inside the home folder: the person's own files, except where keys and app data live. */
function homeFolderRisk(
  platform: PathPlatform,
  homeDir: string,
  inside: (root: string) => boolean,
): FolderRisk | null {
  if (SECRET_FOLDERS.some((name) => inside(platform.path.join(homeDir, name)))) {
    return {
      kind: 'secrets',
      title: 'This folder holds keys and passwords',
      explanation:
        'It keeps sign-in keys or passwords. An agent that reads them could sign in as you. Share a folder of documents or projects instead.',
    };
  }
  if (APP_DATA_FOLDERS[platform.name].some((name) => inside(platform.path.join(homeDir, name)))) {
    return {
      kind: 'app-data',
      title: 'This is where your apps keep their data',
      explanation: `Apps keep their settings here, and often saved sign-ins, mail and browsing history. ${SMALLER}`,
    };
  }
  return null;
}

function driveRisk(platform: PathPlatform, chosen: string, home: string): FolderRisk | null {
  if (platform.path.parse(chosen).root === chosen) {
    if (platform.windowsSyntax || chosen !== '/') return wholeDrive();
    return {
      kind: 'drive',
      title: 'This is the whole computer',
      explanation:
        'It is the top of the disk: the agent could read every file your account can open, your documents and the system’s settings alike. Choose one folder of your own instead.',
    };
  }
  const key = comparisonKey(platform, chosen);
  for (const parent of DRIVE_PARENTS[platform.name](home)) {
    if (key === comparisonKey(platform, parent)) {
      return {
        kind: 'drive',
        title: 'This folder holds whole drives',
        explanation:
          'The drives and disks connected to this computer appear inside it: the agent could read every file on all of them. Choose one folder of your own instead.',
      };
    }
    if (
      isInsideRoot(platform, parent, chosen) &&
      platform.path.relative(parent, chosen).split(platform.path.sep).length === 1
    ) {
      return wholeDrive();
    }
  }
  return null;
}

function wholeDrive(): FolderRisk {
  return {
    kind: 'drive',
    title: 'This is a whole drive',
    explanation:
      'The agent could read every file on it, and if it may change files, change or delete any of them. Choose one folder on the drive instead.',
  };
}

/**
 * The system folders to compare with: absolute on macOS and Linux; on Windows, names
 * below the root of the chosen folder's drive, since Windows may live on any drive letter.
 */
function systemPaths(platform: PathPlatform, chosen: string, names: readonly string[]): string[] {
  if (!platform.windowsSyntax) return [...names];
  const { root } = platform.path.parse(chosen);
  if (!/^[a-z]:\\$/i.test(root)) return [];
  return names.map((name) => platform.path.join(root, name));
}

/** Normalized, without a trailing separator (except a root's own): comparable by segments. */
function tidy(platform: PathPlatform, value: string): string {
  const normalized = platform.path.normalize(value);
  if (normalized === platform.path.parse(normalized).root) return normalized;
  return normalized.replace(platform.windowsSyntax ? /[\\/]+$/ : /\/+$/, '');
}

/** Where other drives appear: the folders whose children are whole drives. */
const DRIVE_PARENTS: Record<PathPlatform['name'], (home: string) => string[]> = {
  darwin: () => ['/Volumes'],
  linux: (home) => {
    const user = home.split('/').filter(Boolean).at(-1);
    // `/media/<user>/<drive>` on most desktops, `/media/<drive>` on some.
    const perUser = user && user !== 'root' ? [`/media/${user}`, `/run/media/${user}`] : [];
    return [...perUser, '/media', '/mnt', '/run/media'];
  },
  win32: () => [],
};

/** The folders of everyone's home folders: risky themselves, not what is inside them. */
const HOME_PARENTS: Record<PathPlatform['name'], readonly string[]> = {
  darwin: ['/Users'],
  linux: ['/home'],
  win32: ['Users'],
};

/** Folders of the operating system or its apps: risky themselves and everything inside. */
const SYSTEM_FOLDERS: Record<PathPlatform['name'], readonly string[]> = {
  darwin: [
    '/System',
    '/Library',
    '/Applications',
    '/usr',
    '/bin',
    '/sbin',
    '/etc',
    '/var',
    '/private',
    '/opt',
    '/cores',
    '/dev',
    '/Network',
  ],
  linux: [
    '/etc',
    '/usr',
    '/bin',
    '/sbin',
    '/lib',
    '/lib32',
    '/lib64',
    '/libx32',
    '/boot',
    '/dev',
    '/proc',
    '/sys',
    '/run',
    '/var',
    '/root',
    '/opt',
    '/srv',
    '/snap',
  ],
  win32: [
    'Windows',
    'Program Files',
    'Program Files (x86)',
    'ProgramData',
    'Recovery',
    '$Recycle.Bin',
    'System Volume Information',
    'PerfLogs',
  ],
};

/**
 * Inside a system folder but not the system's: temporary folders every program may use
 * (macOS keeps per-user ones under /private/var/folders), and drives mounted under /run.
 */
const NOT_SYSTEM: Record<PathPlatform['name'], readonly string[]> = {
  darwin: ['/private/tmp', '/private/var/tmp', '/private/var/folders', '/var/folders'],
  linux: ['/var/tmp', '/run/media'],
  win32: [],
};

/** Below the home folder: these folders and everything inside them. */
const SECRET_FOLDERS = [
  '.ssh',
  '.gnupg',
  '.aws',
  '.azure',
  '.kube',
  '.docker',
  '.password-store',
  '.config/gcloud',
];

/** Below the home folder: these folders and everything inside them. */
const APP_DATA_FOLDERS: Record<PathPlatform['name'], readonly string[]> = {
  darwin: ['Library'],
  linux: ['.config', '.local/share', '.mozilla', '.thunderbird'],
  win32: ['AppData'],
};
