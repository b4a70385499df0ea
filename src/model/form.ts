import type { FieldSpec } from './field.js';
import type { ResourceFields, ResourceKind } from './kind.js';

/**
 * Form parameters with Twilio's names. A `string-set` field is a list, sent as the same parameter
 * repeated (`AutoCreation.WebhookFilters=a&AutoCreation.WebhookFilters=b`), as Twilio's helper
 * libraries send it.
 */
export type FormParams = Readonly<Record<string, string | readonly string[]>>;

function encodeValue(spec: FieldSpec, value: unknown): string | readonly string[] {
  if (value === null || value === undefined) return '';
  if (spec.type === 'string-set' && Array.isArray(value)) {
    // An empty set is sent as one empty value, which clears the field like `null` does: a repeated
    // parameter with no repeats would be no parameter at all, and leave the field as it was.
    return value.length === 0 ? '' : value.map((item) => String(item));
  }
  // Validated against the field table: text, a number or a boolean.
  return (value as string | number | boolean).toString();
}

function encodeFields(
  specs: readonly FieldSpec[],
  fields: Readonly<Record<string, unknown>>,
  form: Record<string, string | readonly string[]>,
): void {
  for (const spec of specs) {
    if (Object.hasOwn(fields, spec.name)) form[spec.param] = encodeValue(spec, fields[spec.name]);
  }
}

/**
 * The form parameters for a create or update of `kind`, from its field table: the top-level fields
 * and the nested group's (whose params carry their prefix, `Integration.Url`). Only keys present in
 * `fields` are sent; `null` is sent as an empty value, which clears the field (as Twilio's helper
 * library does).
 */
export function toFormParams(kind: Pick<ResourceKind, 'fields' | 'group'>, fields: ResourceFields): FormParams {
  const form: Record<string, string | readonly string[]> = {};
  encodeFields(kind.fields, fields, form);
  const group = fields[kind.group.name];
  if (typeof group === 'object' && group !== null) encodeFields(kind.group.fields, group as Record<string, unknown>, form);
  return form;
}

/** The `application/x-www-form-urlencoded` body of `params`, a list repeated under its name. */
export function formBody(params: FormParams): string {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    for (const item of typeof value === 'string' ? [value] : value) body.append(name, item);
  }
  return body.toString();
}
