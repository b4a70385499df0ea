import { KINDS, kindNamed } from '../model/kinds.js';
import type { LiveResource, ResourceKind } from '../model/kind.js';
import type { DesiredResource } from '../flows/types.js';
import { refId } from './describe.js';
import type { LiveByKind } from './diff.js';
import { normalizeValue } from '../model/normalizeValue.js';
import { keyOf } from './normalize.js';
import type { Change, Plan } from './types.js';

/**
 * Twilio routes an address (a number, a WhatsApp sender) through one Flex Flow or one address
 * configuration, and its migration guide deletes the flow before it creates the configuration.
 * A plan that creates a resource for an address that a live resource of another kind keeps holding
 * would run against that: Twilio does not document what the create does then (refused, or two
 * routes for one number), so the plan is refused either way, naming both. A plan that deletes the
 * holder in the same run is fine: apply deletes it first (see identity.ts).
 */

/** The address a resource routes, as the diff compares it and case-folded (Twilio treats addresses alike whatever their case). */
export function addressOf(kind: ResourceKind, fields: Readonly<Record<string, unknown>>): string | undefined {
  const spec = kind.fields.find((field) => field.name === kind.addressField);
  const value = spec === undefined ? undefined : normalizeValue(spec, fields[kind.addressField]);
  return typeof value === 'string' ? value.toLowerCase() : undefined;
}

function describe(kind: ResourceKind, resource: LiveResource): string {
  const key = resource[kind.key];
  return `${kind.noun} ${typeof key === 'string' ? `${JSON.stringify(key)} ` : ''}(${resource.sid})`;
}

/** The addresses a change leaves its resource holding: what a create or replacement sends. */
function takenAddress(change: Change): string | undefined {
  if (change.action !== 'create' && change.action !== 'replace') return undefined;
  return addressOf(kindNamed(change.kind), change.action === 'create' ? change.after : change.send);
}

/**
 * Why the plan must not run: each create or replacement whose address a live resource of another
 * kind holds and the plan does not delete. `live` may hold kinds the plan itself does not cover
 * (listed only for this check). The resource a `migrated_from` names is migrations.ts's to judge;
 * any other holder (a typo in migrated_from leaves the real one live) is refused here.
 */
export function addressClaimRefusals(plan: Plan, desired: readonly DesiredResource[], live: LiveByKind): string[] {
  const migratedFrom = new Map(
    desired.flatMap((resource) =>
      resource.migratedFrom === undefined
        ? []
        : [[refId(resource.kind, keyOf(kindNamed(resource.kind), resource.fields)), resource.migratedFrom] as const],
    ),
  );
  const deleted = new Set(plan.changes.filter((change) => change.action === 'delete').map((change) => change.before.sid));
  const holders = new Map<string, { kind: ResourceKind; resource: LiveResource }>();
  for (const kind of KINDS) {
    for (const resource of live[kind.name] ?? []) {
      const address = addressOf(kind, resource);
      if (address !== undefined && !deleted.has(resource.sid)) holders.set(refId(kind.name, address), { kind, resource });
    }
  }
  return plan.changes.flatMap((change) => {
    const address = takenAddress(change);
    if (address === undefined) return [];
    const kind = kindNamed(change.kind);
    const from = migratedFrom.get(refId(change.kind, change.key));
    return KINDS.filter((other) => other !== kind).flatMap((other) => {
      const holder = holders.get(refId(other.name, address));
      if (holder === undefined || (other.name === kind.replaces && keyOf(other, holder.resource) === from)) return [];
      // Going back from a migration (the holder replaces this kind) is no migrate: prune deletes the holder first.
      const how =
        other.replaces === kind.name
          ? `remove its document with prune: true: apply deletes it first, and puts it back if the ${kind.noun} cannot be created`
          : 'remove its document with prune: true, or use flexflow-sync migrate --write';
      return [
        `the plan creates the ${kind.noun} ${JSON.stringify(change.key)} for ${kind.addressField} ${JSON.stringify(address)}, which the live ` +
          `${describe(holder.kind, holder.resource)} holds as its ${holder.kind.addressField} and the plan keeps; Twilio routes an address through one of them: ` +
          `delete the ${holder.kind.noun} in the same plan (${how}), or drop this ${kind.noun}`,
      ];
    });
  });
}
