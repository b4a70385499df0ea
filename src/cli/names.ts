// Apart from pipeline.ts so that `validate`, which never resolves a name, starts without the HTTP client.
import type { Connection } from '../api/connection.js';
import { UnsafePlanError } from '../errors.js';
import { formatPosition } from '../flows/problems.js';
import type { DesiredResource, NameReference } from '../flows/types.js';
import { LOOKUP_TARGETS } from '../model/lookupTargets.js';
import type { PlanName } from '../plan/types.js';
import { quoteName } from '../resolve/candidates.js';
import { referencesOf, withResolvedSids } from '../resolve/desired.js';
import { createLookupLister } from '../resolve/lister.js';
import { createNameResolver } from '../resolve/resolve.js';
import type { Io } from './io.js';
import { failOnFlowProblems } from './pipeline.js';

/**
 * The declared resources with the SIDs their names resolve to in the account of `connection`, and
 * what each name resolved to. Lists nothing when no file gives a name. A name that matches no
 * resource, or several, ends the run as validation problems do, at the name.
 */
export async function resolveDesiredNames(resources: readonly DesiredResource[], connection: Connection, io: Io): Promise<{ resources: readonly DesiredResource[]; names: readonly PlanName[] }> {
  const references = referencesOf(resources);
  if (references.length === 0) return { resources, names: [] };
  const resolution = await createNameResolver(createLookupLister(connection)).resolve(references);
  if (resolution.problems.length > 0) failOnFlowProblems(resolution.problems, io);
  return withResolvedSids(resources, resolution);
}

/** The reference a saved plan's name was made from. */
function referenceOf(name: PlanName): NameReference {
  return { kind: name.target, name: name.name, position: name.source, ...(name.workspace === undefined ? {} : { workspace: name.workspace }) };
}

/**
 * Refuses a saved plan when a name it resolved now resolves to another SID, or to none: the plan
 * would send a SID the files no longer mean. `file` is the plan file, for the message.
 */
export async function refuseChangedNames(names: readonly PlanName[], connection: Connection, file: string): Promise<void> {
  if (names.length === 0) return;
  const resolution = await createNameResolver(createLookupLister(connection)).resolve(names.map(referenceOf));
  for (const name of names) {
    const now = resolution.sidFor(referenceOf(name));
    if (now === name.sid) continue;
    const what = `${LOOKUP_TARGETS[name.target].noun} ${quoteName(name.name)} (${formatPosition(name.source)})`;
    const problem = resolution.problems.find((found) => formatPosition(found) === formatPosition(name.source));
    const since = now === undefined ? `no longer resolves: ${problem?.message ?? 'no match'}` : `now resolves to ${now}`;
    throw new UnsafePlanError(`the saved plan ${file} resolved ${what} to ${name.sid}, but it ${since}; nothing was applied; run plan again`);
  }
}
