import type { LiveResource, ResourceFields, ResourceKind } from '../model/kind.js';
import { liveToFields } from '../plan/normalize.js';

/**
 * What puts a resource back as it was before an update sent `send`: each sent top-level field with
 * its old value, and the whole group as it was, with every field the update set and the old one
 * lacked sent empty (Twilio's form API clears a field with an empty value).
 */
export function revertUpdate(kind: ResourceKind, before: LiveResource, send: ResourceFields): ResourceFields {
  const old = liveToFields(kind, before);
  const groupName = kind.group.name;
  const revert: Record<string, unknown> = {};
  for (const key of Object.keys(send)) if (key !== groupName) revert[key] = old[key] ?? null;
  if (Object.hasOwn(send, groupName)) {
    const previous = (before[groupName] ?? {}) as Record<string, unknown>;
    const sent = (send[groupName] ?? {}) as Record<string, unknown>;
    const group: Record<string, unknown> = {};
    for (const spec of kind.group.fields) {
      if (Object.hasOwn(previous, spec.name) || Object.hasOwn(sent, spec.name)) group[spec.name] = previous[spec.name] ?? null;
    }
    revert[groupName] = group;
  }
  return revert;
}
