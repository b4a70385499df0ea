import type { FlexFlow } from '../model/flexFlow.js';
import { compareNames } from '../plan/diff.js';
import type { Plan } from '../plan/types.js';

/**
 * The flows a saved plan touches that no longer look live as the plan saw them: an updated or
 * deleted flow whose SID is gone or whose `date_updated` moved, or a create whose name now exists.
 * A second apply that ran in between shows up here, so a stale plan is refused as a whole.
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
      if (flow === undefined || flow.date_updated !== change.before.date_updated) stale.add(change.friendly_name);
    }
  }
  return [...stale].sort(compareNames);
}
