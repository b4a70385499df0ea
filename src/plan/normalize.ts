import {
  INTEGRATION_FIELDS,
  TOP_LEVEL_FIELDS,
  type FieldSpec,
  type FlexFlow,
  type FlowFields,
  type Integration,
} from '../model/flexFlow.js';

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

function normalizeString(spec: FieldSpec, value: unknown): unknown {
  if (typeof value === 'number' || typeof value === 'boolean') value = String(value);
  if (typeof value !== 'string') return value;
  if (value === '') return null;
  // SIDs are hex; Twilio answers in lower case, but a file may say FWABC...
  if (spec.sidPrefix && value.length === 34) return value.slice(0, 2).toUpperCase() + value.slice(2).toLowerCase();
  if (spec.name === 'url') return normalizeUrl(value);
  return value;
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
function typedLiveValue(spec: FieldSpec, value: unknown): unknown {
  if (value === undefined) return undefined;
  if (value === null || value === '') return null;
  if (spec.type === 'integer') return normalizeInteger(value);
  if (spec.type === 'boolean') return normalizeBoolean(value);
  return typeof value === 'string' ? value : String(value);
}

function liveIntegration(integration: FlexFlow['integration']): Integration | null {
  if (integration === null || integration === undefined || typeof integration !== 'object') return null;
  const result: Record<string, unknown> = {};
  for (const spec of INTEGRATION_FIELDS) {
    const value = typedLiveValue(spec, (integration as Record<string, unknown>)[spec.name]);
    if (value !== undefined) result[spec.name] = value;
  }
  return result as Integration;
}

/**
 * Every writable field of a live flow, in the field table's order, with table types.
 * Used for plan snapshots and by `export`.
 */
export function liveToFields(flow: FlexFlow): FlowFields {
  const fields: Record<string, unknown> = {};
  for (const spec of TOP_LEVEL_FIELDS) {
    const value = typedLiveValue(spec, (flow as unknown as Record<string, unknown>)[spec.name]);
    fields[spec.name] = value === undefined ? null : value;
    if (spec.name === 'integration_type') fields.integration = liveIntegration(flow.integration);
  }
  fields.friendly_name = flow.friendly_name;
  return fields as unknown as FlowFields;
}
