import { randomBytes } from 'node:crypto';
import type { FolderRisk } from '../../policy/folder-risk.ts';
import { AppError } from '../ipc/app-error.ts';

/** A folder picked in the native dialog to become a workspace, waiting for the person to choose its access. */
export interface WorkspaceChoice {
  readonly path: string;
  readonly risk: FolderRisk | null;
}

export interface WorkspaceChoicesOptions {
  /** How long a choice stays usable; ten minutes by default. */
  readonly ttlMs?: number;
  /** How many choices wait at most; the oldest is forgotten first. */
  readonly limit?: number;
  readonly now?: () => number;
}

const EXPIRED =
  'That folder choice is no longer valid: it was used already, or too long ago. Choose the folder again.';

/**
 * The folders the native picker returned, each under a one-time random id. The window
 * names a choice by its id, never by a path, so a compromised page cannot share a folder
 * the person did not pick; each id works once, and not for long.
 */
export class WorkspaceChoices {
  readonly #choices = new Map<string, { choice: WorkspaceChoice; expires: number }>();
  readonly #ttlMs: number;
  readonly #limit: number;
  readonly #now: () => number;

  constructor(options: WorkspaceChoicesOptions = {}) {
    this.#ttlMs = options.ttlMs ?? 10 * 60_000;
    this.#limit = options.limit ?? 16;
    this.#now = options.now ?? Date.now;
  }

  remember(choice: WorkspaceChoice): string {
    this.#forgetExpired();
    while (this.#choices.size >= this.#limit) {
      const oldest = this.#choices.keys().next().value as string;
      this.#choices.delete(oldest);
    }
    const id = randomBytes(18).toString('base64url');
    this.#choices.set(id, { choice, expires: this.#now() + this.#ttlMs });
    return id;
  }

  /** The choice, which is forgotten at once; AppError choice_expired for any other id. */
  take(id: string): WorkspaceChoice {
    this.#forgetExpired();
    const entry = this.#choices.get(id);
    this.#choices.delete(id);
    if (!entry) throw new AppError('choice_expired', EXPIRED);
    return entry.choice;
  }

  #forgetExpired(): void {
    const now = this.#now();
    for (const [id, entry] of this.#choices) if (entry.expires <= now) this.#choices.delete(id);
  }
}
