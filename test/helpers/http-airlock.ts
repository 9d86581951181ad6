// Airlock's loopback HTTP server, started in the test process on a sandbox, with keys the
// test controls: add, swap or revoke a key at any moment, the way the keychain would.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { AuditLog } from '../../main/core/audit/audit-log.ts';
import { DEFAULT_AUDIT_SETTINGS } from '../../main/core/audit/audit-settings.ts';
import { AuditWriter } from '../../main/core/audit/audit-writer.ts';
import { ChangeJournal } from '../../main/core/history/change-journal.ts';
import type { KeyGrant } from '../../main/core/keys/key-grant.ts';
import { AirlockHttpServer } from '../../main/core/http/http-server.ts';
import {
  DEFAULT_HTTP_SETTINGS,
  type HttpSettings,
} from '../../main/core/settings/http-settings.ts';
import { DEFAULT_LIMITS } from '../../main/core/policy/limits.ts';
import { PathPolicy } from '../../main/core/policy/path-policy.ts';
import { currentPlatform } from '../../main/core/policy/platform.ts';
import { defaultProtections } from './protections.ts';
import { openWorkspace } from '../../main/core/policy/workspace.ts';
import type { AirlockCore } from '../../main/core/server/create-airlock-server.ts';
import { makeSandbox, type Sandbox } from './sandbox.ts';
import { capturedLog } from './captured-log.ts';

/** A key shaped like the ones `airlock keys create` prints: `alk_` and 256 random bits. */
export function newKey(): string {
  return `alk_${randomBytes(32).toString('base64url')}`;
}

/** The 2 KiB file every HTTP suite reads; its content is recognisable in any response. */
export const NOTE_NAME = 'note.txt';
export const NOTE_TEXT = `${'airlock over http, line of text.\n'.repeat(62)}end\n`;

/** The keyed-MAC key of the fixture's audit log (the keychain holds it in the product). */
export const AUDIT_MAC_KEY = new Uint8Array(32).fill(9);

export interface HttpAirlockOptions {
  /** Overrides of the HTTP settings; the port is always 0 (a free one). */
  readonly settings?: Partial<HttpSettings>;
  /** Keep a real audit log in the sandbox's data dir. */
  readonly audit?: boolean;
  /** Workspaces are writable (keys still cap this with their access). */
  readonly allowWrite?: boolean;
  readonly host?: '127.0.0.1' | '::1';
}

export interface HttpAirlock {
  readonly server: AirlockHttpServer;
  /** The core the server was built on, for a second server over the same workspaces. */
  readonly core: AirlockCore;
  readonly url: string;
  readonly port: number;
  readonly sandbox: Sandbox;
  /** A second workspace, for keys scoped to one workspace. */
  readonly otherWs: string;
  /** A write key named `owner` that sees every workspace. */
  readonly key: string;
  /** What the verifier knows, key to grant; tests change it to revoke or swap keys. */
  readonly keys: Map<string, KeyGrant>;
  /** Adds a key with this grant and returns it. */
  addKey(grant: KeyGrant): string;
  /** Stops accepting the key and ends its sessions, as `airlock keys revoke` does. */
  revoke(key: string): Promise<number>;
  /** The audit file, when the fixture keeps one. */
  readonly auditFile: string | undefined;
  /** Every diagnostics line the server wrote. */
  readonly diagnostics: string[];
  close(): Promise<void>;
}

export async function startHttpAirlock(options: HttpAirlockOptions = {}): Promise<HttpAirlock> {
  const sandbox = await makeSandbox();
  await sandbox.file(sandbox.ws, NOTE_NAME, NOTE_TEXT);
  const otherWs = await sandbox.dir('other-ws');
  await sandbox.file(otherWs, 'other.txt', 'only in the other workspace\n');
  const platform = currentPlatform();
  const access = options.allowWrite === false ? 'read' : 'write';
  const workspaces = [
    await openWorkspace(platform, sandbox.ws, access),
    await openWorkspace(platform, otherWs, access),
  ];
  const diagnostics: string[] = [];
  let audit: AuditLog | undefined;
  if (options.audit) {
    const writer = AuditWriter.open(
      path.join(sandbox.dataDir, 'audit', 'audit.jsonl'),
      { ...DEFAULT_AUDIT_SETTINGS, fsync: 'never' },
      AUDIT_MAC_KEY,
    );
    audit = new AuditLog(writer);
  }
  const core: AirlockCore = {
    policy: new PathPolicy(platform, workspaces, defaultProtections(platform)),
    limits: DEFAULT_LIMITS,
    journal: await ChangeJournal.open(sandbox.dataDir),
    log: capturedLog(diagnostics),
    searchWorkerUrl: new URL('../../main/core/tools/search-content-worker.ts', import.meta.url),
    ...(audit ? { audit } : {}),
  };
  const keys = new Map<string, KeyGrant>();
  const key = newKey();
  keys.set(key, { name: 'owner', access: 'write' });
  const server = new AirlockHttpServer({
    core,
    settings: { ...DEFAULT_HTTP_SETTINGS, ...options.settings, port: 0 },
    host: options.host ?? '127.0.0.1',
    verifier: { verify: (presented) => keys.get(presented) },
  });
  let listening: { port: number; url: string };
  try {
    listening = await server.listen();
  } catch (error) {
    await sandbox.cleanup();
    throw error;
  }
  return {
    server,
    core,
    url: listening.url,
    port: listening.port,
    sandbox,
    otherWs,
    key,
    keys,
    addKey(grant: KeyGrant): string {
      const added = newKey();
      keys.set(added, grant);
      return added;
    },
    revoke(revoked: string): Promise<number> {
      const grant = keys.get(revoked);
      keys.delete(revoked);
      return grant ? server.revokeSessionsOf(grant.name) : Promise.resolve(0);
    },
    auditFile: audit?.file,
    diagnostics,
    async close() {
      await server.close();
      audit?.close();
      await sandbox.cleanup();
    },
  };
}
