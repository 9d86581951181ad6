import type { LaunchPointChanges } from '../../../preload/contract/approval-views.ts';
import { NamePatterns, type NamePatternSettings, type PatternFamily } from './name-patterns.ts';
import type { PathPlatform } from './platform.ts';

/**
 * Launch points: files whose change makes code run outside Airlock, the next time the
 * person commits, opens a terminal, logs in, opens a project or starts an AI app. An agent
 * may read them, but never write, edit, move over or away, delete or create them. The
 * choices, and how they compare with what other agents' makers protect, are in README.md
 * ("What an agent can never change").
 */
export interface LaunchPointSettings extends NamePatternSettings {
  /** "ask": an agent may change one with the person's OK, each time; never by default. */
  readonly agentChanges?: LaunchPointChanges;
}

/**
 * Names matched anywhere in a path; a folder's name covers everything inside it. Matched
 * against the whole path, not only below the workspace root, so sharing `~/.config` still
 * keeps `autostart` in it.
 */
export const DEFAULT_LAUNCH_POINT_FAMILIES: readonly PatternFamily[] = [
  {
    label: 'Git hooks and settings',
    // `.git` whole: hooks, config (core.hooksPath, core.fsmonitor), and a `.git` file whose
    // `gitdir:` line points Git at a config the agent wrote elsewhere.
    patterns: [
      '.git',
      '.gitconfig',
      '.gitmodules',
      '.husky',
      '.pre-commit-config.yaml',
      'lefthook.*',
      '.lefthook.*',
      'lefthook-local.*',
      '.lefthook-local.*',
      '.lefthook',
      '.lefthook-local',
    ],
  },
  {
    label: 'shell start-up files',
    patterns: [
      '.bashrc',
      '.bash_profile',
      '.bash_login',
      '.bash_logout',
      '.bash_aliases',
      '.profile',
      '.zshrc',
      '.zprofile',
      '.zshenv',
      '.zlogin',
      '.zlogout',
      '.envrc',
      '.xprofile',
      '.xsessionrc',
      '*_profile.ps1',
    ],
  },
  { label: 'programs that start at login', patterns: ['LaunchAgents', 'LaunchDaemons'] },
  {
    label: 'AI apps’ settings',
    patterns: [
      '.mcp.json',
      '.claude.json',
      '.claude',
      '.cursor',
      'claude_desktop_config.json',
      'cline_mcp_settings.json',
    ],
  },
  {
    label: 'editor tasks and settings',
    patterns: [
      '.vscode',
      '*.code-workspace',
      '.idea',
      '.run',
      '.zed',
      '.devcontainer',
      '.devcontainer.json',
    ],
  },
];

/** Runs of names matched only in this order, anywhere in a path. */
export const DEFAULT_NESTED_LAUNCH_POINT_FAMILIES: readonly PatternFamily[] = [
  { label: 'Git hooks and settings', patterns: ['.config/git'] },
  {
    label: 'shell start-up files',
    patterns: [
      'fish/config.fish',
      'fish/conf.d',
      'PowerShell/profile.ps1',
      'WindowsPowerShell/profile.ps1',
      'powershell/profile.ps1',
    ],
  },
  {
    label: 'programs that start at login',
    patterns: ['.config/autostart', 'systemd/user', 'Programs/Startup'],
  },
  {
    label: 'AI apps’ settings',
    patterns: [
      'User/mcp.json',
      'User/settings.json',
      'User/tasks.json',
      'profiles/*/mcp.json',
      'windsurf/mcp_config.json',
      '.copilot/mcp-config.json',
      '.gemini/settings.json',
      '.codex/config.toml',
      'zed/settings.json',
      '.continue/config.yaml',
      '.continue/config.json',
      '.continue/mcpServers',
    ],
  },
];

export const DEFAULT_LAUNCH_POINT_SETTINGS: LaunchPointSettings = {
  enabled: true,
  patterns: DEFAULT_LAUNCH_POINT_FAMILIES.flatMap((family) => family.patterns),
  nestedPatterns: DEFAULT_NESTED_LAUNCH_POINT_FAMILIES.flatMap((family) => family.patterns),
};

/** Decides which paths an agent may read but never change. */
export class LaunchPointGuard {
  readonly settings: LaunchPointSettings;
  private readonly names: NamePatterns;
  private readonly separators: RegExp;

  constructor(platform: PathPlatform, settings: LaunchPointSettings) {
    this.settings = settings;
    this.names = new NamePatterns(platform, settings);
    this.separators = platform.windowsSyntax ? /[\\/]/ : /\//;
  }

  /** Whether an absolute path is, or lies inside, a launch point. */
  isLaunchPoint(absolute: string): boolean {
    return this.names.matchesSegments(absolute.split(this.separators).filter(Boolean));
  }

  /** Whether the person chose that an agent may change a launch point with their OK. */
  get mayAsk(): boolean {
    return this.settings.agentChanges === 'ask';
  }
}
