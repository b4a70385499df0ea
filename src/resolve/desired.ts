import { compareText } from '../compareText.js';
import type { DesiredResource, NameReference } from '../flows/types.js';
import { kindNamed } from '../model/kinds.js';
import { keyOf } from '../plan/normalize.js';
import type { PlanName } from '../plan/types.js';
import type { Resolution } from './resolve.js';

/**
 * Between loading and the diff (issue 20): the names the declared resources give instead of SIDs,
 * and the resources with those SIDs put in. Pure: the lookups are the resolver's.
 */

/** Every name of every resource, for the resolver (which looks each distinct one up once). */
export function referencesOf(resources: readonly DesiredResource[]): NameReference[] {
  return resources.flatMap((resource) => (resource.names ?? []).map((name) => name.reference));
}

/** A copy of `fields` with `value` at `path` (`chat_service_sid`, `integration.flow_sid`). */
function withValue(fields: Readonly<Record<string, unknown>>, path: string, value: string): Record<string, unknown> {
  const [head, ...rest] = path.split('.');
  const key = head as string;
  if (rest.length === 0) return { ...fields, [key]: value };
  const inner = fields[key];
  return {
    ...fields,
    [key]: withValue(inner !== null && typeof inner === 'object' ? (inner as Record<string, unknown>) : {}, rest.join('.'), value),
  };
}

/**
 * The resources with every name's SID in its field, and what each name resolved to, for the plan.
 * Call only when `resolution` has no problems: a name it did not resolve is a bug of the caller.
 */
export function withResolvedSids(
  resources: readonly DesiredResource[],
  resolution: Pick<Resolution, 'sidFor'>,
): { resources: DesiredResource[]; names: PlanName[] } {
  const names: PlanName[] = [];
  const resolved = resources.map((resource) => {
    if (resource.names === undefined) return resource;
    let fields = resource.fields;
    const key = keyOf(kindNamed(resource.kind), resource.fields);
    for (const { sidPath, reference } of resource.names) {
      const sid = resolution.sidFor(reference);
      if (sid === undefined) throw new Error(`withResolvedSids: ${reference.kind} ${JSON.stringify(reference.name)} did not resolve`);
      fields = withValue(fields, sidPath, sid);
      names.push({
        kind: resource.kind,
        key,
        path: sidPath,
        target: reference.kind,
        name: reference.name,
        ...(reference.workspace === undefined ? {} : { workspace: reference.workspace }),
        sid,
        source: reference.position,
      });
    }
    return { ...resource, fields };
  });
  names.sort((a, b) => compareText(a.kind, b.kind) || compareText(a.key, b.key) || compareText(a.path, b.path));
  return { resources: resolved, names };
}
