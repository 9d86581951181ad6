/** The window's sections, in the order the navigation shows them. */
export const SECTIONS = [
  { id: 'folders', label: 'Folders' },
  { id: 'activity', label: 'Activity' },
  { id: 'changes', label: 'Changes' },
  { id: 'keys', label: 'Keys' },
  { id: 'connections', label: 'Connections' },
  { id: 'settings', label: 'Settings' },
] as const;

export type SectionId = (typeof SECTIONS)[number]['id'];
