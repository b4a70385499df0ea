import { sidPattern, type FieldSpec } from '../model/field.js';
import type { ResourceKind } from '../model/kind.js';
import { findUnprintable } from '../printable.js';
import { redactUrlCredentials } from '../redactUrl.js';

type FieldValue = string | number | boolean | readonly string[];

/** The fields a create or update posted, by JSON name; `null` clears a field (the form sent `Key=`). */
export interface ResourcePatch {
  readonly fields: Readonly<Record<string, FieldValue | null>>;
  /** The nested group's fields (`integration`, `auto_creation`). */
  readonly group: Readonly<Record<string, FieldValue | null>>;
}

export type ParseOutcome = { readonly ok: true; readonly patch: ResourcePatch } | { readonly ok: false; readonly message: string };

export type WriteMode = 'create' | 'update';

type ValueOutcome = { ok: true; value: FieldValue | null } | { ok: false; message: string };

const SID_PATTERNS = new Map<string, RegExp>();

function sidMatches(prefix: string, value: string): boolean {
  let pattern = SID_PATTERNS.get(prefix);
  if (!pattern) {
    pattern = sidPattern(prefix);
    SID_PATTERNS.set(prefix, pattern);
  }
  return pattern.test(value);
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** Twilio's wording, with the credentials of a URL the value holds redacted: an answer is logged and shown. */
function invalidMessage(spec: FieldSpec, raw: string, why: string): string {
  return `Invalid value '${redactUrlCredentials(raw)}' for parameter ${spec.param}: ${why}`;
}

function invalid(spec: FieldSpec, raw: string, why: string): ValueOutcome {
  return { ok: false, message: invalidMessage(spec, raw, why) };
}

/** One form value checked against its field's spec, as the API's request schema describes it. */
function parseFieldValue(spec: FieldSpec, raw: string): ValueOutcome {
  if (raw === '') return { ok: true, value: null };
  switch (spec.type) {
    case 'boolean':
      // Twilio's own docs send `Enabled=True`.
      if (raw.toLowerCase() === 'true') return { ok: true, value: true };
      if (raw.toLowerCase() === 'false') return { ok: true, value: false };
      return invalid(spec, raw, 'must be true or false');
    case 'integer': {
      if (!/^-?\d{1,15}$/.test(raw)) return invalid(spec, raw, 'must be an integer');
      const value = Number(raw);
      if (spec.minimum !== undefined && value < spec.minimum) return invalid(spec, raw, rangeText(spec));
      if (spec.maximum !== undefined && value > spec.maximum) return invalid(spec, raw, rangeText(spec));
      return { ok: true, value };
    }
    case 'string': {
      if (spec.maxLength !== undefined && [...raw].length > spec.maxLength)
        return invalid(spec, raw, `must be at most ${spec.maxLength} characters`);
      if (spec.sidPrefix !== undefined && !sidMatches(spec.sidPrefix, raw)) {
        return invalid(spec, raw, `must be a SID matching ^${spec.sidPrefix}[0-9a-fA-F]{32}$`);
      }
      // Twilio compares such a value without regard to case (the spec's example sends "whAtsAPP"): stored lower-case.
      const value = spec.caseInsensitive ? raw.toLowerCase() : raw;
      if (spec.enum !== undefined && !spec.enum.includes(value)) return invalid(spec, raw, `must be one of ${spec.enum.join(', ')}`);
      if (spec.pattern !== undefined && !new RegExp(spec.pattern, 'u').test(value)) return invalid(spec, raw, `must match ${spec.pattern}`);
      if (spec.url && !isHttpUrl(raw)) return invalid(spec, raw, 'must be an absolute http or https URL');
      return { ok: true, value };
    }
    case 'string-set':
      return parseSet(spec, [raw]);
  }
}

function rangeText(spec: FieldSpec): string {
  if (spec.maximum === undefined) return `must be at least ${spec.minimum}`;
  return `must be between ${spec.minimum ?? 0} and ${spec.maximum}`;
}

/**
 * A `string-set` parameter: every repeat is one item, each in the field's enum; one empty value
 * clears the field (what a client sends for `null`, or an empty set).
 */
function parseSet(spec: FieldSpec, raws: readonly string[]): ValueOutcome {
  if (raws.length === 1 && raws[0] === '') return { ok: true, value: null };
  for (const raw of raws) {
    if (spec.enum !== undefined && !spec.enum.includes(raw)) return invalid(spec, raw, `must be one of ${spec.enum.join(', ')}`);
  }
  return { ok: true, value: [...new Set(raws)] };
}

function collect(
  kind: ResourceKind,
  specs: readonly FieldSpec[],
  form: URLSearchParams,
  mode: WriteMode,
  out: Record<string, FieldValue | null>,
): string | undefined {
  for (const spec of specs) {
    const raws = form.getAll(spec.param);
    const required = specs === kind.fields && kind.requiredOnCreate.includes(spec.name);
    if (raws.length === 0) {
      if (required && mode === 'create') return `Missing required parameter ${spec.param} in the post body`;
      continue;
    }
    // Twilio's update takes only the mutable fields; this emulator refuses the others, so that a
    // client that sent one (expecting a change) learns it at once rather than from a later plan.
    if (spec.immutable && mode === 'update') return `Parameter ${spec.param} cannot be updated: it is fixed when the resource is created`;
    const raw = raws[0] as string;
    if (raw === '' && required) {
      return mode === 'create' ? `Missing required parameter ${spec.param} in the post body` : `Parameter ${spec.param} cannot be empty`;
    }
    if (
      specs === kind.fields &&
      spec.name === kind.key &&
      kind.api.keyInPath &&
      (/^\s|\s$/u.test(raw) || findUnprintable(raw) !== undefined)
    ) {
      // Twilio documents nothing here; an address with padding or control characters could not be named in a path as written.
      return invalidMessage(spec, raw, 'must not start or end with whitespace or hold control characters');
    }
    const outcome = spec.type === 'string-set' ? parseSet(spec, raws) : parseFieldValue(spec, raw);
    if (!outcome.ok) return outcome.message;
    out[spec.name] = outcome.value;
  }
  return undefined;
}

/**
 * Reads a create or update form of `kind` with Twilio's parameter names. Unknown parameters are
 * ignored, as Twilio does; the first invalid one is reported, in the field table's order.
 */
export function parseForm(kind: ResourceKind, form: URLSearchParams, mode: WriteMode): ParseOutcome {
  const fields: Record<string, FieldValue | null> = {};
  const group: Record<string, FieldValue | null> = {};
  const message = collect(kind, kind.fields, form, mode, fields) ?? collect(kind, kind.group.fields, form, mode, group);
  if (message !== undefined) return { ok: false, message };
  return { ok: true, patch: { fields, group } };
}
