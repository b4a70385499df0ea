import type { ResourceFields, ResourceKind } from '../model/kind.js';
import { handRestoreHint } from './handRestore.js';

/**
 * Resources apply has deleted and not yet created again (a replacement, or a move that frees a
 * contact identity, between its delete and its create). Nothing else in a run is lost if the
 * process dies: a second Ctrl+C exits at once, and then these are what a person must know about.
 */
export class Exposure {
  private readonly open = new Map<string, { readonly kind: ResourceKind; readonly key: string; readonly fields: ResourceFields }>();

  /** `sid` was deleted; `fields` create it again. */
  deleted(kind: ResourceKind, key: string, sid: string, fields: ResourceFields): void {
    this.open.set(sid, { kind, key, fields });
  }

  /** What was deleted as `sid` exists again (created anew, or put back), or is given up to the report. */
  settled(sid: string): void {
    this.open.delete(sid);
  }

  /** One line per resource still missing, in the order they were deleted; empty when none is. */
  describe(): string[] {
    return [...this.open].map(
      ([sid, { kind, key, fields }]) =>
        `${kind.noun} ${JSON.stringify(key)} (${sid}) was deleted and not yet created again: run apply again (the files still declare what replaces it), or ${handRestoreHint(kind, fields)}`,
    );
  }
}
