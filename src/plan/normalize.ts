import { type FieldSpec, type FieldType } from '../model/field.js';
import type { LiveResource, ResourceFields, ResourceKind } from '../model/kind.js';
import { ABSENT, type FieldAccess, fieldAccess } from './fieldAccess.js';

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

/**
 * Where a kind's fields sit in the arrays the diff compares: the table's top-level fields, with the
 * nested group right after its discriminator when that is a top-level field (`integration` after
 * `integration_type`), else last (`auto_creation`). Built once per kind.
 */
export interface KindLayout {
  /** The keys of liveToFields' result, in order. */
  readonly names: readonly string[];
  /** The specs of `names`; undefined at `groupSlot`. */
  readonly specs: readonly (FieldSpec | undefined)[];
  readonly groupSlot: number;
  readonly keySlot: number;
  readonly top: FieldAccess;
  readonly group: FieldAccess;
}

const LAYOUTS = new WeakMap<ResourceKind, KindLayout>();

export function layoutOf(kind: ResourceKind): KindLayout {
  let layout = LAYOUTS.get(kind);
  if (layout !== undefined) return layout;
  const topNames = kind.fields.map((spec) => spec.name);
  const after = topNames.indexOf(kind.group.discriminator);
  const names =
    after < 0 ? [...topNames, kind.group.name] : [...topNames.slice(0, after + 1), kind.group.name, ...topNames.slice(after + 1)];
  layout = {
    names,
    specs: names.map((name) => kind.fields.find((spec) => spec.name === name)),
    groupSlot: names.indexOf(kind.group.name),
    keySlot: names.indexOf(kind.key),
    top: fieldAccess(names),
    group: fieldAccess(kind.group.fields.map((spec) => spec.name)),
  };
  LAYOUTS.set(kind, layout);
  return layout;
}

/** A live resource's writable fields, and the same values as arrays for the diff to compare without lookups. */
export interface LiveValues {
  readonly fields: ResourceFields;
  /** The values of `fields` in KindLayout.names order. */
  readonly values: readonly unknown[];
  /** The group's values in the group table's order, ABSENT where it has no such key; null without a group. */
  readonly group: readonly unknown[] | null;
}

/** The live group read through its field table only: keys the table does not name are dropped (Twilio's `auto_creation` has no schema). */
function liveGroup(kind: ResourceKind, layout: KindLayout, group: unknown): unknown[] | null {
  if (group === null || group === undefined || typeof group !== 'object') return null;
  const values = layout.group.read(group);
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index] === ABSENT ? undefined : typedLiveValue((kind.group.fields[index] as FieldSpec).type, values[index]);
    values[index] = value === undefined ? ABSENT : value;
  }
  return values;
}

/** See liveToFields. */
export function readLive(kind: ResourceKind, live: LiveResource): LiveValues {
  const layout = layoutOf(kind);
  const values = layout.top.read(live);
  const group = liveGroup(kind, layout, values[layout.groupSlot]);
  for (let index = 0; index < values.length; index += 1) {
    const spec = layout.specs[index];
    if (spec === undefined) continue;
    const value = values[index] === ABSENT ? undefined : typedLiveValue(spec.type, values[index]);
    values[index] = value === undefined ? null : value;
  }
  values[layout.groupSlot] = group === null ? null : layout.group.build(group);
  values[layout.keySlot] = live[kind.key];
  return { fields: layout.top.build(values), values, group };
}

/**
 * Every writable field of a live resource, in the field table's order, with table types.
 * Used for plan snapshots and by `export`.
 */
export function liveToFields(kind: ResourceKind, live: LiveResource): ResourceFields {
  return readLive(kind, live).fields;
}

/** The value of a kind's key in a resource's fields (live or declared). */
export function keyOf(kind: ResourceKind, fields: Readonly<Record<string, unknown>>): string {
  return fields[kind.key] as string;
}
