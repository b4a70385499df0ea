import { closest, distance } from 'fastest-levenshtein';
import { compareText } from '../compareText.js';
import type { DesiredResource } from '../flows/types.js';
import { formatPosition } from '../source/problems.js';
import { findUnprintable } from '../printable.js';
import type { Problem } from '../source/types.js';
import { ADDRESS_TYPE_OF_CHANNEL } from '../model/addressConfiguration.js';
import type { LiveResource, ResourceKind } from '../model/kind.js';
import { FLEX_FLOW, KINDS, kindNamed } from '../model/kinds.js';
import { addressOf } from './addressClaims.js';
import { type LiveByKind, snapshot, summarize, summarizeByKind } from './diff.js';
import { refId } from './describe.js';
import { keyOf } from './normalize.js';
import type { Change, DeleteChange, Plan, ResourceRef } from './types.js';

/**
 * The plan with each migration paired: a declared resource that replaces one of another kind
 * (`migrated_from`, written by `migrate --write`) and is created by this plan deletes the live
 * resource it names in the same run, whatever prune says (the file asked for it by name), and that
 * delete says `migrated_to`. Apply runs the pair in Twilio's migration order: delete, then create,
 * the deleted resource put back if the create fails (plan/identity.ts); the create says
 * `migrated_from` too, so that a saved plan's pairs can be checked as this pairs them
 * (plan/consistency.ts). A protected resource is paired like any other, so that checkSafety
 * refuses its delete with the words it uses for a saved plan; an ignored one is not (the plan
 * never touches it): pendingMigrationRefusals refuses that plan. Once the resource exists (an
 * update or no change) or the replaced one is gone, `migrated_from` is inert.
 */
export function pairMigrations(plan: Plan, desired: readonly DesiredResource[], live: LiveByKind): Plan {
  const creates = new Set(plan.changes.filter((change) => change.action === 'create').map((change) => refId(change.kind, change.key)));
  const unmanaged = new Set(plan.unmanaged.map((ref) => refId(ref.kind, ref.key)));
  const pairedTo = new Map<string, string>();
  const createdFrom = new Map<string, ResourceRef>();
  const added: DeleteChange[] = [];
  for (const resource of desired) {
    const kind = kindNamed(resource.kind);
    const key = keyOf(kind, resource.fields);
    const from = resource.migratedFrom;
    if (from === undefined || kind.replaces === undefined || !creates.has(refId(kind.name, key))) continue;
    const replaced = kindNamed(kind.replaces);
    const held = live[replaced.name]?.find((candidate) => keyOf(replaced, candidate) === from);
    // Not paired: another document's migration of that flow (pendingMigrationRefusals refuses both), or a flow of another address.
    if (pairedTo.has(refId(replaced.name, from)) || (held !== undefined && migrationMismatch(kind, resource, replaced, held) !== undefined))
      continue;
    pairedTo.set(refId(replaced.name, from), key);
    createdFrom.set(refId(kind.name, key), { kind: replaced.name, key: from });
    if (!unmanaged.has(refId(replaced.name, from))) continue;
    if (held !== undefined)
      added.push({ action: 'delete', kind: replaced.name, key: from, before: snapshot(replaced, held), migrated_to: key });
  }
  if (pairedTo.size === 0) return plan;
  const marked = plan.changes.map((change): Change => {
    if (change.action !== 'delete') return change;
    const to = pairedTo.get(refId(change.kind, change.key));
    return to === undefined ? change : { ...change, migrated_to: to };
  });
  const migrating = new Set(
    [...marked, ...added].flatMap((change) =>
      change.action === 'delete' && change.migrated_to !== undefined ? [refId(change.kind, change.key)] : [],
    ),
  );
  const linked = marked.map((change): Change => {
    const from = change.action === 'create' ? createdFrom.get(refId(change.kind, change.key)) : undefined;
    return change.action !== 'create' || from === undefined || !migrating.has(refId(from.kind, from.key))
      ? change
      : { ...change, migrated_from: from.key };
  });
  const order = new Map(plan.kinds.map((kind, index) => [kind, index]));
  const changes = [...linked, ...added].sort(
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
 * The pairing rule, for a plan made from files (pairMigrations, pendingMigrationRefusals) and a
 * saved one alike (plan/consistency.ts, with the create's fields and the delete's snapshot): why
 * `held`, the live resource a declared resource's `migrated_from` names, is not the one it
 * replaces: it routes another address, or (a Flex Flow) a channel that becomes another address type.
 * migrate writes both from the flow's document, so a difference is a typo in migrated_from or an edit
 * since; pairing it would delete a flow that routes a number nothing answers afterwards.
 */
export function migrationMismatch(
  kind: ResourceKind,
  resource: Pick<DesiredResource, 'fields' | 'migratedFrom'>,
  replaced: ResourceKind,
  held: LiveResource,
): string | undefined {
  const address = addressOf(kind, resource.fields);
  const heldAddress = addressOf(replaced, held);
  const type = typeof resource.fields.type === 'string' ? resource.fields.type.toLowerCase() : undefined;
  const channel = held.channel_type;
  const typeOfChannel =
    replaced.name === FLEX_FLOW.name && typeof channel === 'string'
      ? ADDRESS_TYPE_OF_CHANNEL[channel as keyof typeof ADDRESS_TYPE_OF_CHANNEL]
      : type;
  if (address === heldAddress && type === typeOfChannel) return undefined;
  // A saved plan's snapshot is text anyone may edit: a value that would end the line or drive a terminal is quoted.
  const shown = (value: unknown): string =>
    typeof value === 'string' && findUnprintable(value) !== undefined ? JSON.stringify(value) : String(value);
  const route = (what: unknown, where: unknown): string => `${typeof what === 'string' ? `${shown(what)} ` : ''}${shown(where)}`;
  return (
    `the ${kind.noun} ${JSON.stringify(keyOf(kind, resource.fields))} (${route(resource.fields.type, resource.fields[kind.addressField])}) names the ${replaced.noun} ` +
    `${JSON.stringify(resource.migratedFrom)} (${held.sid}) in migrated_from, but that ${replaced.noun} routes ${route(channel, held[replaced.addressField])}; ` +
    `a migration keeps the flow's address and its channel (sms → sms, whatsapp → whatsapp, facebook → messenger): ` +
    `fix migrated_from, or the address and type (flexflow-sync migrate writes them from the flow's document)`
  );
}

/**
 * Why a declared migration cannot run: the plan creates a resource with `migrated_from` while the
 * resource it replaces stays (declared or ignored), or while the plan did not read that kind; the
 * named live resource routes another address or channel; two documents name one resource; or the
 * resource exists already while the one it names still holds its address (Twilio routes an address through one of them).
 */
export function pendingMigrationRefusals(plan: Plan, desired: readonly DesiredResource[], live: LiveByKind): string[] {
  const byRef = new Map(plan.changes.map((change) => [refId(change.kind, change.key), change]));
  const deletes = new Set(plan.changes.filter((change) => change.action === 'delete').map((change) => refId(change.kind, change.key)));
  const kept = new Set(
    [...plan.changes.filter((change) => change.action !== 'delete' && change.action !== 'create'), ...plan.unmanaged, ...plan.ignored].map(
      (ref) => refId(ref.kind, ref.key),
    ),
  );
  const claimants = new Map<string, string[]>();
  for (const resource of desired) {
    const kind = kindNamed(resource.kind);
    if (resource.migratedFrom === undefined || kind.replaces === undefined) continue;
    const from = refId(kind.replaces, resource.migratedFrom);
    claimants.set(from, [
      ...(claimants.get(from) ?? []),
      `${JSON.stringify(keyOf(kind, resource.fields))} (${formatPosition(resource.source)})`,
    ]);
  }
  return desired.flatMap((resource) => {
    const kind = kindNamed(resource.kind);
    const key = keyOf(kind, resource.fields);
    const from = resource.migratedFrom;
    const change = byRef.get(refId(kind.name, key));
    if (from === undefined || kind.replaces === undefined || change === undefined) return [];
    const replaced = kindNamed(kind.replaces);
    const held = live[replaced.name]?.find((candidate) => keyOf(replaced, candidate) === from);
    if (change.action !== 'create') {
      // Exists already: migrated_from is inert, unless the flow it names still routes the same address.
      if (held === undefined || change.action === 'delete' || addressOf(replaced, held) !== addressOf(kind, resource.fields)) return [];
      return [
        `${formatPosition(resource.source)}: migrated_from of the ${kind.noun} ${JSON.stringify(key)} names the live ${replaced.noun} ${JSON.stringify(from)} (${held.sid}), which still holds that address, ` +
          `but the address already has the ${kind.noun} ${change.before.sid}, and Twilio routes an address through one of them: delete the ${replaced.noun} ` +
          `(after making sure the address has no production traffic), or remove migrated_from`,
      ];
    }
    const rivals = claimants.get(refId(replaced.name, from)) ?? [];
    if (rivals.length > 1) {
      // Said once, by the first document that names it.
      if (!rivals[0]?.startsWith(`${JSON.stringify(key)} (`)) return [];
      return [
        `the ${kind.nounPlural} ${rivals.join(' and ')} all name the ${replaced.noun} ${JSON.stringify(from)} in migrated_from; a ${replaced.noun} migrates to one ${kind.noun}: remove migrated_from from the others`,
      ];
    }
    const wrong = held === undefined ? undefined : migrationMismatch(kind, resource, replaced, held);
    if (wrong !== undefined) return [`${formatPosition(resource.source)}: ${wrong}`];
    if (deletes.has(refId(replaced.name, from))) return [];
    const read = plan.kinds.includes(replaced.name);
    if (read && !kept.has(refId(replaced.name, from))) return [];
    const why = read
      ? `the plan keeps that ${replaced.noun} (a file still declares it, or it is ignored)`
      : `the plan did not read the ${replaced.nounPlural}`;
    return [
      `the plan creates the ${kind.noun} ${JSON.stringify(key)}, migrated from the ${replaced.noun} ${JSON.stringify(from)} (migrated_from), ` +
        `without deleting that ${replaced.noun} first as Twilio's migration order requires: ${why}; ` +
        `delete it by hand (after making sure the address has no production traffic) and remove migrated_from, or let the plan delete it (remove its document, or the ignore glob that matches it)`,
    ];
  });
}

/**
 * The migrations of a saved plan that the files no longer declare: each delete marked `migrated_to`
 * whose created resource no file declares with `migrated_from` naming the deleted one. Such a delete
 * is spared prune (safety.ts) only because a file asks for it by name, which the plan file itself
 * cannot vouch for (an edited file can say anything), and a fresh plan would not make it.
 */
export function undeclaredMigrations(changes: readonly Change[], desired: readonly DesiredResource[]): DeleteChange[] {
  const declared = new Map(
    desired.map((resource) => [refId(resource.kind, keyOf(kindNamed(resource.kind), resource.fields)), resource.migratedFrom]),
  );
  return changes.flatMap((change) => {
    if (change.action !== 'delete' || change.migrated_to === undefined) return [];
    const successor = KINDS.find((kind) => kind.replaces === change.kind);
    return successor !== undefined && declared.get(refId(successor.name, change.migrated_to)) === change.key ? [] : [change];
  });
}

/** A live name close to `name` (a typo of it), if any: said as `did you mean`. */
function nearName(name: string, names: readonly string[]): string | undefined {
  if (names.length === 0) return undefined;
  const best = closest(name, [...names]);
  return distance(name, best) <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/**
 * Notes, not changes: each declared `migrated_from` whose named resource is no longer live. With its
 * own resource live the migration is done and migrated_from can go; without, the name matches no live
 * resource: a typo (a near name is offered, and the live resource holding the same address named), a
 * flow that never existed, or one a failed apply deleted and could not put back. Only for kinds `live`
 * holds (read as declared or as a neighbour): a kind not read says nothing.
 */
export function inertMigrations(desired: readonly DesiredResource[], live: LiveByKind): Problem[] {
  return desired.flatMap((resource) => {
    const kind = kindNamed(resource.kind);
    const from = resource.migratedFrom;
    const held = kind.replaces === undefined ? undefined : live[kind.replaces];
    const own = live[kind.name];
    if (from === undefined || kind.replaces === undefined || held === undefined || own === undefined) return [];
    const replaced = kindNamed(kind.replaces);
    if (held.some((candidate) => keyOf(replaced, candidate) === from)) return [];
    const key = keyOf(kind, resource.fields);
    if (own.some((candidate) => keyOf(kind, candidate) === key)) {
      const message = `migrated_from: the ${replaced.noun} ${JSON.stringify(from)} no longer exists, so the migration is done; remove migrated_from`;
      return [{ ...resource.source, rule: 'inert-migrated-from', message }];
    }
    const near = nearName(
      from,
      held.map((candidate) => keyOf(replaced, candidate)),
    );
    const address = addressOf(kind, resource.fields);
    const holder = held.find((candidate) => address !== undefined && addressOf(replaced, candidate) === address);
    const message =
      `migrated_from: no live ${replaced.noun} is named ${JSON.stringify(from)}${near === undefined ? '' : ` (did you mean ${JSON.stringify(near)}?)`}` +
      `${holder === undefined ? '' : `; the live ${replaced.noun} ${JSON.stringify(keyOf(replaced, holder))} (${holder.sid}) holds ${JSON.stringify(holder[replaced.addressField])}`}` +
      `, and the ${kind.noun} ${JSON.stringify(key)} does not exist yet: fix the name; if a failed apply deleted the ${replaced.noun} and could not put it back, ` +
      `re-create it first from the restore_fields its report gave; for no ${replaced.noun} at all, remove migrated_from`;
    return [{ ...resource.source, rule: 'migrated-from-not-found', message }];
  });
}
