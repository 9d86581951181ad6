import type { ScreenProps } from '../../app/screen-props.ts';

export function ConnectionsScreen(_props: ScreenProps) {
  return <h2>Connections</h2>;
}
