import { TOP_LEVEL_FIELDS } from '../model/flexFlow.js';
import { type FieldSpec } from '../model/field.js';
import { FLEX_FLOW, kindNamed } from '../model/kinds.js';
import { normalizeValue } from '../model/normalizeValue.js';
import type { Change, CreateChange, DeleteChange, UpdateChange } from './types.js';

/**
 * A contact identity that one change of a plan gives up and another takes. Twilio checks inbound
 * flows for conflicts across contact identity and integration type without documenting the rule, so
 * the tool links on the contact identity alone, whatever the integration types or enabled states:
 * freeing first and restoring on failure is safe under any rule, and the taker would fail under the
 * strictest one if it ran first. Flex-Flow-only, with one exception: the create of a kind that
 * replaces Flex Flows (ResourceKind.replaces: an address configuration) takes its key (the address)
 * as the identity, so that a migration runs in Twilio's documented order, the flow deleted first,
 * then the address configuration created, and the flow re-created if that create fails.
 */
export interface IdentityMove {
  readonly identity: string;
  /** The delete or update that gives the identity up: applied first. */
  readonly from: DeleteChange | UpdateChange;
  /** The create or update that takes it: applied once `from` succeeded; `from` is put back if it fails. */
  readonly to: CreateChange | UpdateChange;
}

const CONTACT_IDENTITY = TOP_LEVEL_FIELDS.find((spec) => spec.name === 'contact_identity') as FieldSpec;

function identityOf(value: unknown): string | undefined {
  const normalized = normalizeValue(CONTACT_IDENTITY, value);
  return typeof normalized === 'string' ? normalized : undefined;
}

/** The identity an update leaves the flow with: the declared one, or the live one when it is not managed. */
function identityAfter(change: UpdateChange): string | undefined {
  return Object.hasOwn(change.after, 'contact_identity')
    ? identityOf(change.after.contact_identity)
    : identityOf(change.before.fields.contact_identity);
}

/**
 * The identity a delete frees, or an update frees by changing it or by disabling the flow. The
 * delete of a kind that replaces Flex Flows frees its address: going back from a migration (the
 * flow's document restored, the configuration's removed with prune) runs in the reverse of Twilio's
 * order, the configuration deleted first, then the flow created, and the configuration re-created
 * if that create fails.
 */
function givesUp(change: Change): string | undefined {
  if (change.kind !== FLEX_FLOW.name) {
    const kind = kindNamed(change.kind);
    return change.action === 'delete' && kind.replaces === FLEX_FLOW.name ? identityOf(change.before.fields[kind.addressField]) : undefined;
  }
  if (change.action === 'delete') return identityOf(change.before.fields.contact_identity);
  if (change.action !== 'update') return undefined;
  const held = identityOf(change.before.fields.contact_identity);
  const disables = change.before.fields.enabled === true && change.after.enabled === false;
  return held !== undefined && (identityAfter(change) !== held || disables) ? held : undefined;
}

/** The identity a create takes, or an update takes by changing to it or by enabling the flow. */
function takes(change: Change): string | undefined {
  if (change.kind !== FLEX_FLOW.name)
    return change.action === 'create' && kindNamed(change.kind).replaces === FLEX_FLOW.name ? identityOf(change.key) : undefined;
  if (change.action === 'create') return identityOf(change.after.contact_identity);
  if (change.action !== 'update') return undefined;
  const after = identityAfter(change);
  const enables = change.before.fields.enabled !== true && change.after.enabled === true;
  return after !== undefined && (after !== identityOf(change.before.fields.contact_identity) || enables) ? after : undefined;
}

/**
 * The moves of a plan, in plan order. Each change is in at most one move, so a move never waits for
 * another and swaps or chains are left unlinked (they fail at Twilio and are reported, as before).
 * Pure: apply computes the same moves from a saved plan as plan did, so the plan file holds no link
 * that could be edited.
 */
export function identityMoves(changes: readonly Change[]): IdentityMove[] {
  const freers = new Map<string, DeleteChange | UpdateChange>();
  for (const change of changes) {
    const identity = givesUp(change);
    if (identity !== undefined && !freers.has(identity)) freers.set(identity, change as DeleteChange | UpdateChange);
  }
  const moves: IdentityMove[] = [];
  const linked = new Set<Change>();
  for (const change of changes) {
    const identity = takes(change);
    const from = identity === undefined ? undefined : freers.get(identity);
    if (identity === undefined || from === undefined || from === change || linked.has(from) || linked.has(change)) continue;
    moves.push({ identity, from, to: change as CreateChange | UpdateChange });
    linked.add(from).add(change);
  }
  return moves;
}

/**
 * Flows of a plan whose updates pass contact identities round in a ring (two flows swapping numbers,
 * or longer): each update takes an identity that the next still holds, so no order of single
 * updates ever leaves every identity on at most one flow, and each apply would fail again the same
 * way. Each ring is returned once, as the names in the order they pass the identities on.
 */
export function identityRings(changes: readonly Change[]): string[][] {
  const holders = new Map<string, UpdateChange>();
  for (const change of changes) {
    const identity = change.action === 'update' && takes(change) !== undefined ? givesUp(change) : undefined;
    if (identity !== undefined) holders.set(identity, change as UpdateChange);
  }
  const rings: string[][] = [];
  const seen = new Set<UpdateChange>();
  for (const start of holders.values()) {
    const path: UpdateChange[] = [];
    let current: UpdateChange | undefined = start;
    while (current !== undefined && !seen.has(current)) {
      seen.add(current);
      path.push(current);
      const taken = takes(current);
      current = taken === undefined ? undefined : holders.get(taken);
    }
    const at = current === undefined ? -1 : path.indexOf(current);
    if (at >= 0) rings.push(path.slice(at).map((change) => change.key));
  }
  return rings;
}
