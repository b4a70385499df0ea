/** Live resources read through their kind's field table; how two values compare is model/normalizeValue.ts. */
import type { FieldType } from '../model/field.js';
import { normalizeBoolean, normalizeInteger, normalizeValue } from '../model/normalizeValue.js';
import type { LiveResource, ResourceFields, ResourceKind } from '../model/kind.js';

/** A nested group (`integration`, `auto_creation`) with no non-empty value is the same as none at all. */
export function isEmptyGroup(kind: ResourceKind, group: unknown): boolean {
  if (group === null || group === undefined || typeof group !== 'object') return true;
  const record = group as Readonly<Record<string, unknown>>;
  return kind.group.fields.every((spec) => normalizeValue(spec, record[spec.name]) === null);
}

/** A live value coerced to the type the field table gives it (Twilio may answer `"3"` for 3). */
function typedLiveValue(type: FieldType, value: unknown): unknown {
  if (value === undefined) return undefined;
  if (value === null || value === '') return null;
  if (type === 'integer') return normalizeInteger(value);
  if (type === 'boolean') return normalizeBoolean(value);
  if (type === 'string-set') return Array.isArray(value) ? value.map(String) : value;
  return typeof value === 'string' ? value : (value as number | boolean).toString();
}

/** The live group read through its field table only: keys the table does not name are dropped (Twilio's `auto_creation` has no schema). */
function liveGroup(kind: ResourceKind, group: unknown): Record<string, unknown> | null {
  if (group === null || group === undefined || typeof group !== 'object') return null;
  const record = group as Readonly<Record<string, unknown>>;
  const fields: Record<string, unknown> = {};
  for (const spec of kind.group.fields) {
    const value = Object.hasOwn(record, spec.name) ? typedLiveValue(spec.type, record[spec.name]) : undefined;
    if (value !== undefined) fields[spec.name] = value;
  }
  return fields;
}

/**
 * Every writable field of a live resource, with table types (a field Twilio leaves out is null), in
 * the order plans and exports show them: the table's top-level fields, with the nested group right
 * after its discriminator when that is a top-level field (`integration` after `integration_type`),
 * else last (`auto_creation`). Used for plan snapshots, by the diff and by `export`.
 */
export function liveToFields(kind: ResourceKind, live: LiveResource): ResourceFields {
  const record = live as Readonly<Record<string, unknown>>;
  const fields: Record<string, unknown> = {};
  const group = kind.group.name;
  for (const spec of kind.fields) {
    const value = Object.hasOwn(record, spec.name) ? typedLiveValue(spec.type, record[spec.name]) : undefined;
    fields[spec.name] = spec.name === kind.key ? record[spec.name] : (value ?? null);
    if (spec.name === kind.group.discriminator) fields[group] = liveGroup(kind, record[group]);
  }
  if (!Object.hasOwn(fields, group)) fields[group] = liveGroup(kind, record[group]);
  return fields;
}

/** The names of a kind's writable fields, in liveToFields' order. */
export function fieldOrder(kind: ResourceKind): string[] {
  const names = kind.fields.map((spec) => spec.name);
  const after = names.indexOf(kind.group.discriminator);
  names.splice(after < 0 ? names.length : after + 1, 0, kind.group.name);
  return names;
}

/** The value of a kind's key in a resource's fields (live or declared). */
export function keyOf(kind: ResourceKind, fields: Readonly<Record<string, unknown>>): string {
  return fields[kind.key] as string;
}
