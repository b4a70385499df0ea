import { type FieldSpec } from '../model/field.js';
import type { LiveResource, ResourceKind } from '../model/kind.js';
import { documentFieldOrder } from '../model/documentFieldOrder.js';

/** A resource's writable fields as export reads them from the API, typed by its kind's table. */
export type ExportFields = Record<string, unknown>;

/** A resource as an export writes it: keys in reading order, only the fields that carry a value. */
export type ResourceDocument = Record<string, unknown>;

function carriesValue(value: unknown): boolean {
  return value !== null && value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0);
}

/** A live value as the table types it (Twilio may answer `"3"` for 3, `"POST"` for post); undefined when absent. */
function typedValue(spec: FieldSpec, value: unknown): unknown {
  if (value === undefined) return undefined;
  if (value === null || value === '') return null;
  switch (spec.type) {
    case 'integer':
      return typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
    case 'boolean': {
      const text = typeof value === 'string' ? value.trim().toLowerCase() : value;
      return text === 'true' || text === 'false' ? text === 'true' : value;
    }
    case 'string-set':
      // Order and repeats carry no meaning; sorted, so that exporting again changes nothing.
      return Array.isArray(value) ? [...new Set(value.map(String))].sort() : value;
    case 'string': {
      const text = typeof value === 'string' ? value : (value as number | boolean).toString();
      return spec.caseInsensitive === true ? text.toLowerCase() : text;
    }
  }
}

/**
 * The writable fields of a live resource, in its table's order. Only the table's keys are read, the
 * nested group's too: Twilio's spec gives `auto_creation` no schema, and a key it adds later must not
 * reach a file that validate would then refuse.
 */
export function liveFields(kind: ResourceKind, live: LiveResource): ExportFields {
  const read = (specs: readonly FieldSpec[], from: Readonly<Record<string, unknown>>): ExportFields => {
    const out: ExportFields = {};
    for (const spec of specs) {
      const value = typedValue(spec, from[spec.name]);
      if (value !== undefined) out[spec.name] = value;
    }
    return out;
  };
  const fields = read(kind.fields, live);
  const group = live[kind.group.name];
  fields[kind.group.name] =
    group !== null && typeof group === 'object' && !Array.isArray(group) ? read(kind.group.fields, group as Record<string, unknown>) : null;
  return fields;
}

/** A field's value by its path (`integration_type`, `auto_creation.type`): top level, or inside the group. */
export function valueAtPath(kind: ResourceKind, fields: ExportFields, path: string): unknown {
  const [first, second] = path.split('.');
  if (second === undefined) return fields[first as string];
  const group = fields[kind.group.name];
  return group !== null && typeof group === 'object' ? (group as ExportFields)[second] : undefined;
}

/**
 * The discriminator's value when the resource carries every group field that value requires; else
 * undefined. A type without its required fields is Twilio's default echoed back (a flow created
 * without an integration type reads as studio), not a choice, and validate would refuse it in a file.
 */
function chosenType(kind: ResourceKind, fields: ExportFields): string | undefined {
  const type = valueAtPath(kind, fields, kind.group.discriminator);
  if (typeof type !== 'string') return undefined;
  const group = (fields[kind.group.name] ?? {}) as ExportFields;
  return (kind.group.required[type] ?? []).every((name) => carriesValue(group[name])) ? type : undefined;
}

function appliesTo(spec: FieldSpec, type: string | undefined): boolean {
  return spec.appliesTo === undefined || (type !== undefined && spec.appliesTo.includes(type));
}

/**
 * The document for one resource. Empty values (null, absent, '', []) are left out: an omitted field
 * is not managed, so leaving it out can never cause a diff, while writing `null` would manage it.
 * `false` and 0 are values and are kept. Group fields that do not apply to the chosen type are left
 * out (see inapplicableFields), and so is a type that is not a choice (see chosenType), with the
 * fields that depend on it.
 */
export function resourceDocument(kind: ResourceKind, fields: ExportFields): ResourceDocument {
  const type = chosenType(kind, fields);
  const discriminator = kind.group.discriminator.split('.');
  const doc: ResourceDocument = {};
  for (const name of documentFieldOrder(kind)) {
    let value: unknown;
    if (name === 'kind') value = kind.name;
    else if (name === kind.group.discriminator) value = type;
    else if (name !== kind.group.name) value = fields[name];
    else if (fields[name] !== null && typeof fields[name] === 'object') {
      const group: ResourceDocument = {};
      for (const spec of kind.group.fields) {
        const item = spec.name === discriminator[1] ? type : (fields[name] as ExportFields)[spec.name];
        if (carriesValue(item) && appliesTo(spec, type)) group[spec.name] = item;
      }
      value = Object.keys(group).length === 0 ? null : group;
    }
    if (carriesValue(value)) doc[name] = value;
  }
  return doc;
}

/**
 * Group values the document leaves out because they do not apply to the resource's type
 * (`integration.channel` on a studio flow), so that export can say so instead of losing them silently.
 */
export function inapplicableFields(kind: ResourceKind, fields: ExportFields): string[] {
  const group = fields[kind.group.name];
  const type = valueAtPath(kind, fields, kind.group.discriminator);
  if (group === null || typeof group !== 'object' || typeof type !== 'string') return [];
  return kind.group.fields
    .filter((spec) => carriesValue((group as ExportFields)[spec.name]) && spec.appliesTo !== undefined && !spec.appliesTo.includes(type))
    .map((spec) => `${kind.group.name}.${spec.name}`);
}

/**
 * Writes `${` as `$${` in every string, so that a live value that happens to contain `${` is read
 * back as itself and not as a variable.
 */
export function escapeTemplates(fields: ExportFields): ExportFields {
  const escape = (value: unknown): unknown => {
    if (typeof value === 'string') return escapeTemplateText(value);
    if (Array.isArray(value)) return value.map(escape);
    if (value !== null && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, escape(item)]));
    return value;
  };
  return escape(fields) as ExportFields;
}

/** One string as escapeTemplates writes it. */
export function escapeTemplateText(text: string): string {
  // A replacer function, because `$$` in a replacement string means one `$`.
  return text.replaceAll('${', () => '$${');
}
