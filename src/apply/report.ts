import type { CreateChange, DeleteChange, UpdateChange } from '../plan/types.js';
import { ACTION_SYMBOL, formatName } from '../render/fields.js';

/** The changes apply executes (a noop makes no call). */
export type ExecutableChange = CreateChange | UpdateChange | DeleteChange;

export const APPLY_REPORT_FORMAT_VERSION = 1;

export interface ChangeFailure {
  /** flexflow-sync's error code (`E_API`, `E_NETWORK`, `E_OUTCOME_UNKNOWN`, ...). */
  readonly code: string;
  /** One line, credentials stripped. */
  readonly message: string;
  readonly http_status?: number;
  readonly twilio_code?: number;
}

export interface ChangeResult {
  readonly action: ExecutableChange['action'];
  readonly friendly_name: string;
  readonly status: 'applied' | 'failed';
  /** The flow's SID: the one created, updated or deleted. */
  readonly sid?: string;
  /** A create whose first answer was lost, found by name afterwards and kept instead of created again. */
  readonly adopted?: boolean;
  readonly error?: ChangeFailure;
}

export interface ApplySummary {
  readonly created: number;
  readonly updated: number;
  readonly deleted: number;
  readonly failed: number;
}

/** What `apply --format json` prints: one result per executable change, in plan order. */
export interface ApplyReport {
  readonly format_version: typeof APPLY_REPORT_FORMAT_VERSION;
  readonly summary: ApplySummary;
  readonly results: readonly ChangeResult[];
}

export function summarize(results: readonly ChangeResult[]): ApplySummary {
  const count = (action: ExecutableChange['action']) =>
    results.filter((result) => result.action === action && result.status === 'applied').length;
  return {
    created: count('create'),
    updated: count('update'),
    deleted: count('delete'),
    failed: results.filter((result) => result.status === 'failed').length,
  };
}

export function summaryLine(summary: ApplySummary): string {
  return (
    `Apply complete: ${summary.created} created, ${summary.updated} updated, ` +
    `${summary.deleted} deleted, ${summary.failed} failed.`
  );
}

export function isExecutable(change: { action: string }): change is ExecutableChange {
  return change.action !== 'noop';
}

const VERB: Readonly<Record<ExecutableChange['action'], string>> = { create: 'created', update: 'updated', delete: 'deleted' };

/** The spinner's text: `12/40 applied, 1 failed`. */
export function progressText(done: number, total: number, failed: number): string {
  return `${done}/${total} applied, ${failed} failed`;
}

/** One line per finished flow, for CI logs: `+ created "support-sms" (FO…)` or `! failed to update …: why`. */
export function resultLine(result: ChangeResult): string {
  const name = formatName(result.friendly_name);
  const sid = result.sid === undefined ? '' : ` (${result.sid})`;
  if (result.status === 'failed') {
    return `! failed to ${result.action} ${name}${sid}: ${result.error?.message ?? 'unknown error'}`;
  }
  const adopted = result.adopted ? ', adopted after an unanswered create' : '';
  return `${ACTION_SYMBOL[result.action]} ${VERB[result.action]} ${name}${sid}${adopted}`;
}
