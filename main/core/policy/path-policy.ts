import { pooledFileAccess, type FileAccess } from '../platform/file-access.ts';
import { isInsideRoot, relativeSegments, segmentsBelow } from './containment.ts';
import { normalizeRequestedPath } from './path-syntax.ts';
import { PolicyError } from './policy-error.ts';
import type { AirlockState } from './airlock-state.ts';
import type { LaunchPointGuard } from './launch-points.ts';
import type { PathPlatform } from './platform.ts';
import type { SensitiveGuard } from './sensitive-guard.ts';
import { isWritable, type Workspace } from './workspace.ts';

/** What every grant leaves out, whichever workspaces it names. */
export interface Protections {
  /** Secrets: never read, changed, moved or searched into. */
  readonly guard: SensitiveGuard;
  /** Launch points: read, but never changed (see launch-points.ts). */
  readonly launchPoints: LaunchPointGuard;
  /** Airlock's own files: out of every grant entirely. */
  readonly airlockState: AirlockState;
}

/** A path the policy has accepted: real, inside a workspace, and not guarded. */
export interface ResolvedPath {
  readonly workspace: Workspace;
  /** The real absolute path; for a file about to be created, its real parent plus its name. */
  readonly real: string;
  /** Segments of `real` below the workspace root; empty for the root itself. */
  readonly segments: readonly string[];
  readonly exists: boolean;
}

/**
 * A change the policy allows at one path, as the change gate takes it: the gate asks the
 * person first when the path is a launch point (only reachable when they chose "ask me").
 */
export interface ChangeClearance {
  readonly path: ResolvedPath;
  readonly launchPoint: boolean;
}

/**
 * Decides which paths an agent may touch. Every tool goes through here; nothing is read
 * from a path that did not come out of `resolveExisting`, `resolveForCreate` or, for a
 * folder opened first and named by the kernel, `acceptOpened`.
 */
export class PathPolicy {
  readonly platform: PathPlatform;
  readonly workspaces: readonly Workspace[];
  readonly protections: Protections;
  /** How a request's few small file operations run: see FileAccess. */
  readonly fileAccess: FileAccess;
  /**
   * The workspaces that hold some of Airlock's own state (a shared home folder holds the
   * data dir): only paths in these are checked against it, so other grants pay nothing.
   */
  private readonly holdingAirlockState: ReadonlySet<Workspace>;

  constructor(
    platform: PathPlatform,
    workspaces: readonly Workspace[],
    protections: Protections,
    fileAccess: FileAccess = pooledFileAccess,
  ) {
    this.platform = platform;
    this.workspaces = workspaces;
    this.protections = protections;
    this.fileAccess = fileAccess;
    this.holdingAirlockState = new Set(
      workspaces.filter(
        (workspace) =>
          protections.airlockState.touches(workspace.root) ||
          protections.airlockState.touches(workspace.givenAs),
      ),
    );
  }

  get guard(): SensitiveGuard {
    return this.protections.guard;
  }

  /** The same protections and file access over other workspaces (a narrowed grant). */
  withWorkspaces(workspaces: readonly Workspace[]): PathPolicy {
    return new PathPolicy(this.platform, workspaces, this.protections, this.fileAccess);
  }

  get anyWritable(): boolean {
    return this.workspaces.some(isWritable);
  }

  /** The absolute, lexically normalized form of a requested path, before any link is followed. */
  locate(raw: string): string {
    if (this.workspaces.length === 0) {
      throw new PolicyError(
        'outside_workspace',
        "No folder is shared with this client. The client's roots do not overlap the folders shared in Airlock.",
      );
    }
    const rebased = this.rebaseGivenPath(this.absoluteOf(raw));
    const placed = this.place(rebased);
    if (!placed) throw outside(raw);
    this.assertNotAirlockState(placed.workspace, rebased, raw);
    this.assertNotGuarded(placed.segments, raw);
    return rebased;
  }

  /** Resolves a path that must exist, following links only while they stay inside. */
  async resolveExisting(raw: string): Promise<ResolvedPath> {
    const lexical = this.locate(raw);
    return this.accept(await realpathOrRefuse(lexical, raw, this.fileAccess), raw, true);
  }

  /**
   * Resolves a path that may be created. An existing link is followed only when its
   * target exists inside a workspace, so a dangling link cannot create a file outside.
   */
  async resolveForCreate(raw: string): Promise<ResolvedPath> {
    const lexical = this.locate(raw);
    const access = this.fileAccess;
    const existing = await access.lstat(lexical).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw fsRefusal(error, raw);
    });
    if (existing?.isSymbolicLink()) {
      const target = await access.realpath(lexical).catch(() => {
        throw new PolicyError(
          'outside_workspace',
          `"${shown(raw)}" is a link whose target cannot be used.`,
        );
      });
      return this.accept(target, raw, true);
    }
    if (existing) return this.accept(await realpathOrRefuse(lexical, raw, access), raw, true);
    const { path } = this.platform;
    const parent = await access
      .realpath(path.dirname(lexical))
      .catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') {
          throw new PolicyError(
            'not_found',
            `The folder that would hold "${shown(raw)}" does not exist. Create it first.`,
          );
        }
        throw fsRefusal(error, raw);
      });
    return this.accept(path.join(parent, path.basename(lexical)), raw, false);
  }

  /**
   * Resolves a path that must exist without following a link in its last segment, so
   * moving or deleting a link acts on the link, never on what it points to.
   */
  async resolveLinkItself(raw: string): Promise<ResolvedPath> {
    const lexical = this.locate(raw);
    const access = this.fileAccess;
    const stats = await access.lstat(lexical).catch((error: NodeJS.ErrnoException) => {
      throw fsRefusal(error, raw);
    });
    if (!stats.isSymbolicLink())
      return this.accept(await realpathOrRefuse(lexical, raw, access), raw, true);
    const { path } = this.platform;
    const parent = await realpathOrRefuse(path.dirname(lexical), raw, access);
    return this.accept(path.join(parent, path.basename(lexical)), raw, true);
  }

  /**
   * Accepts an existing object by the real path the kernel gives for its open descriptor
   * (`raw` as the agent wrote it, already passed through `locate`): inside a workspace and
   * not guarded, or refused exactly as `resolveExisting` would refuse it.
   */
  acceptOpened(real: string, raw: string): ResolvedPath {
    return this.accept(real, raw, true);
  }

  /**
   * Refuses any change to `resolved`, which the agent named `raw`: in a workspace the person
   * granted as read-only, or a launch point, judged both as the agent wrote the path and as
   * it resolved, so a link named `.bashrc` cannot lead a change past the list. Where the
   * person chose "ask me" for launch points, one is let through marked as such: the change
   * gate then asks the person, every time.
   */
  assertMayChange(resolved: ResolvedPath, raw: string): ChangeClearance {
    if (!isWritable(resolved.workspace)) {
      throw new PolicyError(
        'read_only',
        `"${shown(raw)}" is in a read-only workspace. Ask the person to allow changes to ${resolved.workspace.root} in Airlock.`,
      );
    }
    const launchPoint =
      this.isLaunchPoint(resolved.real) ||
      this.isLaunchPoint(this.rebaseGivenPath(this.absoluteOf(raw)));
    // With the person's "ask me", the change goes on to the change gate, which asks them.
    if (launchPoint && !this.protections.launchPoints.mayAsk) throw launchPointRefusal(raw);
    return { path: resolved, launchPoint };
  }

  /** Whether an absolute path is, or lies inside, a launch point. */
  isLaunchPoint(absolute: string): boolean {
    return this.protections.launchPoints.isLaunchPoint(absolute);
  }

  /**
   * Whether a real path (for example a link's target found in a listing) lies inside a
   * workspace, and outside Airlock's own state.
   */
  classifyReal(real: string): ResolvedPath | undefined {
    const placed = this.place(real);
    if (!placed || this.isAirlockState(placed.workspace, real)) return undefined;
    return { workspace: placed.workspace, real, segments: placed.segments, exists: true };
  }

  isGuardedSegments(segments: readonly string[]): boolean {
    return this.guard.isGuardedByName(segments);
  }

  /** Whether the entry `name` of the accepted folder `folder` is part of Airlock's state. */
  isAirlockStateChild(folder: ResolvedPath, name: string): boolean {
    if (!this.holdingAirlockState.has(folder.workspace)) return false;
    return this.protections.airlockState.holds(this.platform.path.join(folder.real, name));
  }

  /** Whether moving or deleting the accepted folder would carry some of Airlock's state along. */
  holdsAirlockStateWithin(folder: ResolvedPath): boolean {
    if (!this.holdingAirlockState.has(folder.workspace)) return false;
    return this.protections.airlockState.liesWithin(folder.real);
  }

  private accept(real: string, raw: string, exists: boolean): ResolvedPath {
    const placed = this.place(real);
    if (!placed) {
      throw new PolicyError(
        'outside_workspace',
        `"${shown(raw)}" leads outside the workspaces through a link.`,
      );
    }
    this.assertNotAirlockState(placed.workspace, real, raw);
    this.assertNotGuarded(placed.segments, raw);
    return { workspace: placed.workspace, real, segments: placed.segments, exists };
  }

  private isAirlockState(workspace: Workspace, absolute: string): boolean {
    return this.holdingAirlockState.has(workspace) && this.protections.airlockState.holds(absolute);
  }

  private assertNotAirlockState(workspace: Workspace, absolute: string, raw: string): void {
    if (this.isAirlockState(workspace, absolute)) throw airlockStateRefusal(raw);
  }

  /** The absolute, lexically normalized form of `raw`: relative paths start at the first workspace. */
  private absoluteOf(raw: string): string {
    const text = normalizeRequestedPath(raw, this.platform);
    const { path } = this.platform;
    const first = this.workspaces[0];
    if (path.isAbsolute(text) || !first) return path.normalize(text);
    return path.resolve(first.root, text);
  }

  /** `segments` are the path's segments below its workspace root. */
  private assertNotGuarded(segments: readonly string[], raw: string): void {
    if (this.guard.isGuardedByName(segments)) {
      throw new PolicyError(
        'guarded',
        `"${shown(raw)}" is a protected file (secrets, keys or credentials). Airlock never lets an agent use it.`,
      );
    }
  }

  /** The workspace that holds `absolute`, and its segments below that workspace's root. */
  private place(absolute: string): { workspace: Workspace; segments: string[] } | undefined {
    // The deepest root wins, so a nested read-only grant inside a writable one keeps its access.
    let best: { workspace: Workspace; segments: string[] } | undefined;
    for (const workspace of this.workspaces) {
      if (best && workspace.root.length <= best.workspace.root.length) continue;
      const segments = segmentsBelow(this.platform, workspace.root, absolute);
      if (segments) best = { workspace, segments };
    }
    return best;
  }

  /** Maps a path written against the folder as the person gave it onto its real root. */
  private rebaseGivenPath(absolute: string): string {
    for (const workspace of this.workspaces) {
      if (workspace.givenAs === workspace.root) continue;
      if (isInsideRoot(this.platform, workspace.givenAs, absolute)) {
        const below = relativeSegments(this.platform, workspace.givenAs, absolute);
        return this.platform.path.join(workspace.root, ...below);
      }
    }
    return absolute;
  }
}

async function realpathOrRefuse(lexical: string, raw: string, access: FileAccess): Promise<string> {
  try {
    return await access.realpath(lexical);
  } catch (error) {
    throw fsRefusal(error as NodeJS.ErrnoException, raw);
  }
}

export function fsRefusal(
  error: NodeJS.ErrnoException,
  raw: string,
): PolicyError | NodeJS.ErrnoException {
  switch (error.code) {
    case 'ENOENT':
      return new PolicyError('not_found', `"${shown(raw)}" does not exist.`);
    case 'ENOTDIR':
      return new PolicyError(
        'not_a_directory',
        `A part of "${shown(raw)}" is a file, not a folder.`,
      );
    case 'ELOOP':
      return new PolicyError('invalid_path', `"${shown(raw)}" goes through too many links.`);
    case 'EACCES':
    case 'EPERM':
      return new PolicyError(
        'invalid_argument',
        `The system does not allow access to "${shown(raw)}".`,
      );
    case 'ENAMETOOLONG':
      return new PolicyError('invalid_path', 'The path is too long.');
    default:
      return error;
  }
}

function launchPointRefusal(raw: string): PolicyError {
  return new PolicyError(
    'protected',
    `"${shown(raw)}" is protected from agent changes: changing it could make programs run on this computer outside Airlock. It can still be read. The person can change it themselves.`,
  );
}

function airlockStateRefusal(raw: string): PolicyError {
  return new PolicyError(
    'airlock_state',
    `"${shown(raw)}" belongs to Airlock itself (its settings, keys, activity log and history). No agent may read, list or change it.`,
  );
}

function outside(raw: string): PolicyError {
  return new PolicyError(
    'outside_workspace',
    `"${shown(raw)}" is outside the folders Airlock shares. Call list_allowed_directories to see them.`,
  );
}

/** The agent's own path, echoed back safely: short, one line, no control characters. */
export function shown(raw: string): string {
  const clean = raw.replace(/[\u0000-\u001f\u007f]/g, '?');
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
}
