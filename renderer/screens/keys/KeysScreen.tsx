import type { ScreenProps } from '../../app/screen-props.ts';

export function KeysScreen(_props: ScreenProps) {
  return <h2>Keys</h2>;
}
