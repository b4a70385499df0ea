import type { SourcePosition } from '../source/types.js';
import type { KindName, ResourceFields } from '../model/kind.js';
import type { TargetKind } from '../model/lookupTargets.js';
import type { PlanTarget } from './target.js';

/**
 * The plan contract. `Plan` is plain readonly data; its JSON form (plan/planFile) is what
 * `plan --out` saves and `apply PLANFILE` reads, so a change a reader of the other version would
 * get wrong is a change of PLAN_FORMAT_VERSION. Adding an optional field that a reader may ignore
 * keeps the version (as `live_counts` did in 3).
 */
/**
 * 2: every change carries its `kind` and `key`; the `replace` action; summaries per kind.
 * 3: `names`, the SIDs the files gave by name, which apply checks still resolve as planned; a delete
 *    may say `migrated_to`; the summary counts `migrate`. Later, `live_counts` (optional: files saved
 *    before it still apply, and apply counts afresh anyway); later, a migration's create says
 *    `migrated_from` (required of a pair: a file saved before it that migrates is refused, run plan again).
 */
export const PLAN_FORMAT_VERSION = 3;

/** `replace`: a field Twilio cannot update (FieldSpec.immutable) changes, so the resource is deleted, then created. */
export type Action = 'create' | 'update' | 'replace' | 'delete' | 'noop';

export const ACTIONS: readonly Action[] = Object.freeze(['create', 'update', 'replace', 'delete', 'noop']);

/** A live resource as the plan saw it: apply compares it with the live state to detect a stale plan. */
export interface LiveSnapshot {
  readonly sid: string;
  readonly date_updated: string;
  /** The live resource's writable fields, every one of them (not only the managed ones). */
  readonly fields: ResourceFields;
}

/** One field that differs: `path` is `enabled` or `integration.url`. Shown to people; apply reads `send`. */
export interface FieldChange {
  readonly path: string;
  /** Live value (`null` when the live resource has none). */
  readonly before: unknown;
  /** Declared value. */
  readonly after: unknown;
}

/** What every change names: the resource's kind and the value of that kind's key (`friendly_name`, `address`). */
export interface ResourceRef {
  readonly kind: KindName;
  readonly key: string;
}

export interface CreateChange extends ResourceRef {
  readonly action: 'create';
  /** The declared resource; for a create this is also exactly what is sent. */
  readonly after: ResourceFields;
  /**
   * Set when this create is the second half of a migration: the key of the resource its file's
   * `migrated_from` names, which the delete marked `migrated_to` this key removes first. Never sent.
   */
  readonly migrated_from?: string;
  readonly source?: SourcePosition;
}

export interface UpdateChange extends ResourceRef {
  readonly action: 'update';
  readonly before: LiveSnapshot;
  /** The declared resource. */
  readonly after: ResourceFields;
  readonly changes: readonly FieldChange[];
  /** Exactly the fields the update request sends. */
  readonly send: ResourceFields;
  /** Set when the live resource carried this older key and the update renames it. */
  readonly renamed_from?: string;
  readonly source?: SourcePosition;
}

/**
 * A change of a field Twilio's update does not take: the live resource is deleted, then created
 * again (the key is unique, so the new one cannot exist first). It gets a new SID.
 */
export interface ReplaceChange extends ResourceRef {
  readonly action: 'replace';
  readonly before: LiveSnapshot;
  /** The declared resource. */
  readonly after: ResourceFields;
  /** Every field that differs, the immutable ones included. */
  readonly changes: readonly FieldChange[];
  /** The paths of the immutable fields among `changes`: why this is a replacement. */
  readonly forced_by: readonly string[];
  /**
   * Exactly what the create sends: the declared fields, and the live values of the non-empty
   * fields the file does not manage, so that a replacement changes only what the file asks.
   */
  readonly send: ResourceFields;
  readonly source?: SourcePosition;
}

export interface DeleteChange extends ResourceRef {
  readonly action: 'delete';
  readonly before: LiveSnapshot;
  /**
   * Set when this delete is the first half of a migration: the key of the created resource that
   * replaces it (`migrated_from`), whatever prune says. Apply deletes, then creates, and puts this
   * resource back if the create fails (plan/identity.ts).
   */
  readonly migrated_to?: string;
}

export interface NoopChange extends ResourceRef {
  readonly action: 'noop';
  readonly before: LiveSnapshot;
}

export type Change = CreateChange | UpdateChange | ReplaceChange | DeleteChange | NoopChange;

export interface PlanSummary {
  readonly create: number;
  readonly update: number;
  readonly replace: number;
  readonly delete: number;
  readonly noop: number;
  /**
   * Migrations (a delete and its replacing create), counted here and not as a create and a delete;
   * per kind, under both kinds it joins, so the kinds' counts add up to more than the total (plans
   * saved before counted the halves per kind, and still apply).
   */
  readonly migrate: number;
}

/** A change a targeted plan left out: what it would have done. */
export interface LeftOutChange extends ResourceRef {
  readonly action: Action;
}

/** What `--target` kept a plan to (Terraform's -target), saved with the plan. */
export interface Targeting {
  /** The globs as given, in the order given. */
  readonly globs: readonly string[];
  /** Every change the globs did not match, noops included (so a kind's declared resources stay known), in plan order. */
  readonly left_out: readonly LeftOutChange[];
}

/**
 * A SID a file gave by name (issue 20), as the plan resolved it: renderers show the name beside the
 * SID, and `apply PLANFILE` resolves the name again and refuses when it now gives another SID.
 */
export interface PlanName extends ResourceRef {
  /** The SID field the name stood for: `chat_service_sid`, `integration.flow_sid`. */
  readonly path: string;
  readonly target: TargetKind;
  readonly name: string;
  /** A workflow's workspace, as the file gave it (by SID or by name). */
  readonly workspace?: { readonly sid: string } | { readonly name: string };
  readonly sid: string;
  /** Where the name is written. */
  readonly source: SourcePosition;
}

/** How many live resources of one kind the plan read. */
export interface LiveCount {
  /** Every live resource of the kind, ignored ones too: what Twilio's per-account cap weighs. */
  readonly total: number;
  /** Those the settings' `ignore` globs leave managed: what the shares of deletes and updates are taken of. */
  readonly managed: number;
}

/** The live counts of each kind a plan covers (`Plan.kinds`), in KINDS order. */
export type LiveCounts = Readonly<Partial<Record<KindName, LiveCount>>>;

export interface Plan {
  readonly format_version: typeof PLAN_FORMAT_VERSION;
  /**
   * The kinds whose live resources the plan read, in KINDS order: those the files declare (a kind
   * they never declare is neither listed nor touched), or the default kind when they declare none.
   */
  readonly kinds: readonly KindName[];
  /** Grouped by kind (KINDS order), then sorted by key (code-point order); noops included so renderers can count them. */
  readonly changes: readonly Change[];
  /** Every kind's changes counted together. */
  readonly summary: PlanSummary;
  /** The same counts for each kind in `kinds`. */
  readonly summary_by_kind: Readonly<Partial<Record<KindName, PlanSummary>>>;
  /** Live resources left alone because their key matches an `ignore` glob. */
  readonly ignored: readonly ResourceRef[];
  /** Live resources no file declares, kept because prune is off or they are protected. */
  readonly unmanaged: readonly ResourceRef[];
  /** The account and API host the live resources were read from; set by the CLI, saved with the plan. */
  readonly target?: PlanTarget;
  /** Set when `--target` kept the plan to some of its changes (plan/targeting): the globs, and the changes left out. */
  readonly targeting?: Targeting;
  /** The SIDs the files gave by name, sorted by kind, key and path; set by the CLI (absent: none). */
  readonly names?: readonly PlanName[];
  /**
   * The live counts the safety rails weigh this plan against (as octoDNS's Plan carries the existing
   * zone its raise_if_unsafe counts), e.g. `{"flex-flow": {"total": 12, "managed": 10}}`.
   * makePlan sets them; a plan read back from a file has none (planFile.ts drops the saved ones: the
   * settings or the account may have changed since), and `apply PLANFILE` counts its fresh listing.
   */
  readonly live_counts?: LiveCounts;
}

/** A plan with its safety inputs: what makePlan returns and what checkSafety (plan/safety) weighs. */
export type CountedPlan = Plan & { readonly live_counts: LiveCounts };
