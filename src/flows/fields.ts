import { INTEGRATION_FIELDS, TOP_LEVEL_FIELDS } from '../model/flexFlow.js';
import { type FieldSpec } from '../model/field.js';

/** The field-table entry for a JSON pointer into a flow document (`/enabled`, `/integration/url`). */
export function fieldAt(pointer: string): FieldSpec | undefined {
  const parts = pointer.split('/');
  if (parts.length === 2) return TOP_LEVEL_FIELDS.find((spec) => spec.name === parts[1]);
  if (parts.length === 3 && parts[1] === 'integration') return INTEGRATION_FIELDS.find((spec) => spec.name === parts[2]);
  return undefined;
}

/** `/integration/url` → `integration.url`; list items as `renamed_from[0]`. */
export function pointerToPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path === '' ? part : `${path}.${part}`), '');
}
