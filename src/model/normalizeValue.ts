import type { FieldSpec } from './field.js';

/**
 * One normalisation for both sides of the diff. Twilio answers with JSON but takes form parameters,
 * files may quote numbers, and people write URLs and SIDs in more than one spelling: comparing raw
 * values would show a change after every apply. Values are only normalised for comparison; what is
 * sent is what the file declares.
 */

export function normalizeInteger(value: unknown): unknown {
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number.parseInt(value, 10);
  return value;
}

export function normalizeBoolean(value: unknown): unknown {
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
