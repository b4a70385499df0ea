import { MAX_FLOWS_PER_ACCOUNT } from '../model/limits.js';
import { formatPosition, problemAt } from './problems.js';
import type { Problem, SourcePosition } from './types.js';

/** A declared name and where it stands. */
export interface NameAt {
  readonly name: string;
  readonly at: SourcePosition;
}

/** An enabled flow's contact identity, where it is written, and its integration type (null when not declared). */
interface IdentityAt {
  readonly contactIdentity: string;
  readonly integrationType: string | null;
  readonly at: SourcePosition;
}

/** What the rules across files need from each document. */
export interface FlowNames {
  readonly friendlyName?: NameAt;
  readonly renamedFrom: readonly NameAt[];
  /** Set when the flow is declared enabled with a contact identity. */
  readonly identity?: IdentityAt;
}

/** friendly_name is the key that matches live flows, so two documents may not share one. */
function duplicateNames(flows: readonly FlowNames[]): Problem[] {
  const first = new Map<string, SourcePosition>();
  const problems: Problem[] = [];
  for (const { name, at } of inReadingOrder(flows.flatMap((flow) => (flow.friendlyName ? [flow.friendlyName] : [])))) {
    const earlier = first.get(name);
    if (earlier) problems.push(problemAt(at, 'duplicate-name', `duplicate friendly_name ${JSON.stringify(name)}: also declared at ${formatPosition(earlier)}`));
    else first.set(name, at);
  }
  return problems;
}

/** A rename source must name no declared flow and belong to one flow only, or plan could not tell which flow it is. */
function renamedFromCollisions(flows: readonly FlowNames[]): Problem[] {
  const declared = new Map<string, SourcePosition>();
  for (const { name, at } of inReadingOrder(flows.flatMap((flow) => (flow.friendlyName ? [flow.friendlyName] : [])))) {
    if (!declared.has(name)) declared.set(name, at);
  }
  const claimed = new Map<string, SourcePosition>();
  const problems: Problem[] = [];
  for (const { name, at } of inReadingOrder(flows.flatMap((flow) => uniqueNames(flow.renamedFrom)))) {
    const owner = declared.get(name);
    const rival = claimed.get(name);
    if (owner) {
      problems.push(problemAt(at, 'renamed-from-collision', `renamed_from ${JSON.stringify(name)} is the friendly_name declared at ${formatPosition(owner)}; a flow cannot be renamed from a name that is still declared`));
    } else if (rival) {
      problems.push(problemAt(at, 'renamed-from-collision', `renamed_from ${JSON.stringify(name)} is also listed at ${formatPosition(rival)}; only one flow can be renamed from a name`));
    } else {
      claimed.set(name, at);
    }
  }
  return problems;
}

/** Files that declare more flows than an account may hold can never be applied: the first flow past the cap says so. */
function accountCap(flows: readonly FlowNames[]): Problem[] {
  if (flows.length <= MAX_FLOWS_PER_ACCOUNT) return [];
  const [first] = inReadingOrder(flows.flatMap((flow) => (flow.friendlyName ? [flow.friendlyName] : []))).slice(MAX_FLOWS_PER_ACCOUNT);
  if (first === undefined) return [];
  const cap = MAX_FLOWS_PER_ACCOUNT.toLocaleString('en-US');
  return [
    problemAt(
      first.at,
      'account-cap',
      `flow ${(MAX_FLOWS_PER_ACCOUNT + 1).toLocaleString('en-US')} of ${flows.length.toLocaleString('en-US')} declared: Twilio allows at most ${cap} flows per account; declare at most ${cap}`,
    ),
  ];
}

/**
 * Twilio checks inbound flows for conflicts across contact identity and integration type: two enabled
 * flows declaring both alike could never both be applied, so the second is refused before any call.
 */
function identityConflicts(flows: readonly FlowNames[]): Problem[] {
  const first = new Map<string, { name: string; at: SourcePosition }>();
  const problems: Problem[] = [];
  const identities = flows.flatMap((flow) => (flow.identity ? [{ ...flow.identity, name: flow.friendlyName?.name ?? '' }] : []));
  for (const identity of [...identities].sort((a, b) => comparePositions(a.at, b.at))) {
    const key = JSON.stringify([identity.contactIdentity, identity.integrationType]);
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, identity);
      continue;
    }
    const type = identity.integrationType === null ? 'no declared integration_type' : `integration_type ${JSON.stringify(identity.integrationType)}`;
    problems.push(
      problemAt(
        identity.at,
        'contact-identity-conflict',
        `contact_identity ${JSON.stringify(identity.contactIdentity)} with ${type} is also used by the enabled flow ` +
          `${JSON.stringify(earlier.name)} at ${formatPosition(earlier.at)}; Twilio refuses two enabled flows alike: disable one or give it another contact_identity`,
      ),
    );
  }
  return problems;
}

/** A name listed twice by one flow is the schema's to report, not a collision. */
function uniqueNames(names: readonly NameAt[]): NameAt[] {
  const seen = new Set<string>();
  return names.filter(({ name }) => !seen.has(name) && seen.add(name));
}

function comparePositions(a: SourcePosition, b: SourcePosition): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column;
}

function inReadingOrder(names: readonly NameAt[]): NameAt[] {
  return [...names].sort((a, b) => comparePositions(a.at, b.at));
}

export const CROSS_FILE_RULES = [duplicateNames, renamedFromCollisions, identityConflicts, accountCap] as const;
