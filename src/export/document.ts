import { INTEGRATION_FIELDS, TOP_LEVEL_FIELDS, chosenIntegrationType, type FlowFields, type Integration, type IntegrationType } from '../model/flexFlow.js';
import { type FieldSpec } from '../model/field.js';

/** A flow as an export writes it: keys in reading order, only the fields that carry a value. */
export type FlowDocument = Record<string, unknown>;

/**
 * Reading order: the name and the channel first (what a person looks for), then the table's
 * order, with `integration` right after the `integration_type` that governs it.
 */
const LEADING_FIELDS = ['friendly_name', 'channel_type'];

export const DOCUMENT_FIELD_ORDER: readonly string[] = Object.freeze([
  ...LEADING_FIELDS,
  ...TOP_LEVEL_FIELDS.flatMap((spec) => {
    if (LEADING_FIELDS.includes(spec.name)) return [];
    return spec.name === 'integration_type' ? [spec.name, 'integration'] : [spec.name];
  }),
]);

function carriesValue(value: unknown): boolean {
  return value !== null && value !== undefined && value !== '';
}

/** Twilio may keep integration values a type does not use; validate rejects them in a file. */
function appliesTo(spec: FieldSpec, integrationType: IntegrationType | null | undefined): boolean {
  return !integrationType || !spec.appliesTo || spec.appliesTo.includes(integrationType);
}

function integrationDocument(integration: Integration, integrationType: IntegrationType | null | undefined): FlowDocument | null {
  const out: FlowDocument = {};
  for (const spec of INTEGRATION_FIELDS) {
    const value = integration[spec.name as keyof Integration];
    if (carriesValue(value) && appliesTo(spec, integrationType)) out[spec.name] = value;
  }
  return Object.keys(out).length === 0 ? null : out;
}

/**
 * The document for one flow. Empty values (null, absent, '') are left out: an omitted field is not
 * managed, so leaving it out can never cause a diff, while writing `null` would manage it. `false`
 * and 0 are values and are kept.
 */
export function flowDocument(fields: FlowFields): FlowDocument {
  const doc: FlowDocument = {};
  const integrationType = chosenIntegrationType(fields);
  for (const name of DOCUMENT_FIELD_ORDER) {
    const value =
      name === 'integration'
        ? fields.integration && integrationType !== undefined
          ? integrationDocument(fields.integration, integrationType)
          : null
        : name === 'integration_type'
          ? integrationType
          : fields[name as keyof FlowFields];
    if (carriesValue(value)) doc[name] = value;
  }
  return doc;
}

/**
 * Integration values the document leaves out because they do not apply to the flow's integration
 * type (`integration.channel` on a studio flow), so that export can say so instead of losing them
 * silently.
 */
export function inapplicableIntegrationFields(fields: FlowFields): string[] {
  const integration = fields.integration;
  if (!integration) return [];
  return INTEGRATION_FIELDS.filter(
    (spec) => carriesValue(integration[spec.name as keyof Integration]) && !appliesTo(spec, fields.integration_type),
  ).map((spec) => `integration.${spec.name}`);
}

/**
 * Writes `${` as `$${` in every string, so that a live value that happens to contain `${` is read
 * back as itself and not as a variable.
 */
export function escapeTemplates(fields: FlowFields): FlowFields {
  // A replacer function, because `$$` in a replacement string means one `$`.
  const escape = <T>(value: T): T => (typeof value === 'string' ? (value.replaceAll('${', () => '$${') as T) : value);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] =
      key === 'integration' && value !== null && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escape(v)]))
        : escape(value);
  }
  return out as unknown as FlowFields;
}
