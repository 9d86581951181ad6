import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Where one audit log lives: the current file, its rotated predecessors beside it
 * (`audit-<UTC stamp>.jsonl`, oldest first by name), and the head file that anchors the end.
 */
export class AuditFiles {
  readonly current: string;
  readonly directory: string;
  readonly head: string;
  readonly lock: string;
  private readonly stem: string;
  private readonly extension: string;

  constructor(current: string) {
    this.current = path.resolve(current);
    this.directory = path.dirname(this.current);
    this.extension = path.extname(this.current) || '.jsonl';
    this.stem = path.basename(this.current, path.extname(this.current));
    this.head = `${this.current}.head`;
    this.lock = `${this.current}.lock`;
  }

  /** The name a file gets when it is rotated out at `when`; sorts by time. */
  rotatedName(when: Date): string {
    const stamp = when
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.(\d{3})Z$/, '$1Z');
    return path.join(this.directory, `${this.stem}-${stamp}${this.extension}`);
  }

  /** A rotated name no file has yet: two rotations in one millisecond must not collide. */
  freeRotatedName(when: Date): string {
    let at = when.getTime();
    while (existsSync(this.rotatedName(new Date(at)))) at += 1;
    return this.rotatedName(new Date(at));
  }

  /** A place to set a torn tail aside, never overwriting an earlier one. */
  tornName(when: Date): string {
    const stamp = when.toISOString().replace(/[-:.]/g, '');
    return path.join(this.directory, `${this.stem}.torn-${stamp}${this.extension}`);
  }

  rotated(): string[] {
    const pattern = new RegExp(`^${escape(this.stem)}-\\d{8}T\\d{9}Z${escape(this.extension)}$`);
    let names: string[];
    try {
      names = readdirSync(this.directory);
    } catch {
      return [];
    }
    return names
      .filter((name) => pattern.test(name))
      .sort()
      .map((name) => path.join(this.directory, name));
  }

  /** Every file of the chain, oldest first, the current file last. */
  chain(): string[] {
    return [...this.rotated(), this.current];
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
