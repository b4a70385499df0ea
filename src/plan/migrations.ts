import type { DesiredResource } from '../flows/types.js';
import { kindNamed } from '../model/kinds.js';
import { keyOf } from './normalize.js';
import type { Plan } from './types.js';

/**
 * A declared resource that replaces one of another kind (`migrated_from`, written by `migrate --write`)
 * may be created only when the plan deletes what it replaces in the same run (prune: the delete and
 * the create are one move, the delete first, as Twilio's migration order requires) or shows that it
 * is gone. Otherwise the create would run while the Flex Flow may still hold the address: when prune
 * is off (the flow is kept, unmanaged) or when no file declares a flow (the plan never reads them).
 * Once the resource exists (an update or no change), `migrated_from` is inert.
 */
export function pendingMigrationRefusals(plan: Plan, desired: readonly DesiredResource[]): string[] {
  const at = (kind: string, key: string): string => `${kind}\u0000${key}`;
  const creates = new Set(plan.changes.filter((change) => change.action === 'create').map((change) => at(change.kind, change.key)));
  const deletes = new Set(plan.changes.filter((change) => change.action === 'delete').map((change) => at(change.kind, change.key)));
  const kept = new Set([...plan.changes.filter((change) => change.action !== 'delete' && change.action !== 'create'), ...plan.unmanaged, ...plan.ignored].map((ref) => at(ref.kind, ref.key)));
  return desired.flatMap((resource) => {
    const kind = kindNamed(resource.kind);
    const key = keyOf(kind, resource.fields);
    const from = resource.migratedFrom;
    if (from === undefined || kind.replaces === undefined || !creates.has(at(kind.name, key)) || deletes.has(at(kind.replaces, from))) return [];
    const replaced = kindNamed(kind.replaces);
    const read = plan.kinds.includes(replaced.name);
    if (read && !kept.has(at(replaced.name, from))) return [];
    const why = read ? `the plan keeps that ${replaced.noun} (prune is off, or it is protected)` : `no file declares a ${replaced.noun}, so the plan did not read them`;
    return [
      `the plan creates the ${kind.noun} ${JSON.stringify(key)}, migrated from the ${replaced.noun} ${JSON.stringify(from)} (migrated_from), ` +
        `without deleting that ${replaced.noun} first as Twilio's migration order requires: ${why}; ` +
        `delete it by hand (after making sure the address has no production traffic) and remove migrated_from, or let the plan delete it with prune: true`,
    ];
  });
}
