import { useEffect, useId, useRef, type ReactNode } from 'react';
import type { GroupSave } from './use-group-save.ts';

interface SettingsGroupProps {
  readonly title: string;
  /** What the group is for, in a sentence or two. */
  readonly intro?: ReactNode;
  readonly save: GroupSave;
  /** Groups of fields have a Save button; a single switch saves as soon as it changes. */
  readonly onSave?: () => void;
  readonly saveLabel?: string;
  readonly children: ReactNode;
  /** Beside the Save button: "Restore the defaults…". */
  readonly actions?: ReactNode;
}

/**
 * One group of settings, saved on its own: its heading, its fields, its Save button, the
 * "Saved." announcement (role=status) and any problem main reported, next to it.
 */
export function SettingsGroup(props: SettingsGroupProps) {
  const headingId = useId();
  const section = useRef<HTMLElement>(null);
  const { state } = props.save;
  useEffect(() => {
    // A refused save takes the person to the first value to correct.
    if (state.kind === 'invalid')
      section.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [state]);
  const problem = state.kind === 'failed' || state.kind === 'invalid' ? state.message : undefined;
  const body = (
    <>
      {props.children}
      <div className={props.onSave || props.actions ? 'group-actions' : 'group-actions compact'}>
        {props.onSave && (
          <button type="submit" className="button" disabled={state.kind === 'saving'}>
            {props.saveLabel ?? 'Save'}
          </button>
        )}
        {props.actions}
        <p role="status" className="group-saved">
          {state.kind === 'saving' ? 'Saving…' : state.kind === 'saved' ? state.message : ''}
        </p>
      </div>
      {problem && (
        <p role="alert" className="group-problem">
          {problem}
        </p>
      )}
    </>
  );
  return (
    <section ref={section} className="settings-group" aria-labelledby={headingId}>
      <h3 id={headingId}>{props.title}</h3>
      {props.intro && <div className="group-intro quiet">{props.intro}</div>}
      {props.onSave ? (
        <form
          noValidate
          aria-labelledby={headingId}
          onSubmit={(event) => {
            event.preventDefault();
            props.onSave?.();
          }}
        >
          {body}
        </form>
      ) : (
        body
      )}
    </section>
  );
}
