/**
 * One change to a client's config. `member`: the entry `name` inside the top-level object
 * `container` (e.g. mcpServers.airlock). `item`: the element of the top-level array
 * `container` whose `id` is `id` (VS Code's inputs). A value of undefined removes it.
 */
export type ConfigEdit =
  | {
      readonly kind: 'member';
      readonly container: string;
      readonly name: string;
      readonly value: unknown;
    }
  | {
      readonly kind: 'item';
      readonly container: string;
      readonly id: string;
      readonly value: unknown;
    };

/** The same edit made to the parsed value: what the file must mean after the splice. */
export function applyEditToValue(root: Record<string, unknown>, edit: ConfigEdit): void {
  const current = Object.hasOwn(root, edit.container) ? root[edit.container] : undefined;
  if (edit.kind === 'member') {
    const container = { ...(current as Record<string, unknown> | undefined) };
    if (edit.value === undefined) {
      if (current === undefined) return;
      delete container[edit.name];
    } else {
      defineOwn(container, edit.name, edit.value);
    }
    defineOwn(root, edit.container, container);
    return;
  }
  const items = [...((current as unknown[] | undefined) ?? [])];
  const index = items.findIndex((item) => hasId(item, edit.id));
  if (edit.value === undefined) {
    if (index === -1) return;
    items.splice(index, 1);
  } else if (index === -1) items.push(edit.value);
  else items[index] = edit.value;
  defineOwn(root, edit.container, items);
}

export function hasId(item: unknown, id: string): boolean {
  return typeof item === 'object' && item !== null && (item as { id?: unknown }).id === id;
}

/** Sets a key as an own property even when it is "__proto__". */
function defineOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
