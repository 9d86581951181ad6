import type { GroupProps } from './group-props.ts';
import { NamePatternsGroup, type NamePatternsWords } from './NamePatternsGroup.tsx';
import type { Settings } from './setting-fields.ts';

const WORDS: NamePatternsWords = {
  title: 'Secret guard',
  intro: (
    <p>
      The secret guard hides files that usually hold passwords and keys, so that no agent can open
      them, in every shared folder.
    </p>
  ),
  switchLabel: 'Hide secret files from agents (recommended)',
  switchHelp:
    'When this is off, agents can read every file in the shared folders, passwords and keys included.',
  offWarning: 'The secret guard is off: agents can read passwords and keys in the shared folders.',
  names: {
    title: 'Hidden names',
    help: 'A file or folder with one of these names is hidden wherever it is, with everything inside it. * stands for any characters: *.pem hides every name ending in .pem.',
    example: '.env or *.pem',
  },
  places: {
    title: 'Hidden places',
    help: 'Hidden only inside the folder named first: .aws/credentials hides a file called credentials in a folder called .aws.',
    example: '.aws/credentials',
  },
  saveLabel: 'Save secret guard',
  restoreTitle: 'Restore the secret guard’s defaults?',
  restoreBody:
    'Both lists go back to Airlock’s own, and the guard is turned on. Names and places you added are removed.',
  turnOffTitle: 'Turn off the secret guard?',
  turnOffBody: 'Agents could then read passwords and keys kept in the shared folders.',
  turnOffLabel: 'Turn off the guard',
};

interface GuardGroupProps extends GroupProps {
  readonly defaults: Settings['guard'];
}

/** The secret guard: files no agent may read. */
export function GuardGroup(props: GuardGroupProps) {
  return <NamePatternsGroup section="guard" words={WORDS} {...props} />;
}
