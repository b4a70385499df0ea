import { isDeepStrictEqual } from 'node:util';
import type { LiveResource, ResourceKind } from '../model/kind.js';
import { kindNamed } from '../model/kinds.js';
import { compareText } from '../compareText.js';
import type { LiveByKind } from '../plan/diff.js';
import { refId } from '../plan/describe.js';
import { keyOf, liveToFields } from '../plan/normalize.js';
import { redactDeep } from '../plan/redact.js';
import type { LiveSnapshot, Plan, ResourceRef } from '../plan/types.js';

/**
 * Whether a live resource still looks as the plan saw it. `date_updated` has one-second resolution,
 * so an edit in the same second as the snapshot only shows in the fields. Saved snapshots hold
 * redacted webhook URLs, so the live fields are redacted the same way before comparing.
 */
function unchangedSince(kind: ResourceKind, snapshot: LiveSnapshot, live: LiveResource): boolean {
  return (
    live.date_updated === snapshot.date_updated && isDeepStrictEqual(redactDeep(liveToFields(kind, live)), redactDeep(snapshot.fields))
  );
}

/**
 * The resources a saved plan touches that no longer look live as the plan saw them: an updated,
 * replaced or deleted resource whose SID is gone or whose `date_updated` or fields moved, or a
 * create whose key now exists. A second apply that ran in between shows up here, so a stale plan is
 * refused as a whole. `live` holds the kinds of the plan (Plan.kinds).
 */
export function checkStale(plan: Plan, live: LiveByKind): ResourceRef[] {
  const stale = new Map<string, ResourceRef>();
  for (const name of plan.kinds) {
    const kind = kindNamed(name);
    const resources = live[name] ?? [];
    const bySid = new Map(resources.map((resource) => [resource.sid, resource]));
    const liveKeys = new Set(resources.map((resource) => keyOf(kind, resource)));
    for (const change of plan.changes) {
      if (change.kind !== name || change.action === 'noop') continue;
      const resource = change.action === 'create' ? undefined : bySid.get(change.before.sid);
      const moved =
        change.action === 'create' ? liveKeys.has(change.key) : resource === undefined || !unchangedSince(kind, change.before, resource);
      if (moved) stale.set(refId(name, change.key), { kind: name, key: change.key });
    }
  }
  return [...stale.values()].sort((a, b) => compareText(a.key, b.key));
}
