import type { KindName, ResourceFields } from '../model/kind.js';
import type { CreateChange, DeleteChange, ReplaceChange, UpdateChange } from '../plan/types.js';

/** The changes apply executes (a noop makes no call). */
export type ExecutableChange = CreateChange | UpdateChange | ReplaceChange | DeleteChange;

/**
 * 2: statuses `skipped`, `unknown` and `restored`, with a `reason`, and their counts in the summary.
 * 3: each result names its `kind` and `key` (not `friendly_name`); the `replace` action, `replaced_sid`
 * and the `replaced` count; `left_deleted` on a failed change whose resource is gone (counted in `deleted`).
 *    Later, within 3 (fields added, none renamed): `migrated_to`, `migrated_to_sid`, `migrated_from` on the
 *    halves of a migration, the `migrated` count (a completed pair, no longer counted as created and
 *    deleted), and `restore_fields` beside `left_deleted`.
 */
export const APPLY_REPORT_FORMAT_VERSION = 3;

export interface ChangeFailure {
  /** flexflow-sync's error code (`E_API`, `E_NETWORK`, `E_OUTCOME_UNKNOWN`, ...). */
  readonly code: string;
  /** One line, credentials stripped. */
  readonly message: string;
  readonly http_status?: number;
  readonly twilio_code?: number;
}

/**
 * `applied` and `failed` are answers. `skipped`: never sent, for `reason` (a delete after a failed
 * write, an interrupt). `unknown`: sent, but no answer came before apply stopped waiting.
 * `restored`: applied to free a contact identity, then undone because the change taking it failed.
 */
type ResultStatus = 'applied' | 'failed' | 'skipped' | 'unknown' | 'restored';

export interface ChangeResult {
  readonly action: ExecutableChange['action'];
  readonly kind: KindName;
  /** The value of the kind's key: the flow's friendly_name, the configuration's address. */
  readonly key: string;
  readonly status: ResultStatus;
  /** The resource's SID: the one created, updated or deleted (for a replacement, the new one). */
  readonly sid?: string;
  /** A replacement: the SID of the resource it deleted. */
  readonly replaced_sid?: string;
  /**
   * A create found by name and kept instead of made (again): its first answer was lost, or Twilio
   * refused it because a concurrent apply had made it as declared; `reason` says which.
   */
  readonly adopted?: boolean;
  readonly error?: ChangeFailure;
  /** Why a change was skipped, restored, adopted or its outcome is unknown: one line. */
  readonly reason?: string;
  /** A deleted resource re-created to restore it (after an identity move or a replacement that failed): its new SID. */
  readonly restored_sid?: string;
  /**
   * A failed change that deleted its resource (as `sid`) and could neither create its replacement
   * nor put it back: it is gone from the account, and counted as deleted.
   */
  readonly left_deleted?: boolean;
  /** With `left_deleted`: the exact fields to create the resource again with by hand, credentials redacted. */
  readonly restore_fields?: ResourceFields;
  /** The flow's delete of a migration: the key of the address configuration it migrates to. */
  readonly migrated_to?: string;
  /** A completed migration: the SID of the address configuration created. */
  readonly migrated_to_sid?: string;
  /** The address configuration's create of a migration: the key of the flow it replaces. */
  readonly migrated_from?: string;
  /** A create a concurrent apply made too: this run's copy, deleted; `sid` is the copy both keep. */
  readonly duplicate_removed?: string;
}

export interface ApplySummary {
  /** Completed migrations (the flow deleted, its address configuration created): not counted as created or deleted. */
  readonly migrated: number;
  readonly created: number;
  readonly updated: number;
  readonly replaced: number;
  readonly deleted: number;
  readonly failed: number;
  readonly skipped: number;
  readonly unknown: number;
  readonly restored: number;
}

/** What `apply --format json` prints: one result per executable change, in plan order. */
export interface ApplyReport {
  readonly format_version: typeof APPLY_REPORT_FORMAT_VERSION;
  readonly summary: ApplySummary;
  readonly results: readonly ChangeResult[];
}

export function summarize(results: readonly ChangeResult[]): ApplySummary {
  // A completed migration's halves are counted once, as migrated.
  const migrated = new Set(results.filter((result) => result.migrated_to_sid !== undefined).map((result) => result.migrated_to_sid));
  const halves = (result: ChangeResult): boolean =>
    result.migrated_to_sid !== undefined || (result.migrated_from !== undefined && migrated.has(result.sid));
  const count = (action: ExecutableChange['action']) =>
    results.filter((result) => result.action === action && result.status === 'applied' && !halves(result)).length;
  return {
    migrated: migrated.size,
    created: count('create'),
    updated: count('update'),
    replaced: count('replace'),
    // A change that left its resource deleted has deleted it, whatever else failed: the summary says what happened.
    deleted: count('delete') + results.filter((result) => result.left_deleted === true).length,
    // A migration whose flow's delete failed is one failure, told on the flow's line, whatever became of its create.
    failed: results.filter((result) => result.status === 'failed' && !pairFailed(result, results)).length,
    skipped: results.filter((result) => result.status === 'skipped' && !pairFailed(result, results)).length,
    unknown: results.filter((result) => result.status === 'unknown').length,
    restored: results.filter((result) => result.status === 'restored').length,
  };
}

/** The create of a migration whose flow's delete failed (the pair is counted once, by the delete). */
function pairFailed(result: ChangeResult, results: readonly ChangeResult[]): boolean {
  const from = result.migrated_from;
  return (
    from !== undefined &&
    result.action === 'create' &&
    results.some(
      (other) => other.action === 'delete' && other.key === from && other.migrated_to === result.key && other.status === 'failed',
    )
  );
}

/** Whether everything the plan asked for was done. */
export function isComplete(summary: ApplySummary): boolean {
  return summary.failed + summary.skipped + summary.unknown + summary.restored === 0;
}

export function isExecutable(change: { action: string }): change is ExecutableChange {
  return change.action !== 'noop';
}
