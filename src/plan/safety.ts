import { UnsafePlanError } from '../errors.js';
import type { ResourceKind } from '../model/kind.js';
import { kindNamed } from '../model/kinds.js';
import { compileGlobs } from '../settings/globs.js';
import type { Settings } from '../settings/types.js';
import type { LiveByKind } from './diff.js';
import { identityRings } from './identity.js';
import { keyOf } from './normalize.js';
import { describeRefs, listBounded } from './describe.js';
import type { Change, CountedPlan, LiveCounts, Plan } from './types.js';

export interface SafetyOverrides {
  /** `--max-delete-fraction`: replaces the settings file's `max_delete_fraction` for this run. */
  readonly maxDeleteFraction?: number;
  /** `--max-update-fraction`: replaces the settings file's `max_update_fraction` for this run. */
  readonly maxUpdateFraction?: number;
}

/** A share as a percentage: one decimal, or as many more as it takes to tell it from `other`. */
function percent(fraction: number, other: number): string {
  const shown = (value: number, decimals: number): string => `${Number((value * 100).toFixed(decimals))}%`;
  let decimals = 1;
  while (decimals < 10 && shown(fraction, decimals) === shown(other, decimals)) decimals += 1;
  return shown(fraction, decimals);
}

/** octoDNS's TooMuchChange for one action of one kind: more than `allowed` of its live resources. */
function tooMuch(kind: ResourceKind, action: 'delete' | 'update', count: number, liveCount: number, allowed: number): string | undefined {
  const fraction = count / liveCount;
  if (count === 0 || fraction <= allowed) return undefined;
  const needed = Math.ceil(fraction * 100) / 100;
  return (
    `refusing to ${action} ${count} of ${liveCount} live ${kind.nounPlural} (${percent(fraction, allowed)}), more than the allowed ` +
    `${percent(allowed, fraction)}; if that is intended, raise the limit with --max-${action}-fraction ${needed} ` +
    `or max_${action}_fraction: ${needed} in flexflow-sync.yaml`
  );
}

/**
 * The plan with the live counts of each of its kinds: every live resource in `live`, and those the
 * settings' `ignore` globs leave managed. makePlan counts the listing it diffed; apply PLANFILE
 * counts a fresh one under the current settings, since a saved plan's counts are not trusted.
 */
export function countLive<P extends Plan>(plan: P, live: LiveByKind, settings: Settings): P & CountedPlan {
  const isIgnored = compileGlobs(settings.ignore);
  const counts = plan.kinds.map((name) => {
    const kind = kindNamed(name);
    const resources = live[name] ?? [];
    return [name, { total: resources.length, managed: resources.filter((resource) => !isIgnored(keyOf(kind, resource))).length }];
  });
  return { ...plan, live_counts: Object.fromEntries(counts) as LiveCounts };
}

/**
 * What can bring a kind back under its cap: declaring fewer (when the plan creates), prune (only for
 * live resources no file declares that the plan keeps), the Console (for ignored ones, which prune
 * never deletes).
 */
function capHint(plan: CountedPlan, kind: ResourceKind, creates: number): string {
  const counts = plan.live_counts[kind.name];
  const ignored = counts === undefined ? 0 : counts.total - counts.managed;
  // Managed live resources the plan neither keeps by a file nor deletes (counted, since a saved plan's `unmanaged` is as old as it is).
  const kept = (counts?.managed ?? 0) - plan.changes.filter((change) => change.kind === kind.name && change.action !== 'create').length;
  const ways = [
    ...(creates > 0 ? [`declare fewer ${kind.nounPlural}`] : []),
    ...(kept > 0 ? [`delete unused ones (prune: true)`] : []),
    ...(ignored > 0
      ? [
          `delete unused ones in the Console (${ignored.toLocaleString('en-US')} of them are ignored by the settings, and prune never deletes an ignored ${kind.noun})`,
        ]
      : []),
  ];
  return ways.length === 0 ? `delete unused ${kind.nounPlural}` : ways.join(', or ');
}

/**
 * Refuses, before any write, a plan that would leave the account with more resources of a kind than
 * Twilio allows (ResourceKind.maxPerAccount): its creates would fail part-way. Weighs every live
 * resource of the kind, ignored ones too.
 */
function checkAccountCap(plan: CountedPlan): void {
  for (const name of plan.kinds) {
    const kind = kindNamed(name);
    const liveTotal = plan.live_counts[name]?.total ?? 0;
    if (kind.maxPerAccount === undefined) continue;
    // Counted from the changes: the summary counts a migration's create and delete as one migrate.
    const count = (action: 'create' | 'delete'): number =>
      plan.changes.filter((change) => change.kind === name && change.action === action).length;
    const after = liveTotal + count('create') - count('delete');
    if (after <= kind.maxPerAccount) continue;
    throw new UnsafePlanError(
      `refusing a plan that would leave ${after.toLocaleString('en-US')} ${kind.nounPlural} in the account ` +
        `(${liveTotal.toLocaleString('en-US')} live + ${count('create')} to create - ${count('delete')} to delete); ` +
        `Twilio allows at most ${kind.maxPerAccount.toLocaleString('en-US')} per account: ${capHint(plan, kind, count('create'))}`,
    );
  }
}

/**
 * A migration's delete (migrated_to) is not pruning: the file names what it replaces, and plan pairs
 * it only with the flow of the same address and channel (plan/migrations.ts), so prune and the shares
 * leave it alone; a migration of every flow at once is what a migrate commit asks for.
 */
const removes = (change: Change): boolean =>
  (change.action === 'delete' && change.migrated_to === undefined) || change.action === 'replace';

/**
 * The safety rails (octoDNS's Plan.raise_if_unsafe), weighed with the plan's own live counts: why
 * they refuse the plan, as messages; empty when they allow it.
 *
 * The account cap throws instead (UnsafePlanError), before the plan is shown: it is no judgement of
 * the changes that a reviewer or a flag could overrule (nothing raises it; Twilio refuses the creates
 * past it whatever anyone approves), so a plan made from files or a saved one stops there.
 * The refusals are shown with the plan, then the CLI refuses it. A plan made by diff
 * keeps prune, protect, ignore and the empty-folder rule by construction; a saved plan is checked
 * against them again, so an edited plan file cannot delete what the settings keep. The shares
 * (octoDNS's thresholds for deletes and for updates) are weighed per kind, against the managed
 * live resources of that kind and only once at least `minLiveForDeleteGuard` are live: a plan that
 * deletes every address configuration must not pass because the account also holds many flows. A
 * replacement counts as a delete (the live resource and its SID, which other resources may hold, go).
 */
export function checkSafety(plan: CountedPlan, settings: Settings, overrides: SafetyOverrides = {}): string[] {
  checkAccountCap(plan);
  const refusals: string[] = [];
  const deletes = plan.changes.filter(removes);
  const isProtected = compileGlobs(settings.protect);
  const isIgnored = compileGlobs(settings.ignore);
  if (deletes.length > 0 && !settings.prune) {
    const pruned = deletes.filter((change) => change.action === 'delete');
    if (pruned.length > 0) refusals.push(`the plan deletes ${describeRefs(pruned)}, but prune is off in the settings`);
  }
  // A migration's delete too: protect keeps a flow whatever deletes it, in a plan made from files and a saved one alike.
  const protectedDeletes = plan.changes.filter((change) => (change.action === 'delete' || removes(change)) && isProtected(change.key));
  if (protectedDeletes.length > 0) {
    const migrating = protectedDeletes.some((change) => change.action === 'delete' && change.migrated_to !== undefined);
    refusals.push(
      `the plan deletes ${describeRefs(protectedDeletes)}, which the settings protect` +
        (migrating ? ' (a migration deletes what its migrated_from names: unprotect it, or remove migrated_from)' : ''),
    );
  }
  const ignored = plan.changes.filter((change) => change.action !== 'noop' && isIgnored(change.key));
  if (ignored.length > 0) refusals.push(`the plan changes ${describeRefs(ignored)}, which the settings ignore`);
  for (const name of plan.kinds) {
    const changes = plan.changes.filter(
      (change) => change.kind === name && !(change.action === 'delete' && change.migrated_to !== undefined),
    );
    // A targeted plan may delete only; the changes it left out still say whether the files declare the kind.
    const declares = [...changes, ...(plan.targeting?.left_out ?? [])].some((change) => change.kind === name && change.action !== 'delete');
    if (changes.length > 0 && !declares) {
      const kind = kindNamed(name);
      refusals.push(`the plan deletes ${kind.nounPlural} but declares none (files that declare no ${kind.noun} never delete one)`);
    }
  }
  for (const ring of identityRings(plan.changes)) {
    const names = listBounded(ring.map((name) => JSON.stringify(name)));
    refusals.push(
      `the contact identities of ${names} pass round in a ring, which no order of updates can apply (Twilio refuses two enabled flows alike at any moment); ` +
        `apply it in two steps: first give ${JSON.stringify(ring[0])} a spare contact_identity (or enabled: false), then the rest`,
    );
  }
  for (const name of plan.kinds) {
    const liveCount = plan.live_counts[name]?.managed ?? 0;
    const summary = plan.summary_by_kind[name];
    if (liveCount < settings.minLiveForDeleteGuard || summary === undefined) continue;
    const kind = kindNamed(name);
    for (const refusal of [
      tooMuch(
        kind,
        'delete',
        deletes.filter((change) => change.kind === name).length,
        liveCount,
        overrides.maxDeleteFraction ?? settings.maxDeleteFraction,
      ),
      tooMuch(kind, 'update', summary.update, liveCount, overrides.maxUpdateFraction ?? settings.maxUpdateFraction),
    ]) {
      if (refusal !== undefined) refusals.push(refusal);
    }
  }
  return refusals;
}

/** The refusals as one error (one line: a plan of 2,500 claimed addresses has as many), for the CLI to print after it has shown the refused plan. */
export function refusalError(refusals: readonly string[]): UnsafePlanError {
  return new UnsafePlanError(listBounded(refusals, '; ', (count) => `; and ${count} more refusals`));
}
