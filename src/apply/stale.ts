import { isDeepStrictEqual } from 'node:util';
import type { FlexFlow } from '../model/flexFlow.js';
import { compareText } from '../compareText.js';
import { liveToFields } from '../plan/normalize.js';
import { redactDeep } from '../plan/redact.js';
import type { LiveSnapshot, Plan } from '../plan/types.js';

/**
 * Whether a live flow still looks as the plan saw it. `date_updated` has one-second resolution,
 * so an edit in the same second as the snapshot only shows in the fields. Saved snapshots hold
 * redacted webhook URLs, so the live fields are redacted the same way before comparing.
 */
function unchangedSince(snapshot: LiveSnapshot, flow: FlexFlow): boolean {
  return flow.date_updated === snapshot.date_updated && isDeepStrictEqual(redactDeep(liveToFields(flow)), redactDeep(snapshot.fields));
}

/**
 * The flows a saved plan touches that no longer look live as the plan saw them: an updated or
 * deleted flow whose SID is gone or whose `date_updated` or fields moved, or a create whose name
 * now exists. A second apply that ran in between shows up here, so a stale plan is refused as a whole.
 */
export function checkStale(plan: Plan, live: readonly FlexFlow[]): string[] {
  const bySid = new Map(live.map((flow) => [flow.sid, flow]));
  const liveNames = new Set(live.map((flow) => flow.friendly_name));
  const stale = new Set<string>();
  for (const change of plan.changes) {
    if (change.action === 'create') {
      if (liveNames.has(change.friendly_name)) stale.add(change.friendly_name);
    } else if (change.action === 'update' || change.action === 'delete') {
      const flow = bySid.get(change.before.sid);
      if (flow === undefined || !unchangedSince(change.before, flow)) stale.add(change.friendly_name);
    }
  }
  return [...stale].sort(compareText);
}
