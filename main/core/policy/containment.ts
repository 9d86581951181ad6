import { comparisonKey, type PathPlatform } from './platform.ts';

/**
 * Whether `candidate` is `root` or lies below it. Both must be absolute and normalized.
 * Decided on whole path segments, never by string prefix: `/ws_evil` is not inside `/ws`.
 */
export function isInsideRoot(platform: PathPlatform, root: string, candidate: string): boolean {
  const rootSegments = rootSegmentsOf(platform, root);
  const candidateSegments = segmentsOf(platform, candidate);
  if (candidateSegments.length < rootSegments.length) return false;
  return rootSegments.every((segment, index) => segment === candidateSegments[index]);
}

/** The segments of `inner` below `root`, for paths already known to be inside it. */
export function relativeSegments(platform: PathPlatform, root: string, inner: string): string[] {
  const rootLength = rootSegmentsOf(platform, root).length;
  return splitSegments(platform, inner).slice(rootLength);
}

/**
 * The segments of `candidate` below `root` when it is `root` or lies below it, otherwise
 * undefined: isInsideRoot and relativeSegments in one, splitting `candidate` once, since
 * the policy asks both for every path of every call.
 */
export function segmentsBelow(
  platform: PathPlatform,
  root: string,
  candidate: string,
): string[] | undefined {
  const rootSegments = rootSegmentsOf(platform, root);
  const parts = splitSegments(platform, candidate);
  // Compared as whole-path keys, exactly as isInsideRoot compares them.
  const keys = platform.caseInsensitive ? segmentsOf(platform, candidate) : parts;
  if (keys.length < rootSegments.length) return undefined;
  for (let index = 0; index < rootSegments.length; index += 1) {
    if (keys[index] !== rootSegments[index]) return undefined;
  }
  return parts.slice(rootSegments.length);
}

// Roots are few (the workspaces) and asked about on every call: split each once.
const rootCache = new Map<string, readonly string[]>();

function rootSegmentsOf(platform: PathPlatform, root: string): readonly string[] {
  const key = `${platform.name}\0${root}`;
  let segments = rootCache.get(key);
  if (!segments) {
    segments = segmentsOf(platform, root);
    if (rootCache.size > 256) rootCache.clear();
    rootCache.set(key, segments);
  }
  return segments;
}

function segmentsOf(platform: PathPlatform, value: string): string[] {
  return splitSegments(platform, comparisonKey(platform, value));
}

function splitSegments(platform: PathPlatform, value: string): string[] {
  const normalized = platform.path.normalize(value);
  const parts = normalized.split(platform.windowsSyntax ? /[\\/]/ : '/');
  return parts.filter((part, index) => part !== '' || index === 0);
}
