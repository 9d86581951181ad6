/** The name and version a client gave in MCP (its clientInfo), made safe to show. */
export interface ClientIdentity {
  readonly name: string;
  readonly version?: string;
}

const MAX_TEXT = 100;

/** A client's clientInfo, or undefined when it is missing or not an object with a name. */
export function identityFrom(info: unknown): ClientIdentity | undefined {
  if (typeof info !== 'object' || info === null) return undefined;
  const { name, version } = info as { name?: unknown; version?: unknown };
  const shownName = typeof name === 'string' ? showable(name) : '';
  if (!shownName) return undefined;
  const shownVersion = typeof version === 'string' ? showable(version) : '';
  return shownVersion ? { name: shownName, version: shownVersion } : { name: shownName };
}

/** Shown in the window and the tray: no control characters, and a sane length. */
function showable(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
    .trim()
    .slice(0, MAX_TEXT);
}
