import type { GroupProps } from './group-props.ts';
import { NamePatternsGroup, type NamePatternsWords } from './NamePatternsGroup.tsx';
import type { Settings } from './setting-fields.ts';

// The core calls these files launch points; the window never does, because its readers do not
// write code. It says what they are for: files agents may read but never change.
const WORDS: Omit<NamePatternsWords, 'intro'> = {
  title: 'Files agents may read but never change',
  switchLabel: 'Keep agents from changing these files (recommended)',
  switchHelp:
    'When this is off, an agent that may change a shared folder can change these files in it too.',
  offWarning:
    'This protection is off: agents that may change a shared folder can change these files too, and so make programs run on your computer.',
  names: {
    title: 'Protected names',
    help: 'A file or folder with one of these names cannot be changed by agents wherever it is, with everything inside it. * stands for any characters: *.code-workspace protects every name ending in .code-workspace.',
    example: '.bashrc or *.code-workspace',
  },
  places: {
    title: 'Protected places',
    help: 'Protected only inside the folder named first: .config/autostart protects a folder called autostart in a folder called .config.',
    example: '.config/autostart',
  },
  saveLabel: 'Save protected files',
  restoreTitle: 'Restore the defaults of the protected files?',
  restoreBody:
    'Both lists go back to Airlock’s own, and the protection is turned on. Names and places you added are removed.',
  turnOffTitle: 'Let agents change these files?',
  turnOffBody:
    'An agent that may change a shared folder could then change its Git hooks, editor tasks or shell start-up files, and so make programs run on your computer outside Airlock.',
  turnOffLabel: 'Let agents change them',
};

interface LaunchPointsGroupProps extends GroupProps {
  readonly defaults: Settings['launchPoints'];
  /** What the default list covers, from main: "shell start-up files". */
  readonly families: readonly string[];
}

/** Files agents may read but never change, because changing them runs programs. */
export function LaunchPointsGroup({ families, ...props }: LaunchPointsGroupProps) {
  const intro = (
    <>
      <p>
        Changing these files could make programs run on your computer outside Airlock — for example
        when you open a terminal, log in, or open a project. Agents can still read them. You can
        always change them yourself.
      </p>
      {families.length > 0 && <p>Airlock’s own list covers {listInWords(families)}.</p>}
    </>
  );
  return <NamePatternsGroup section="launchPoints" words={{ ...WORDS, intro }} {...props} />;
}

/** "a, b, and c": the labels hold "and" themselves, so the last comma keeps them apart. */
function listInWords(items: readonly string[]): string {
  if (items.length <= 2) return items.join(' and ');
  return `${items.slice(0, -1).join(', ')}, and ${items.at(-1)}`;
}
