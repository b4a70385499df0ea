import { INTEGRATION_FIELDS, REQUIRED_ON_CREATE, TOP_LEVEL_FIELDS } from '../model/flexFlow.js';
import { sidPattern, type FieldSpec } from '../model/field.js';

type FieldValue = string | number | boolean | readonly string[];

/** The fields a create or update posted, by JSON name; `null` clears a field (the form sent `Key=`). */
export interface FlowPatch {
  readonly fields: Readonly<Record<string, FieldValue | null>>;
  readonly integration: Readonly<Record<string, FieldValue | null>>;
}

export type ParseOutcome = { readonly ok: true; readonly patch: FlowPatch } | { readonly ok: false; readonly message: string };

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

function invalid(spec: FieldSpec, raw: string, why: string): ValueOutcome {
  return { ok: false, message: `Invalid value '${raw}' for parameter ${spec.param}: ${why}` };
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
    case 'string':
      if (spec.sidPrefix !== undefined && !sidMatches(spec.sidPrefix, raw)) {
        return invalid(spec, raw, `must be a SID matching ^${spec.sidPrefix}[0-9a-fA-F]{32}$`);
      }
      if (spec.enum !== undefined && !spec.enum.includes(raw)) return invalid(spec, raw, `must be one of ${spec.enum.join(', ')}`);
      if (spec.name === 'url' && !isHttpUrl(raw)) return invalid(spec, raw, 'must be an absolute http or https URL');
      return { ok: true, value: raw };
    case 'string-set':
      // Repeated parameters are read by the kind-aware parser (one value here is one item).
      return { ok: true, value: [raw] };
  }
}

function rangeText(spec: FieldSpec): string {
  if (spec.maximum === undefined) return `must be at least ${spec.minimum}`;
  return `must be between ${spec.minimum ?? 0} and ${spec.maximum}`;
}

function collect(specs: readonly FieldSpec[], form: URLSearchParams, mode: WriteMode, out: Record<string, FieldValue | null>): string | undefined {
  for (const spec of specs) {
    const raw = form.get(spec.param);
    const required = specs === TOP_LEVEL_FIELDS && REQUIRED_ON_CREATE.includes(spec.name);
    if (raw === null) {
      if (required && mode === 'create') return `Missing required parameter ${spec.param} in the post body`;
      continue;
    }
    if (raw === '' && required) {
      return mode === 'create' ? `Missing required parameter ${spec.param} in the post body` : `Parameter ${spec.param} cannot be empty`;
    }
    const outcome = parseFieldValue(spec, raw);
    if (!outcome.ok) return outcome.message;
    out[spec.name] = outcome.value;
  }
  return undefined;
}

/**
 * Reads a create or update form with Twilio's parameter names. Unknown parameters are ignored, as
 * Twilio does; the first invalid one is reported, in the field table's order.
 */
export function parseFlowForm(form: URLSearchParams, mode: WriteMode): ParseOutcome {
  const fields: Record<string, FieldValue | null> = {};
  const integration: Record<string, FieldValue | null> = {};
  const message = collect(TOP_LEVEL_FIELDS, form, mode, fields) ?? collect(INTEGRATION_FIELDS, form, mode, integration);
  if (message !== undefined) return { ok: false, message };
  return { ok: true, patch: { fields, integration } };
}
