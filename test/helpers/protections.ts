// The protections a policy gets in tests: the default secret guard and launch-point list,
// and Airlock's own files only where a test names them.
import { AirlockState } from '../../main/core/policy/airlock-state.ts';
import {
  DEFAULT_LAUNCH_POINT_SETTINGS,
  LaunchPointGuard,
} from '../../main/core/policy/launch-points.ts';
import type { Protections } from '../../main/core/policy/path-policy.ts';
import type { PathPlatform } from '../../main/core/policy/platform.ts';
import { DEFAULT_GUARD_SETTINGS, SensitiveGuard } from '../../main/core/policy/sensitive-guard.ts';

export function defaultProtections(
  platform: PathPlatform,
  airlockState: AirlockState = AirlockState.none(platform),
): Protections {
  return {
    guard: new SensitiveGuard(platform, DEFAULT_GUARD_SETTINGS),
    launchPoints: new LaunchPointGuard(platform, DEFAULT_LAUNCH_POINT_SETTINGS),
    airlockState,
  };
}
