import { SECTIONS, type SectionId } from './sections.ts';

interface NavigationProps {
  readonly current: SectionId;
  readonly onSelect: (section: SectionId) => void;
}

/** Plain buttons in a nav landmark: Tab reaches each, and aria-current names the open one. */
export function Navigation({ current, onSelect }: NavigationProps) {
  return (
    <nav className="navigation" aria-label="Sections">
      <ul>
        {SECTIONS.map((section) => (
          <li key={section.id}>
            <button
              type="button"
              className="nav-button"
              aria-current={section.id === current ? 'page' : undefined}
              onClick={() => onSelect(section.id)}
            >
              {section.label}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
