import type { ListedItem } from '../api/listCollection.js';
import { TwilioApiError } from '../errors.js';
import { problemAt, sortProblems } from '../source/problems.js';
import type { NameReference } from '../flows/types.js';
import type { Problem } from '../source/types.js';

export type { NameReference } from '../flows/types.js';
import { compareText } from '../compareText.js';
import { MAX_NAME_LENGTH, sidPattern } from '../model/field.js';
import { findUnprintable } from '../printable.js';
import { LOOKUP_TARGETS, type LookupTarget, type TargetKind } from '../model/lookupTargets.js';
import { MAX_MATCHES_SHOWN, closeCandidates, describeItems, quoteName } from './candidates.js';
import type { NameLister } from './lister.js';

/**
 * Names instead of SIDs (issue 20): each reference to a Studio flow, a Chat or Conversations
 * service, a TaskRouter workspace or workflow by its friendly name becomes that resource's SID, with
 * read-only list calls. A name matches exactly (case and spaces count); no match, or more than one,
 * is a problem at the name's position listing the candidates. Each distinct name is looked up once
 * per resolver, and a collection Twilio does not filter is listed once however many names it holds.
 */

/**
 * A distinct name and the SID it resolved to.
 * @public for the loader and plan that will show and save them (issue 20)
 */
export interface ResolvedName {
  readonly kind: TargetKind;
  readonly name: string;
  /** A workflow's workspace. */
  readonly workspaceSid?: string;
  readonly sid: string;
}

/** @public for the loader and plan that will take it (issue 20) */
export interface Resolution {
  /** The SID `reference` resolved to; undefined when it did not (a problem at its position says why). */
  sidFor(reference: NameReference): string | undefined;
  /** Every distinct name of the call's references that resolved (a workflow's workspace named by name included), sorted by kind, workspace and name: what a plan shows and a saved plan records. */
  readonly resolved: readonly ResolvedName[];
  /** One per reference that did not resolve, sorted by position. */
  readonly problems: readonly Problem[];
}

/**
 * What a file may say for a SID (export --names): the resource's name, when no other of its kind holds it.
 * @public for export --names (issue 20)
 */
export type NameForSid =
  | { readonly ok: true; readonly name: string }
  | { readonly ok: false; readonly reason: 'not-found' | 'shared' | 'unwritable'; readonly message: string };

export interface NameResolver {
  /**
   * Resolves every reference; names seen in an earlier call are not looked up again. Failures to
   * reach Twilio (network, credentials, a broken answer) reject, as they concern no file.
   */
  resolve(references: readonly NameReference[], signal?: AbortSignal): Promise<Resolution>;
  /**
   * The reverse, for export: for each SID of `kind` (a workflow's: in `workspaceSid`), its name where
   * that name resolves back to it (one resource of the kind holds it, and a file can hold it), or
   * why the SID should stay. Lists the collection once per resolver, whatever `resolve` listed.
   */
  namesFor(
    kind: TargetKind,
    sids: readonly string[],
    options?: { readonly workspaceSid?: string; readonly signal?: AbortSignal },
  ): Promise<ReadonlyMap<string, NameForSid>>;
}

/** Stable ids of the problems, as validation's rules have. */
export const RESOLVE_RULES = Object.freeze({
  notFound: 'name-not-found',
  ambiguous: 'name-ambiguous',
  workspaceMissing: 'name-workspace-missing',
  workspaceUnresolved: 'name-workspace-unresolved',
});

type Outcome = { readonly ok: true; readonly sid: string } | { readonly ok: false; readonly rule: string; readonly message: string };

const WORKSPACE_SID = sidPattern('WS');

/** Lookups run workspaces first, since a workflow may be looked up in a workspace named in the same run. */
const ORDER: readonly TargetKind[] = ['workspace', 'studio-flow', 'chat-service', 'conversations-service', 'workflow'];

function fail(rule: string, message: string): Outcome {
  return { ok: false, rule, message };
}

/** Where a lookup looked: the account, or for a workflow its workspace (`"Flex" WS…` when named in this run). */
function where(target: LookupTarget, workspace: string | undefined): string {
  return target.kind === 'workflow' ? ` in TaskRouter workspace ${workspace}` : ' in this account';
}

/** The outcome of a lookup from what was listed: exactly one exact match, or a message listing candidates. */
function decide(
  target: LookupTarget,
  name: string,
  workspace: string | undefined,
  matches: readonly ListedItem[],
  all: () => Promise<readonly ListedItem[]>,
): Promise<Outcome> | Outcome {
  if (matches.length === 1) return { ok: true, sid: (matches[0] as ListedItem).sid };
  if (matches.length > 1) {
    const shown = describeItems(matches.slice(0, MAX_MATCHES_SHOWN), Math.max(0, matches.length - MAX_MATCHES_SHOWN), false);
    return fail(
      RESOLVE_RULES.ambiguous,
      `${matches.length} ${target.nounPlural} are named ${quoteName(name)}${where(target, workspace)}: ${shown}; a name must pick one: write the SID instead, or rename the others in Twilio`,
    );
  }
  return all().then((items) => {
    const { shown, more } = closeCandidates(name, items);
    const candidates =
      shown.length > 0
        ? `candidates: ${describeItems(shown, more, true)}`
        : items.length === 0
          ? `there are none${where(target, workspace)}`
          : `none of the ${items.length} there has a close name`;
    return fail(
      RESOLVE_RULES.notFound,
      `no ${target.noun} named ${quoteName(name)}${where(target, workspace)}; ${candidates}; names match exactly, case and spaces included`,
    );
  });
}

function lookupKey(kind: TargetKind, name: string, workspaceSid: string | undefined): string {
  return JSON.stringify([kind, workspaceSid ?? null, name]);
}

export function createNameResolver(lister: NameLister): NameResolver {
  const outcomes = new Map<string, Outcome>();
  const resolvedNames = new Map<string, ResolvedName>();
  /** Whole collections listed this run, by kind and workspace. */
  const collections = new Map<string, Promise<readonly ListedItem[]>>();
  /** Workspaces resolved by name this run, by SID: messages about their workflows name them. */
  const workspaceNames = new Map<string, string>();
  const workspaceLabel = (sid: string | undefined): string | undefined => {
    const name = sid === undefined ? undefined : workspaceNames.get(sid);
    return name === undefined ? sid : `${quoteName(name)} ${sid}`;
  };

  function listAll(
    target: LookupTarget,
    workspaceSid: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<readonly ListedItem[]> {
    const key = JSON.stringify([target.kind, workspaceSid ?? null]);
    let listing = collections.get(key);
    if (!listing) {
      listing = lister.list(target, { ...(workspaceSid === undefined ? {} : { workspaceSid }), ...(signal ? { signal } : {}) });
      // A failed listing is not kept: the error reaches the caller, and a later call may try again.
      listing.catch(() => collections.delete(key));
      collections.set(key, listing);
    }
    return listing;
  }

  /** One distinct name's outcome, looked up at most once; `touched` collects the keys the current call reached. */
  async function lookUp(
    kind: TargetKind,
    name: string,
    workspaceSid: string | undefined,
    touched: Set<string>,
    signal: AbortSignal | undefined,
  ): Promise<Outcome> {
    const key = lookupKey(kind, name, workspaceSid);
    touched.add(key);
    const known = outcomes.get(key);
    if (known) return known;
    const target = LOOKUP_TARGETS[kind];
    let outcome: Outcome;
    try {
      const listed = target.filtersByName
        ? await lister.list(target, {
            friendlyName: name,
            ...(workspaceSid === undefined ? {} : { workspaceSid }),
            ...(signal ? { signal } : {}),
          })
        : await listAll(target, workspaceSid, signal);
      // The server's filter may be looser than ours (case, substrings): the exact rule is applied here.
      const matches = listed.filter((item) => item.friendly_name === name);
      outcome = await decide(target, name, workspaceLabel(workspaceSid), matches, () => listAll(target, workspaceSid, signal));
    } catch (error) {
      // A workspace SID written in a file that the account does not hold.
      if (!(error instanceof TwilioApiError && error.status === 404 && workspaceSid !== undefined)) throw error;
      outcome = fail(
        RESOLVE_RULES.workspaceUnresolved,
        `TaskRouter workspace ${workspaceSid} is not in this account, so ${target.noun} ${quoteName(name)} cannot be looked up in it`,
      );
    }
    outcomes.set(key, outcome);
    if (outcome.ok) resolvedNames.set(key, { kind, name, ...(workspaceSid === undefined ? {} : { workspaceSid }), sid: outcome.sid });
    if (outcome.ok && kind === 'workspace') workspaceNames.set(outcome.sid, name);
    return outcome;
  }

  /** The workspace SID a workflow reference is looked up in, or the failure that prevents it. */
  async function workspaceOf(
    reference: NameReference,
    touched: Set<string>,
    signal: AbortSignal | undefined,
  ): Promise<{ sid: string } | Outcome> {
    const choice = reference.workspace;
    const noun = LOOKUP_TARGETS.workflow.noun;
    if (choice === undefined) {
      return fail(
        RESOLVE_RULES.workspaceMissing,
        `${noun} ${quoteName(reference.name)} is looked up within a TaskRouter workspace: give the workspace's name or SID too`,
      );
    }
    if ('sid' in choice) {
      if (WORKSPACE_SID.test(choice.sid)) return { sid: choice.sid };
      return fail(
        RESOLVE_RULES.workspaceUnresolved,
        `${noun} ${quoteName(reference.name)} is looked up in workspace ${quoteName(choice.sid)}, which is not a workspace SID (WS and 32 hex digits)`,
      );
    }
    const workspace = await lookUp('workspace', choice.name, undefined, touched, signal);
    if (workspace.ok) return { sid: workspace.sid };
    return fail(
      RESOLVE_RULES.workspaceUnresolved,
      `${noun} ${quoteName(reference.name)} is looked up in TaskRouter workspace ${quoteName(choice.name)}, which did not resolve: ${workspace.message}`,
    );
  }

  async function outcomeOf(reference: NameReference, touched: Set<string>, signal: AbortSignal | undefined): Promise<Outcome> {
    if (reference.kind !== 'workflow') return lookUp(reference.kind, reference.name, undefined, touched, signal);
    const workspace = await workspaceOf(reference, touched, signal);
    return 'sid' in workspace ? lookUp('workflow', reference.name, workspace.sid, touched, signal) : workspace;
  }

  /** The SID a reference resolved to, from the outcomes so far (by value: an equal reference answers the same). */
  function sidFor(reference: NameReference): string | undefined {
    let workspaceSid: string | undefined;
    if (reference.kind === 'workflow') {
      const choice = reference.workspace;
      if (choice === undefined) return undefined;
      const workspace = 'sid' in choice ? undefined : outcomes.get(lookupKey('workspace', choice.name, undefined));
      workspaceSid = 'sid' in choice ? choice.sid : workspace?.ok ? workspace.sid : undefined;
      if (workspaceSid === undefined) return undefined;
    }
    const outcome = outcomes.get(lookupKey(reference.kind, reference.name, workspaceSid));
    return outcome?.ok ? outcome.sid : undefined;
  }

  async function resolve(references: readonly NameReference[], signal?: AbortSignal): Promise<Resolution> {
    const touched = new Set<string>();
    const problems: Problem[] = [];
    // One at a time, in a fixed order: the same files make the same requests.
    const ordered = [...references].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
    for (const reference of ordered) {
      signal?.throwIfAborted();
      const outcome = await outcomeOf(reference, touched, signal);
      if (!outcome.ok) problems.push(problemAt(reference.position, outcome.rule, outcome.message));
    }
    return {
      sidFor,
      resolved: [...touched]
        .flatMap((key) => resolvedNames.get(key) ?? [])
        .sort(
          (a, b) =>
            ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) ||
            compareText(a.workspaceSid ?? '', b.workspaceSid ?? '') ||
            compareText(a.name, b.name),
        ),
      problems: sortProblems(problems),
    };
  }

  async function namesFor(
    kind: TargetKind,
    sids: readonly string[],
    options: { readonly workspaceSid?: string; readonly signal?: AbortSignal } = {},
  ): Promise<ReadonlyMap<string, NameForSid>> {
    const target = LOOKUP_TARGETS[kind];
    if (kind === 'workflow' && options.workspaceSid === undefined)
      throw new RangeError('a workflow is named within a workspace: pass workspaceSid');
    const items = await listAll(target, options.workspaceSid, options.signal);
    const holders = new Map<string, number>();
    for (const item of items) if (item.friendly_name !== null) holders.set(item.friendly_name, (holders.get(item.friendly_name) ?? 0) + 1);
    const bySid = new Map(items.map((item) => [item.sid.toLowerCase(), item]));
    const names = new Map<string, NameForSid>();
    for (const sid of sids) {
      const item = bySid.get(sid.toLowerCase());
      const name = item?.friendly_name;
      const shared = name === undefined || name === null ? 0 : (holders.get(name) as number);
      names.set(
        sid,
        item === undefined
          ? {
              ok: false,
              reason: 'not-found',
              message: `no ${target.noun} ${quoteName(sid)}${where(target, workspaceLabel(options.workspaceSid))}`,
            }
          : name === null || name === undefined || unwritable(name)
            ? {
                ok: false,
                reason: 'unwritable',
                message: `the name of ${target.noun} ${item.sid} is empty, too long or has characters a file may not hold`,
              }
            : shared > 1
              ? {
                  ok: false,
                  reason: 'shared',
                  message: `${shared} ${target.nounPlural} are named ${quoteName(name)}${where(target, workspaceLabel(options.workspaceSid))}`,
                }
              : { ok: true, name },
      );
    }
    return names;
  }

  return { resolve, namesFor };
}

/** Whether a flow file could not hold `name` as written (validation refuses it): empty, padded, too long or unprintable. */
function unwritable(name: string): boolean {
  return name === '' || name.trim() !== name || [...name].length > MAX_NAME_LENGTH || findUnprintable(name) !== undefined;
}
