import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_LAUNCH_POINT_SETTINGS,
  LaunchPointGuard,
} from '../../../main/core/policy/launch-points.ts';
import {
  darwinPlatform,
  linuxPlatform,
  win32Platform,
} from '../../../main/core/policy/platform.ts';

const linux = new LaunchPointGuard(linuxPlatform, DEFAULT_LAUNCH_POINT_SETTINGS);
const mac = new LaunchPointGuard(darwinPlatform, DEFAULT_LAUNCH_POINT_SETTINGS);
const windows = new LaunchPointGuard(win32Platform, DEFAULT_LAUNCH_POINT_SETTINGS);

describe('the launch-point list', () => {
  const protectedPaths = [
    '/home/me/project/.git/hooks/pre-commit',
    '/home/me/project/.git/config',
    '/home/me/project/.git',
    '/home/me/project/sub/.git',
    '/home/me/project/.gitmodules',
    '/home/me/project/.husky/pre-push',
    '/home/me/project/lefthook.yml',
    '/home/me/.gitconfig',
    '/home/me/.config/git/config',
    '/home/me/project/.vscode/tasks.json',
    '/home/me/project/.vscode/launch.json',
    '/home/me/project/.vscode/settings.json',
    '/home/me/project/.vscode/mcp.json',
    '/home/me/project/.idea/runConfigurations/App.xml',
    '/home/me/project/.idea/workspace.xml',
    '/home/me/project/app.code-workspace',
    '/home/me/.bashrc',
    '/home/me/.bash_profile',
    '/home/me/.zshrc',
    '/home/me/.zprofile',
    '/home/me/.zshenv',
    '/home/me/.profile',
    '/home/me/.config/fish/config.fish',
    '/home/me/.config/fish/conf.d/evil.fish',
    '/home/me/.config/powershell/profile.ps1',
    '/home/me/Documents/PowerShell/Microsoft.PowerShell_profile.ps1',
    '/home/me/project/.envrc',
    '/Users/me/Library/LaunchAgents/com.evil.plist',
    '/home/me/.config/autostart/evil.desktop',
    '/home/me/.config/systemd/user/evil.service',
    '/home/me/project/.mcp.json',
    '/home/me/.claude.json',
    '/home/me/project/.claude/settings.json',
    '/home/me/project/.claude/settings.local.json',
    '/home/me/.cursor/mcp.json',
    '/home/me/project/.cursor/rules/x.mdc',
    '/home/me/.codeium/windsurf/mcp_config.json',
    '/Users/me/Library/Application Support/Claude/claude_desktop_config.json',
    '/home/me/.config/Code/User/mcp.json',
    '/home/me/.config/Code/User/settings.json',
  ];
  for (const absolute of protectedPaths) {
    it(`protects ${absolute}`, () => assert.equal(linux.isLaunchPoint(absolute), true));
  }

  const ordinary = [
    '/home/me/project/README.md',
    '/home/me/project/src/hooks/useThing.ts',
    '/home/me/project/git/config.md',
    '/home/me/project/.gitignore',
    '/home/me/project/.github/workflows/ci.yml',
    '/home/me/project/settings.json',
    '/home/me/Documents/profile.txt',
    '/home/me/project/bashrc-notes.md',
    '/home/me/.config/other-app/settings.json',
  ];
  for (const absolute of ordinary) {
    it(`leaves ${absolute} to the agent`, () => assert.equal(linux.isLaunchPoint(absolute), false));
  }

  it('matches the whole path, so sharing ~/.config still keeps autostart in it', () => {
    assert.equal(linux.isLaunchPoint('/home/me/.config/autostart'), true);
    assert.equal(linux.isLaunchPoint('/home/me/.config/autostart/new.desktop'), true);
  });

  it('compares names the way macOS and Windows disks do, ignoring case', () => {
    for (const variant of [
      '/Users/me/project/.GIT/hooks/pre-commit',
      '/Users/me/.BashRC',
      '/Users/me/project/.VSCode/Tasks.json',
      '/Users/me/project/.Cursor/MCP.json',
      '/Users/me/library/launchagents/x.plist',
    ])
      assert.equal(mac.isLaunchPoint(variant), true, variant);
    for (const variant of [
      'C:\\Users\\me\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\STARTUP\\x.bat',
      'C:\\Users\\me\\Documents\\WindowsPowerShell\\PROFILE.PS1',
      'C:/Users/me/project/.Git/config',
      'C:\\Users\\me\\AppData\\Roaming\\Code\\user\\MCP.JSON',
    ])
      assert.equal(windows.isLaunchPoint(variant), true, variant);
  });

  it('tells case variants apart on Linux, where the shell reads only the exact name', () => {
    assert.equal(linux.isLaunchPoint('/home/me/.BASHRC'), false);
  });

  it('protects nothing when the person turned the list off', () => {
    const off = new LaunchPointGuard(linuxPlatform, {
      ...DEFAULT_LAUNCH_POINT_SETTINGS,
      enabled: false,
    });
    assert.equal(off.isLaunchPoint('/home/me/.bashrc'), false);
  });
});
