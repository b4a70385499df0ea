import { INTEGRATION_FIELDS, TOP_LEVEL_FIELDS, type FlexFlow, type FlowFields, type Integration } from '../model/flexFlow.js';
import { type FieldSpec, type FieldType } from '../model/field.js';
import { ABSENT, fieldAccess } from './fieldAccess.js';

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
  const items = [...new Set(value.map((item: unknown) => (spec.caseInsensitive === true && typeof item === 'string' ? item.toLowerCase() : item)))];
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

/** An integration object with no non-empty value is the same as none at all. */
export function isEmptyIntegration(integration: Integration | null | undefined): boolean {
  if (!integration) return true;
  return INTEGRATION_FIELDS.every((spec) => normalizeValue(spec, integration[spec.name as keyof Integration]) === null);
}

/** A live value coerced to the type the field table gives it (Twilio may answer `"3"` for 3). */
function typedLiveValue(type: FieldType, value: unknown): unknown {
  if (value === undefined) return undefined;
  if (value === null || value === '') return null;
  if (type === 'integer') return normalizeInteger(value);
  if (type === 'boolean') return normalizeBoolean(value);
  return typeof value === 'string' ? value : String(value);
}

/** The keys of liveToFields' result, in order: the table's, with `integration` after `integration_type`. */
export const FLOW_FIELD_NAMES: readonly string[] = TOP_LEVEL_FIELDS.flatMap((spec) =>
  spec.name === 'integration_type' ? [spec.name, 'integration'] : [spec.name],
);
/** Where `integration` is in FLOW_FIELD_NAMES; every other slot is the top-level field of that name. */
export const INTEGRATION_SLOT = FLOW_FIELD_NAMES.indexOf('integration');
/** FLOW_FIELD_NAMES' specs; undefined at INTEGRATION_SLOT. */
export const FLOW_FIELD_SPECS: readonly (FieldSpec | undefined)[] = FLOW_FIELD_NAMES.map((name) => TOP_LEVEL_FIELDS.find((spec) => spec.name === name));

const RAW_FLOW = fieldAccess(FLOW_FIELD_NAMES);
const RAW_INTEGRATION = fieldAccess(INTEGRATION_FIELDS.map((spec) => spec.name));
const FLOW_FIELD_TYPES = FLOW_FIELD_SPECS.map((spec) => spec?.type);
const INTEGRATION_TYPES = INTEGRATION_FIELDS.map((spec) => spec.type);
const FRIENDLY_NAME_SLOT = FLOW_FIELD_NAMES.indexOf('friendly_name');

/** A live flow's writable fields, and the same values as arrays for the diff to compare without lookups. */
export interface LiveValues {
  readonly fields: FlowFields;
  /** The values of `fields` in FLOW_FIELD_NAMES order. */
  readonly values: readonly unknown[];
  /** The integration's values in INTEGRATION_FIELDS order, ABSENT where it has no such key; null without one. */
  readonly integration: readonly unknown[] | null;
}

function liveIntegration(integration: unknown): unknown[] | null {
  if (integration === null || integration === undefined || typeof integration !== 'object') return null;
  const values = RAW_INTEGRATION.read(integration);
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index] === ABSENT ? undefined : typedLiveValue(INTEGRATION_TYPES[index] as FieldType, values[index]);
    values[index] = value === undefined ? ABSENT : value;
  }
  return values;
}

/** See liveToFields. */
export function readLive(flow: FlexFlow): LiveValues {
  const values = RAW_FLOW.read(flow);
  const integration = liveIntegration(values[INTEGRATION_SLOT]);
  for (let index = 0; index < values.length; index += 1) {
    const type = FLOW_FIELD_TYPES[index];
    if (type === undefined) continue;
    const value = values[index] === ABSENT ? undefined : typedLiveValue(type, values[index]);
    values[index] = value === undefined ? null : value;
  }
  values[INTEGRATION_SLOT] = integration === null ? null : RAW_INTEGRATION.build(integration);
  values[FRIENDLY_NAME_SLOT] = flow.friendly_name;
  return { fields: RAW_FLOW.build(values) as unknown as FlowFields, values, integration };
}

/**
 * Every writable field of a live flow, in the field table's order, with table types.
 * Used for plan snapshots and by `export`.
 */
export function liveToFields(flow: FlexFlow): FlowFields {
  return readLive(flow).fields;
}
