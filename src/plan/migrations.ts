import { compareText } from '../compareText.js';
import type { DesiredResource } from '../flows/types.js';
import type { Problem } from '../source/types.js';
import { kindNamed } from '../model/kinds.js';
import { compileGlobs } from '../settings/globs.js';
import type { Settings } from '../settings/types.js';
import { type LiveByKind, snapshot, summarize, summarizeByKind } from './diff.js';
import { refId } from './describe.js';
import { keyOf } from './normalize.js';
import type { Change, DeleteChange, Plan } from './types.js';


/**
 * The plan with each migration paired: a declared resource that replaces one of another kind
 * (`migrated_from`, written by `migrate --write`) and is created by this plan deletes the live
 * resource it names in the same run, whatever prune says (the file asked for it by name), and that
 * delete says `migrated_to`. Apply runs the pair in Twilio's migration order: delete, then create,
 * the deleted resource put back if the create fails (plan/identity.ts). A protected or ignored
 * resource is never deleted: pendingMigrationRefusals refuses those plans. Once the resource exists
 * (an update or no change) or the replaced one is gone, `migrated_from` is inert.
 */
export function pairMigrations(plan: Plan, desired: readonly DesiredResource[], live: LiveByKind, settings: Settings): Plan {
  const creates = new Set(plan.changes.filter((change) => change.action === 'create').map((change) => refId(change.kind, change.key)));
  const unmanaged = new Set(plan.unmanaged.map((ref) => refId(ref.kind, ref.key)));
  const isProtected = compileGlobs(settings.protect);
  const pairedTo = new Map<string, string>();
  const added: DeleteChange[] = [];
  for (const resource of desired) {
    const kind = kindNamed(resource.kind);
    const key = keyOf(kind, resource.fields);
    const from = resource.migratedFrom;
    if (from === undefined || kind.replaces === undefined || !creates.has(refId(kind.name, key))) continue;
    const replaced = kindNamed(kind.replaces);
    pairedTo.set(refId(replaced.name, from), key);
    if (!unmanaged.has(refId(replaced.name, from)) || isProtected(from)) continue;
    const held = live[replaced.name]?.find((candidate) => keyOf(replaced, candidate) === from);
    if (held !== undefined) added.push({ action: 'delete', kind: replaced.name, key: from, before: snapshot(replaced, held), migrated_to: key });
  }
  if (pairedTo.size === 0) return plan;
  const marked = plan.changes.map((change): Change => {
    if (change.action !== 'delete') return change;
    const to = pairedTo.get(refId(change.kind, change.key));
    return to === undefined ? change : { ...change, migrated_to: to };
  });
  const order = new Map(plan.kinds.map((kind, index) => [kind, index]));
  const changes = [...marked, ...added].sort(
    (a, b) => (order.get(a.kind) ?? 0) - (order.get(b.kind) ?? 0) || compareText(a.key, b.key) || compareText(a.action, b.action),
  );
  const deleted = new Set(added.map((change) => refId(change.kind, change.key)));
  return {
    ...plan,
    changes,
    summary: summarize(changes),
    summary_by_kind: summarizeByKind(plan.kinds, changes),
    unmanaged: plan.unmanaged.filter((ref) => !deleted.has(refId(ref.kind, ref.key))),
  };
}

/**
 * Why a migration cannot be paired: the plan creates a resource with `migrated_from` while the
 * resource it replaces stays (protected or ignored), or while the plan did not read that kind.
 * Creating it then would run while the Flex Flow may still hold the address.
 */
export function pendingMigrationRefusals(plan: Plan, desired: readonly DesiredResource[]): string[] {
  const creates = new Set(plan.changes.filter((change) => change.action === 'create').map((change) => refId(change.kind, change.key)));
  const deletes = new Set(plan.changes.filter((change) => change.action === 'delete').map((change) => refId(change.kind, change.key)));
  const kept = new Set([...plan.changes.filter((change) => change.action !== 'delete' && change.action !== 'create'), ...plan.unmanaged, ...plan.ignored].map((ref) => refId(ref.kind, ref.key)));
  return desired.flatMap((resource) => {
    const kind = kindNamed(resource.kind);
    const key = keyOf(kind, resource.fields);
    const from = resource.migratedFrom;
    if (from === undefined || kind.replaces === undefined || !creates.has(refId(kind.name, key)) || deletes.has(refId(kind.replaces, from))) return [];
    const replaced = kindNamed(kind.replaces);
    const read = plan.kinds.includes(replaced.name);
    if (read && !kept.has(refId(replaced.name, from))) return [];
    const why = read ? `the plan keeps that ${replaced.noun} (a file still declares it, or it is protected or ignored)` : `the plan did not read the ${replaced.nounPlural}`;
    return [
      `the plan creates the ${kind.noun} ${JSON.stringify(key)}, migrated from the ${replaced.noun} ${JSON.stringify(from)} (migrated_from), ` +
        `without deleting that ${replaced.noun} first as Twilio's migration order requires: ${why}; ` +
        `delete it by hand (after making sure the address has no production traffic) and remove migrated_from, or unprotect it`,
    ];
  });
}

/**
 * Notes, not changes: each declared `migrated_from` that names a resource no longer live (the
 * migration is done, or the flow was deleted by hand), so that the person can remove it. Only for a
 * kind `live` holds (read as declared or as a neighbour): a kind not read says nothing.
 */
export function inertMigrations(desired: readonly DesiredResource[], live: LiveByKind): Problem[] {
  return desired.flatMap((resource) => {
    const replacedName = kindNamed(resource.kind).replaces;
    const from = resource.migratedFrom;
    const held = replacedName === undefined ? undefined : live[replacedName];
    if (from === undefined || replacedName === undefined || held === undefined) return [];
    const replaced = kindNamed(replacedName);
    if (held.some((candidate) => keyOf(replaced, candidate) === from)) return [];
    const message = `migrated_from: the ${replaced.noun} ${JSON.stringify(from)} no longer exists, so the migration is done; remove migrated_from`;
    return [{ ...resource.source, rule: 'inert-migrated-from', message }];
  });
}
