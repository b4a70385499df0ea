import { type FieldSpec, type FieldType } from '../model/field.js';
import type { LiveResource, ResourceFields, ResourceKind } from '../model/kind.js';

/**
 * One normalisation for both sides of the diff. Twilio answers with JSON but takes form parameters,
 * files may quote numbers, and people write URLs and SIDs in more than one spelling: comparing raw
 * values would show a change after every apply. Values are only normalised for comparison; what is
 * sent is what the file declares.
 */

function normalizeInteger(value: unknown): unknown {
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number.parseInt(value, 10);
  return value;
}

function normalizeBoolean(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const lower = value.trim().toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  return value;
}

/** The same URL however it is spelled: host case, default port and one trailing slash do not matter. */
export function normalizeUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return value.trim();
  }
  if (url.pathname.length > 1 && url.pathname.endsWith('/')) url.pathname = url.pathname.slice(0, -1);
  const text = url.href;
  // WHATWG URL turns `https://host` into `https://host/`; strip that so both spellings meet.
  return url.pathname === '/' && url.search === '' && url.hash === '' ? text.replace(/\/$/, '') : text;
}

/** One spelling per SID: Twilio answers with the hex in lower case, but a file may say FWABC... */
export function canonicalSid(sid: string): string {
  return sid.slice(0, 2).toUpperCase() + sid.slice(2).toLowerCase();
}

function normalizeString(spec: FieldSpec, value: unknown): unknown {
  if (typeof value === 'number' || typeof value === 'boolean') value = String(value);
  if (typeof value !== 'string') return value;
  if (value === '') return null;
  if (spec.sidPrefix && value.length === 34) return canonicalSid(value);
  if (spec.url === true) return normalizeUrl(value);
  return spec.caseInsensitive === true ? value.toLowerCase() : value;
}

/**
 * A set of strings as one comparable text: order and repeats do not matter, and an empty list is
 * no list (Twilio answers `[]` or nothing for a set it never had).
 */
function normalizeStringSet(spec: FieldSpec, value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  const items = [
    ...new Set(value.map((item: unknown) => (spec.caseInsensitive === true && typeof item === 'string' ? item.toLowerCase() : item))),
  ];
  if (items.length === 0) return null;
  return JSON.stringify(items.sort());
}

/** A field's value as the diff compares it. Absent, empty and null are all "empty". */
export function normalizeValue(spec: FieldSpec, value: unknown): unknown {
  if (value === undefined || value === null || value === '') return null;
  switch (spec.type) {
    case 'integer':
      return normalizeInteger(value);
    case 'boolean':
      return normalizeBoolean(value);
    case 'string':
      return normalizeString(spec, value);
    case 'string-set':
      return normalizeStringSet(spec, value);
  }
}

export function valuesEqual(spec: FieldSpec, a: unknown, b: unknown): boolean {
  // Most declared values equal their live value as spelled; skipping normalisation then keeps plan fast at scale.
  if (a === b) return true;
  return normalizeValue(spec, a) === normalizeValue(spec, b);
}

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
