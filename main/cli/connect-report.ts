import type { McpClient } from '../core/connect/clients/mcp-client.ts';
import { describeChange } from '../core/connect/config-diff.ts';
import type { ConfigWriteResult } from '../core/connect/write-config.ts';

/**
 * What `airlock connect` says about one write to a client's config. A dry run says what a
 * real run would do, never what was done; a removal that finds nothing says so, rather
 * than that the client is "already set up".
 */
export function reportAdd(client: McpClient, result: ConfigWriteResult, dryRun: boolean): void {
  if (!result.changed) {
    say(`${client.name} is already set up that way in ${result.file}; nothing changed.`);
  } else if (dryRun) {
    showDryRun(
      `Would add Airlock to ${result.file}${result.created ? ' (a new file)' : ''}`,
      result,
    );
  } else {
    say(`Added Airlock to ${client.name}: ${result.file}${result.created ? ' (a new file)' : ''}.`);
    afterWriting(client, result);
  }
}

/** `result` is undefined when the config does not exist. */
export function reportRemove(
  client: McpClient,
  configFile: string,
  result: ConfigWriteResult | undefined,
  dryRun: boolean,
): void {
  if (!result?.changed) {
    say(`Airlock is not in ${result?.file ?? configFile}; there was nothing to remove.`);
  } else if (dryRun) {
    showDryRun(`Would remove Airlock from ${result.file}`, result);
  } else {
    say(`Removed Airlock from ${client.name}: ${result.file}.`);
    afterWriting(client, result);
  }
}

/**
 * The config is written by then, so a data dir that cannot take the note of it is said,
 * not fatal: only `--check` and the window's drift check will not know of the change.
 */
export function reportUnnoted(client: McpClient, problem: unknown): void {
  if (problem === undefined) return;
  say(
    `Airlock could not note this in its data folder (${problem instanceof Error ? problem.message : String(problem)}), so "airlock connect ${client.id} --check" will not know of it.`,
  );
}

function showDryRun(what: string, result: ConfigWriteResult): void {
  say(`Dry run: nothing was written. ${what}:`);
  process.stdout.write(describeChange(result.before, result.after));
}

function afterWriting(client: McpClient, result: ConfigWriteResult): void {
  if (result.backup) say(`The previous version is kept in ${result.backup}.`);
  say(client.restart);
}

/** Messages go to stderr: stdout carries only what a person copies (a diff, a snippet, a key). */
export function say(message: string): void {
  process.stderr.write(`${message}\n`);
}
