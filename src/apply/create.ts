import { OutcomeUnknownError } from '../api/errors.js';
import type { ResourceApi } from '../api/types.js';
import { FlexFlowSyncError, TwilioApiError } from '../errors.js';
import type { LiveResource, ResourceFields } from '../model/kind.js';
import { matchesDeclared } from '../plan/diff.js';
import { keyOf } from '../plan/normalize.js';

/** The live resources of the api's kind whose key is exactly `key`. */
async function resourcesWithKey(api: ResourceApi, key: string): Promise<LiveResource[]> {
  return (await api.list()).filter((resource) => keyOf(api.kind, resource) === key);
}

/**
 * Where a create's resource came from: `made` by this run's answered create; adopted
 * `after-lost-answer` (this run may have made it, or made another copy too); adopted
 * `from-concurrent-apply` (this run's create was refused, so it made no copy at all).
 */
export type CreateOrigin = 'made' | 'after-lost-answer' | 'from-concurrent-apply';

/** How an adoption reads in a result line and a report's `reason`. */
export const ADOPTED_REASON: Readonly<Record<Exclude<CreateOrigin, 'made'>, string>> = Object.freeze({
  'after-lost-answer': 'adopted after an unanswered create',
  'from-concurrent-apply': "adopted from a concurrent apply that made it as declared (this run's create was refused)",
});

/**
 * A create that never duplicates: when its outcome is unknown, the resource is looked up by key and
 * adopted if an earlier attempt made it (then brought to the declared fields); only when the key
 * is still free is it created again. When Twilio refuses it (whatever the code: a concurrent apply
 * that created the resource first may hold its key or contact identity), a resource with that key
 * that already carries every declared field is adopted, as the account is then as declared.
 */
export async function createOnce(
  api: ResourceApi,
  key: string,
  fields: ResourceFields,
  maxRounds: number,
): Promise<{ sid: string; origin: CreateOrigin }> {
  const { kind } = api;
  for (let round = 1; ; round += 1) {
    try {
      const created = await api.create(fields);
      return { sid: created.sid, origin: 'made' };
    } catch (error) {
      if (error instanceof TwilioApiError) {
        const found = await resourcesWithKey(api, key);
        const [existing] = found;
        if (found.length === 1 && existing !== undefined && matchesDeclared(kind, existing, fields))
          return { sid: existing.sid, origin: 'from-concurrent-apply' };
        throw error;
      }
      if (!(error instanceof OutcomeUnknownError) || round >= maxRounds) throw error;
    }
    const found = await resourcesWithKey(api, key);
    if (found.length > 1) {
      const sids = found
        .map((resource) => resource.sid)
        .sort()
        .join(', ');
      throw new FlexFlowSyncError(
        'E_DUPLICATE',
        `${kind.noun} ${JSON.stringify(key)} now exists more than once (${sids}); delete the extra ones`,
      );
    }
    const [existing] = found;
    if (existing !== undefined) {
      const { fixed, updatable } = splitImmutable(api.kind, fields);
      // Found by key, it is ours only if what no update can change is as declared (else another run made it otherwise).
      const differing = Object.keys(fixed).filter((name) => !matchesDeclared(kind, existing, { [name]: fixed[name] }));
      if (differing.length > 0) {
        throw new FlexFlowSyncError(
          'E_CONCURRENT',
          `${kind.noun} ${JSON.stringify(key)} was created meanwhile as ${existing.sid} with another ${differing.join(', ')} than declared; run plan again`,
        );
      }
      if (!matchesDeclared(kind, existing, fields)) await api.update(existing.sid, updatable);
      return { sid: existing.sid, origin: 'after-lost-answer' };
    }
  }
}

/** The fields Twilio fixes at create (FieldSpec.immutable), and the rest, which an update may send. */
function splitImmutable(kind: ResourceApi['kind'], fields: ResourceFields): { fixed: ResourceFields; updatable: ResourceFields } {
  const immutable = new Set(kind.fields.filter((spec) => spec.immutable === true).map((spec) => spec.name));
  const entries = Object.entries(fields);
  return {
    fixed: Object.fromEntries(entries.filter(([name]) => immutable.has(name))),
    updatable: Object.fromEntries(entries.filter(([name]) => !immutable.has(name))),
  };
}
