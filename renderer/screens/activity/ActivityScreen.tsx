import type { ScreenProps } from '../../app/screen-props.ts';

export function ActivityScreen(_props: ScreenProps) {
  return <h2>Activity</h2>;
}
