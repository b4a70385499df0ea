import { UserInputError } from '../errors.js';
import { KIND_NAMES, type KindName } from '../model/kind.js';
import { compileGlobs } from '../settings/globs.js';
import { describeRef } from './describe.js';
import { summarize, summarizeByKind } from './diff.js';
import { identityMoves } from './identity.js';
import type { Change, Plan, ResourceRef } from './types.js';

const KIND_PREFIXES = new Set<string>(KIND_NAMES);

/**
 * A `--target` glob matches a change's key, in any kind, with the settings' glob syntax; `KIND:GLOB`
 * (`address-configuration:+1555*`) only that kind's. A key may hold a colon itself ("Sales: EMEA"):
 * only a prefix that names a kind restricts the kind.
 */
function targetMatcher(glob: string): (change: ResourceRef) => boolean {
  const colon = glob.indexOf(':');
  const kind = colon > 0 && KIND_PREFIXES.has(glob.slice(0, colon)) ? (glob.slice(0, colon) as KindName) : undefined;
  const pattern = kind === undefined ? glob : glob.slice(colon + 1);
  if (pattern === '')
    throw new UserInputError(
      `--target ${JSON.stringify(glob)} has no glob${kind === undefined ? '' : ` after ${kind}:`}; give a key or a glob, such as ${kind ?? 'flex-flow'}:*`,
    );
  const matches = compileGlobs([pattern]);
  return (change) => (kind === undefined || change.kind === kind) && matches(change.key);
}

/** The `--target` that names one resource exactly (its kind, its key's glob characters escaped), quoted for a POSIX shell. */
function targetFor(ref: ResourceRef): string {
  const glob = `${ref.kind}:${ref.key.replace(/[*?[\]{}()!+@\\]/g, '\\$&')}`;
  return `'${glob.replaceAll("'", "'\\''")}'`;
}

/**
 * The plan cut down to the changes the globs match. Every glob must match a change (noops count: a
 * target that is already in shape is no mistake), else the run stops, as a mistyped target must not
 * pass for "no changes". A contact identity that one change frees and another takes (identity.ts)
 * moves only with both: applying the taker alone fails at Twilio, and the freer alone takes the
 * number off the air; rather than quietly adding a change nobody targeted (it may be a delete), the
 * plan is refused with the target that would add it.
 */
export function targetPlan(plan: Plan, globs: readonly string[]): Plan {
  const matchers = globs.map((glob) => ({ glob, matches: targetMatcher(glob) }));
  for (const { glob, matches } of matchers) {
    if (!plan.changes.some(matches))
      throw new UserInputError(
        `--target ${JSON.stringify(glob)} matches no ${plan.kinds.length === 1 ? 'resource' : 'resource of any kind'} in the plan; check the name (globs as in ignore: * matches any run of characters) or the kind prefix`,
      );
  }
  const targeted = (change: Change): boolean => matchers.some(({ matches }) => matches(change));
  for (const move of identityMoves(plan.changes)) {
    if (targeted(move.from) === targeted(move.to)) continue;
    const [kept, missing] = targeted(move.from) ? [move.from, move.to] : [move.to, move.from];
    const role = missing === move.from ? 'frees' : 'takes';
    throw new UserInputError(
      `--target keeps ${describeRef(kept)} but leaves out ${describeRef(missing)}, which ${role} the contact identity ${JSON.stringify(move.identity)} in the same plan; ` +
        `the two are applied together or not at all: add --target ${targetFor(missing)}, or target neither`,
    );
  }
  const changes = plan.changes.filter(targeted);
  return {
    ...plan,
    changes,
    summary: summarize(changes),
    summary_by_kind: summarizeByKind(plan.kinds, changes),
    targeting: {
      globs: [...globs],
      left_out: plan.changes.filter((change) => !targeted(change)).map(({ kind, key, action }) => ({ kind, key, action })),
    },
  };
}
