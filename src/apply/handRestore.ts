import type { ResourceFields, ResourceKind } from '../model/kind.js';
import { redactUrlCredentials } from '../redactUrl.js';

/**
 * What to tell a person when apply deleted a resource and could not put it back: the exact fields
 * to create it with, in the field table's order, one `path: value` each. Credentials in URLs are
 * redacted (a report is read by many); the files hold them.
 */
export function handRestoreHint(kind: ResourceKind, fields: ResourceFields): string {
  const parts: string[] = [];
  const show = (path: string, value: unknown): void => void parts.push(`${path}: ${redactUrlCredentials(JSON.stringify(value))}`);
  for (const spec of kind.fields) if (Object.hasOwn(fields, spec.name)) show(spec.name, fields[spec.name]);
  const group = fields[kind.group.name];
  if (group !== null && typeof group === 'object') {
    for (const spec of kind.group.fields)
      if (Object.hasOwn(group, spec.name)) show(`${kind.group.name}.${spec.name}`, (group as Record<string, unknown>)[spec.name]);
  }
  return `create it again by hand (POST ${kind.api.collection}) with ${parts.join(', ')}`;
}
