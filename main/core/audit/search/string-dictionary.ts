/**
 * Dictionary encoding for one string column: each distinct value gets a small integer id,
 * so a row stores a number and a filter compares numbers. Id 0 is reserved for "absent".
 */
export const ABSENT = 0;

export class StringDictionary {
  readonly #ids = new Map<string, number>();
  readonly #values: string[] = [''];

  /** The id of `value`, adding it when new; undefined (a missing field) is ABSENT. */
  intern(value: string | undefined): number {
    if (value === undefined) return ABSENT;
    let id = this.#ids.get(value);
    if (id === undefined) {
      id = this.#values.length;
      this.#values.push(value);
      this.#ids.set(value, id);
    }
    return id;
  }

  /** The id of a known value, or undefined when no row ever had it. */
  idOf(value: string): number | undefined {
    return this.#ids.get(value);
  }

  valueOf(id: number): string | undefined {
    return id === ABSENT ? undefined : this.#values[id];
  }

  /** Ids run from 1 to size - 1; size counts the reserved ABSENT id. */
  get size(): number {
    return this.#values.length;
  }

  /** Every distinct value, in first-seen order (for facet lists in the viewer). */
  values(): string[] {
    return this.#values.slice(1);
  }
}
