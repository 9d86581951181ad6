import { AuditLockedError } from '../core/audit/audit-locked-error.ts';
import { DataDirError } from '../core/config/data-dir-error.ts';
import { SettingsError } from '../core/settings/read-settings.ts';
import { isPolicyError } from '../core/policy/policy-error.ts';
import { AIRLOCK_VERSION } from '../core/version.ts';
import { auditCommand } from './audit-command.ts';
import { asksForHelp, usageOf } from './command-help.ts';
import { connectCommand } from './connect-command.ts';
import { keysCommand } from './keys-command.ts';
import { historyCommand } from './history-command.ts';
import { pauseCommand } from './pause-command.ts';
import { restoreCommand } from './restore-command.ts';
import { serveCommand } from './serve-command.ts';
import { CommandError } from './command-error.ts';
import { unexpectedErrorText } from './unexpected-error.ts';
import { UsageError } from './usage-error.ts';

const USAGE = `Usage:
  airlock serve --stdio [--workspace DIR]... [--allow-write] [--allow-risky-folder]
                        [--data-dir DIR] [--audit-log FILE]
  airlock serve --http [--host 127.0.0.1|::1|localhost] [--port N] [--workspace DIR]...
                       [--allow-write] [--allow-risky-folder] [--data-dir DIR] [--audit-log FILE]
  airlock serve --socket [--workspace DIR]... [--allow-write] [--allow-risky-folder]
                         [--data-dir DIR] [--audit-log FILE]
  airlock audit verify [--audit-log FILE] [--data-dir DIR] [--json]
  airlock audit search [--text T] [--tool T] [--client C] [--outcome ok|denied|error]
                       [--workspace DIR] [--path-prefix P] [--since TIME] [--until TIME]
                       [--limit N] [--cursor C] [--json] [--export jsonl|csv]
  airlock keys create NAME [--workspace DIR]... [--allow-write] [--data-dir DIR]
  airlock keys list [--json] [--data-dir DIR]
  airlock keys rotate NAME [--data-dir DIR]
  airlock keys revoke NAME [--data-dir DIR]
  airlock pause [--data-dir DIR]    the kill switch: every agent's call is refused, on every
                                    transport and in running servers, until resume
  airlock resume [--data-dir DIR]
  airlock restore RECORD [--force] [--dry-run] [--workspace DIR]... [--data-dir DIR]
                  puts back the state from just before one change; RECORD is the number of
                  its activity record or its change id; --dry-run shows what would change
  airlock restore --since TIME [--client NAME] [--workspace DIR] [--force] [--dry-run]
                  [--data-dir DIR]    undoes every matching change, newest first
                  (a change made since is refused unless --force, which keeps what is
                  there now in history first; a restore reaches the app's saved folders
                  and those named with --workspace)
  airlock history [--json] [--since TIME] [--client NAME] [--workspace DIR] [--data-dir DIR]
                  what can be restored, newest first
  airlock --version
  airlock --help | airlock COMMAND --help
  airlock connect claude-desktop|cursor|vscode|windsurf|claude-code|snippet [--config-file FILE]
                  [--dry-run] [--remove] [--workspace DIR]... [--allow-write] [--port N] [--data-dir DIR]
                  (--workspace and --allow-write scope the key an HTTP client is given)
  airlock connect CLIENT --check [--config-file FILE] [--data-dir DIR]
                  exit 0: listed as Airlock wrote it; 3: gone; 4: changed by someone else;
                  5: not connected; 6: listed, but Airlock has no record of writing it

Shares the folders you name with an AI agent over MCP, and nothing else.
Workspaces are read-only unless --allow-write is given. A folder that would share far more
than one project (/, a whole drive, your home folder, a system folder, a folder of keys or
passwords) is refused unless --allow-risky-folder is given.`;

// The bundle sits next to its worker; from source, the worker is a sibling .ts module.
const searchWorkerUrl = import.meta.url.endsWith('.ts')
  ? new URL('../core/tools/search-content-worker.ts', import.meta.url)
  : new URL('./search-content-worker.js', import.meta.url);

async function main(argv: readonly string[]): Promise<void> {
  const [command, ...rest] = argv;
  // Help is asked for, not a mistake: it goes to stdout, with exit code 0.
  const commandUsage = asksForHelp(argv) ? usageOf(USAGE, argv) : undefined;
  if (commandUsage) {
    process.stdout.write(`${commandUsage}\n`);
    return;
  }
  switch (command) {
    case 'serve':
      return serveCommand(rest, searchWorkerUrl);
    case 'audit':
      return auditCommand(rest);
    case 'keys':
      return keysCommand(rest);
    case 'connect':
      return connectCommand(rest);
    case 'restore':
      return restoreCommand(rest);
    case 'history':
      return historyCommand(rest);
    case 'pause':
    case 'resume':
      return pauseCommand(command === 'pause', rest);
    case '--version':
      process.stdout.write(`airlock ${AIRLOCK_VERSION}\n`);
      return;
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(`${(rest.length > 0 && usageOf(USAGE, rest)) || USAGE}\n`);
      return;
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    // The usage of the command that was mistyped (all its forms), not of every command.
    const usage = usageOf(USAGE, process.argv.slice(2, 3)) ?? USAGE;
    process.stderr.write(`airlock: ${error.message}\n\n${usage}\n`);
    process.exitCode = 2;
  } else if (
    error instanceof CommandError ||
    error instanceof SettingsError ||
    error instanceof AuditLockedError ||
    error instanceof DataDirError ||
    isPolicyError(error)
  ) {
    process.stderr.write(`airlock: ${error.message}\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(unexpectedErrorText(error));
    process.exitCode = 1;
  }
});
