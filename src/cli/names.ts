// Apart from pipeline.ts so that `validate`, which never resolves a name, starts without the HTTP client.
import type { Connection } from '../api/connection.js';
import { UnsafePlanError } from '../errors.js';
import { formatPosition } from '../source/problems.js';
import { liveFields } from '../export/document.js';
import { type NameOfSid, sidsToName } from '../export/names.js';
import type { DesiredResource, NameReference } from '../flows/types.js';
import type { KindName, LiveResource } from '../model/kind.js';
import { KINDS } from '../model/kinds.js';
import { LOOKUP_TARGETS, type TargetKind } from '../model/lookupTargets.js';
import type { PlanName } from '../plan/types.js';
import { quoteName } from '../resolve/candidates.js';
import { referencesOf, withResolvedSids } from '../resolve/desired.js';
import { createLookupLister } from '../resolve/lister.js';
import { type NameForSid, createNameResolver } from '../resolve/resolve.js';
import type { Io } from './io.js';
import { plural } from './plural.js';
import { failOnFlowProblems } from './pipeline.js';

/**
 * The declared resources with the SIDs their names resolve to in the account of `connection`, and
 * what each name resolved to. Lists nothing when no file gives a name. A name that matches no
 * resource, or several, ends the run as validation problems do, at the name.
 */
export async function resolveDesiredNames(
  resources: readonly DesiredResource[],
  connection: Connection,
  io: Io,
): Promise<{ resources: readonly DesiredResource[]; names: readonly PlanName[] }> {
  const references = referencesOf(resources);
  if (references.length === 0) return { resources, names: [] };
  const resolution = await createNameResolver(createLookupLister(connection)).resolve(references);
  if (resolution.problems.length > 0) failOnFlowProblems(resolution.problems, io);
  return withResolvedSids(resources, resolution);
}

/** The reference a saved plan's name was made from. */
function referenceOf(name: PlanName): NameReference {
  return {
    kind: name.target,
    name: name.name,
    position: name.source,
    ...(name.workspace === undefined ? {} : { workspace: name.workspace }),
  };
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
    throw new UnsafePlanError(
      `the saved plan ${file} resolved ${what} to ${name.sid}, but it ${since}; nothing was applied; run plan again`,
    );
  }
}

/**
 * `export --names`: for every SID the live resources hold that a name field could stand for, the name
 * that resolves back to it (the only resource of its kind with that name), listing each collection
 * once; and for people, what was written and which SIDs stay, with why.
 */
export async function namesForExport(
  live: Partial<Readonly<Record<KindName, readonly LiveResource[]>>>,
  connection: Connection,
): Promise<{ nameOf: NameOfSid; summary: string[] }> {
  const wanted = new Map<string, { target: TargetKind; workspaceSid?: string; sids: Set<string> }>();
  for (const kind of KINDS) {
    for (const resource of live[kind.name] ?? []) {
      for (const { target, sid, workspaceSid } of sidsToName(kind, liveFields(kind, resource))) {
        const group = JSON.stringify([target, workspaceSid ?? null]);
        const entry = wanted.get(group) ?? { target, ...(workspaceSid === undefined ? {} : { workspaceSid }), sids: new Set<string>() };
        entry.sids.add(sid);
        wanted.set(group, entry);
      }
    }
  }
  const resolver = createNameResolver(createLookupLister(connection));
  const answers = new Map<string, NameForSid>();
  const kept: string[] = [];
  let written = 0;
  for (const [group, { target, workspaceSid, sids }] of wanted) {
    const found = await resolver.namesFor(target, [...sids].sort(), workspaceSid === undefined ? {} : { workspaceSid });
    for (const [sid, answer] of found) {
      answers.set(`${group}${sid}`, answer);
      if (answer.ok) written += 1;
      else kept.push(`  kept ${sid}: ${answer.message}`);
    }
  }
  const nameOf: NameOfSid = ({ target, sid, workspaceSid }) => {
    const answer = answers.get(`${JSON.stringify([target, workspaceSid ?? null])}${sid}`);
    return answer?.ok === true ? answer.name : undefined;
  };
  const summary = [
    `names: ${plural(written, 'SID')} written as names, ${plural(kept.length, 'SID')} kept (no name that resolves back to it alone)`,
    ...kept,
  ];
  return { nameOf, summary: wanted.size === 0 ? ['names: the resources hold no SID a name could stand for'] : summary };
}
