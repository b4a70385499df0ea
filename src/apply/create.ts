import { OutcomeUnknownError } from '../api/errors.js';
import type { FlexFlowsApi } from '../api/types.js';
import { FlexFlowSyncError, TwilioApiError } from '../errors.js';
import type { FlexFlow } from '../model/flexFlow.js';
import { matchesDeclared } from '../plan/diff.js';
import type { CreateChange } from '../plan/types.js';

/** The flows named exactly `name`. */
async function flowsNamed(api: FlexFlowsApi, name: string): Promise<FlexFlow[]> {
  return (await api.list({ friendlyName: name })).filter((flow) => flow.friendly_name === name);
}

/**
 * Where a create's flow came from: `made` by this run's answered create; adopted `after-lost-answer`
 * (this run may have made it, or made another copy too); adopted `from-concurrent-apply` (this
 * run's create was refused, so it made no copy at all).
 */
export type CreateOrigin = 'made' | 'after-lost-answer' | 'from-concurrent-apply';

/** How an adoption reads in a result line and a report's `reason`. */
export const ADOPTED_REASON: Readonly<Record<Exclude<CreateOrigin, 'made'>, string>> = Object.freeze({
  'after-lost-answer': 'adopted after an unanswered create',
  'from-concurrent-apply': "adopted from a concurrent apply that made it as declared (this run's create was refused)",
});

/**
 * A create that never duplicates: when its outcome is unknown, the flow is looked up by name and
 * adopted if an earlier attempt made it (then brought to the declared fields); only when the name
 * is still free is it created again. When Twilio refuses it (whatever the code: a concurrent apply
 * that created the flow first may hold its contact identity), a flow of that name that already
 * carries every declared field is adopted, as the account is then as declared.
 */
export async function createOnce(api: FlexFlowsApi, change: CreateChange, maxRounds: number): Promise<{ sid: string; origin: CreateOrigin }> {
  for (let round = 1; ; round += 1) {
    try {
      const flow = await api.create(change.after);
      return { sid: flow.sid, origin: 'made' };
    } catch (error) {
      if (error instanceof TwilioApiError) {
        const found = await flowsNamed(api, change.friendly_name);
        const [existing] = found;
        if (found.length === 1 && existing !== undefined && matchesDeclared(existing, change.after)) return { sid: existing.sid, origin: 'from-concurrent-apply' };
        throw error;
      }
      if (!(error instanceof OutcomeUnknownError) || round >= maxRounds) throw error;
    }
    const found = await flowsNamed(api, change.friendly_name);
    if (found.length > 1) {
      const sids = found.map((flow) => flow.sid).sort().join(', ');
      throw new FlexFlowSyncError('E_DUPLICATE', `flow ${JSON.stringify(change.friendly_name)} now exists more than once (${sids}); delete the extra ones`);
    }
    const [existing] = found;
    if (existing !== undefined) {
      if (!matchesDeclared(existing, change.after)) await api.update(existing.sid, change.after);
      return { sid: existing.sid, origin: 'after-lost-answer' };
    }
  }
}
