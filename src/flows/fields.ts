import { type FieldSpec } from '../model/field.js';
import type { ResourceKind } from '../model/kind.js';

/** The field-table entry for a JSON pointer into a document of `kind` (`/enabled`, `/integration/url`). */
export function fieldAt(kind: ResourceKind, pointer: string): FieldSpec | undefined {
  const parts = pointer.split('/').slice(1);
  const last = parts.at(-1);
  if (parts.length > 1 && last !== undefined && /^\d+$/.test(last)) {
    // A string-set's item is checked as the set's field is.
    const set = fieldAt(kind, pointer.slice(0, -last.length - 1));
    return set?.type === 'string-set' ? set : undefined;
  }
  if (parts.length === 1) return kind.fields.find((spec) => spec.name === parts[0]);
  if (parts.length === 2 && parts[0] === kind.group.name) return kind.group.fields.find((spec) => spec.name === parts[1]);
  return undefined;
}

/** Where the discriminator stands: `integration_type` at the top, or `auto_creation.type` inside the group. */
export function discriminatorPointer(kind: ResourceKind): string {
  return `/${kind.group.discriminator.split('.').join('/')}`;
}

/** The discriminator's own field-table entry (its enum lists the values group fields apply to). */
export function discriminatorSpec(kind: ResourceKind): FieldSpec {
  return fieldAt(kind, discriminatorPointer(kind)) as FieldSpec;
}

/** `migrated_from`'s one key in a document of `kind` (`flex_flow`), when the kind replaces another. */
export function migratedFromKey(kind: ResourceKind): string | undefined {
  return kind.replaces?.replace(/-/g, '_');
}

/** A kind whose key is fixed at create (the address) cannot be renamed: `renamed_from` has no meaning for it. */
export function keyIsFixed(kind: ResourceKind): boolean {
  return kind.fields.find((spec) => spec.name === kind.key)?.immutable === true;
}
