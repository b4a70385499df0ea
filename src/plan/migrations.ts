import type { DesiredResource } from '../flows/types.js';
import { kindNamed } from '../model/kinds.js';
import { keyOf } from './normalize.js';
import type { Plan } from './types.js';

/**
 * A declared resource that replaces one of another kind (`migrated_from`, written by `migrate --write`)
 * must not be made by a plain create, until the plan has a migrate action that pairs it with the live
 * resource it replaces (issue 18): apply runs creates before deletes, and a plan of address
 * configurations alone never reads the Flex Flows, while Twilio's order for an address is the reverse
 * (delete the Flex Flow, then create the address configuration). Once it exists (an update or no
 * change), `migrated_from` is inert and nothing is refused.
 */
export function pendingMigrationRefusals(plan: Plan, desired: readonly DesiredResource[]): string[] {
  const creates = new Set(plan.changes.filter((change) => change.action === 'create').map((change) => `${change.kind}\u0000${change.key}`));
  return desired.flatMap((resource) => {
    const kind = kindNamed(resource.kind);
    const key = keyOf(kind, resource.fields);
    if (resource.migratedFrom === undefined || kind.replaces === undefined || !creates.has(`${resource.kind}\u0000${key}`)) return [];
    const replaced = kindNamed(kind.replaces);
    return [
      `the plan creates the ${kind.noun} ${JSON.stringify(key)}, migrated from the ${replaced.noun} ${JSON.stringify(resource.migratedFrom)} (migrated_from), ` +
        `but cannot yet delete that ${replaced.noun} first, as Twilio's migration order requires; ` +
        `delete the ${replaced.noun} by hand (after making sure the address has no production traffic), remove migrated_from, then apply`,
    ];
  });
}
