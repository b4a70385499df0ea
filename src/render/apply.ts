/** Apply's report and dry run as text: the report is data (apply/report.ts), this is how a person reads it. */
import type { ApiCall } from '../apply/calls.js';
import { type ApplySummary, type ChangeResult, type ExecutableChange, isComplete } from '../apply/report.js';
import { KINDS, kindNamed } from '../model/kinds.js';
import { ACTION_SYMBOL, MIGRATE_SYMBOL, formatRef, formatValue } from './fields.js';
import { formatName } from '../printable.js';

/**
 * The last line of an apply: how it ended (complete, finished with failures, or interrupted by
 * Ctrl+C), then what it did, rare outcomes only when they happened.
 */
export function applySummaryLine(summary: ApplySummary, interrupted = false): string {
  const ending = interrupted ? 'Apply interrupted' : isComplete(summary) ? 'Apply complete' : 'Apply finished with failures';
  const rare = (['restored', 'skipped', 'unknown'] as const).map((key) => (summary[key] > 0 ? `, ${summary[key]} ${key}` : '')).join('');
  const replaced = summary.replaced > 0 ? `${summary.replaced} replaced, ` : '';
  const migrated = summary.migrated > 0 ? `${summary.migrated} migrated, ` : '';
  return (
    `${ending}: ${migrated}${summary.created} created, ${summary.updated} updated, ${replaced}` +
    `${summary.deleted} deleted, ${summary.failed} failed${rare}.`
  );
}

const VERB: Readonly<Record<ExecutableChange['action'], string>> = {
  create: 'created',
  update: 'updated',
  replace: 'replaced',
  delete: 'deleted',
};

/** The spinner's text: `12/40 applied, 1 failed`. */
export function progressText(done: number, total: number, failed: number): string {
  return `${done}/${total} applied, ${failed} failed`;
}

/**
 * The line of a migration's flow, which speaks for the pair: `» migrated "SMS Support" (FO…) →
 * address configuration "+1555…" (IG…)`, or which half happened.
 */
function migrationLine(result: ChangeResult, to: string): string | undefined {
  const toKind = KINDS.find((kind) => kind.replaces === result.kind) ?? kindNamed(result.kind);
  const pair = `${formatRef(result)}${result.sid === undefined ? '' : ` (${result.sid})`} → ${formatRef({ kind: toKind.name, key: to })}`;
  if (result.migrated_to_sid !== undefined) return `${MIGRATE_SYMBOL} migrated ${pair} (${result.migrated_to_sid})`;
  const why = result.error?.message ?? result.reason ?? '';
  if (result.status === 'restored') return `↺ not migrated ${pair}: the flow was ${why}`;
  if (result.status !== 'failed') return undefined;
  if (result.left_deleted === true)
    return `! failed to migrate ${pair}: the flow was deleted and the address configuration not created: ${why}`;
  return `! failed to migrate ${pair}: the flow's delete failed, so its address configuration was not created: ${why}`;
}

/**
 * One line per resource, for CI logs: `+ created "support-sms" (FO…)`, `! failed to update …: why`,
 * `! skipped the delete of …: why`. None for the create of a completed migration: its flow's line
 * (recorded after it) speaks for the pair.
 */
export function resultLine(result: ChangeResult): string | undefined {
  if (result.migrated_to !== undefined) {
    const line = migrationLine(result, result.migrated_to);
    if (line !== undefined) return line;
  }
  if (result.migrated_from !== undefined && result.status === 'applied') return undefined;
  const migrating = result.migrated_from === undefined ? '' : ` (migrating ${formatName(result.migrated_from)})`;
  const name = `${formatRef(result)}${migrating}`;
  const sid = result.sid === undefined ? '' : ` (${result.sid})`;
  switch (result.status) {
    case 'failed':
      return `! failed to ${result.action} ${name}${sid}: ${result.error?.message ?? 'unknown error'}`;
    case 'skipped':
      return `! skipped the ${result.action} of ${name}${sid}: ${result.reason ?? 'not started'}`;
    case 'unknown':
      return `? unknown whether the ${result.action} of ${name}${sid} was applied: ${result.reason ?? 'no answer'}`;
    case 'restored':
      return `↺ restored ${name}${sid}: ${result.reason ?? 'put back'}`;
    case 'applied':
      break;
  }
  const adopted = result.adopted === true ? `, ${result.reason ?? 'adopted'}` : '';
  const healed =
    result.duplicate_removed === undefined ? '' : `, the copy a concurrent apply made (this run's ${result.duplicate_removed} was deleted)`;
  const replaced = result.replaced_sid === undefined ? '' : `, in place of ${result.replaced_sid}`;
  return `${ACTION_SYMBOL[result.action]} ${VERB[result.action]} ${name}${sid}${replaced}${adopted}${healed}`;
}

/** The calls as text, one request per block, form fields indented one per line. */
export function formatApiCalls(calls: readonly ApiCall[]): string {
  if (calls.length === 0) return 'Dry run: no API calls to make.\n';
  const lines = [`Dry run: ${calls.length} API call${calls.length === 1 ? '' : 's'} would be made, none was:`];
  for (const call of calls) {
    lines.push(`${call.method} ${call.path}  # ${call.action} ${formatRef(call)}`);
    for (const [key, value] of Object.entries(call.form ?? {})) {
      for (const item of typeof value === 'string' ? [value] : value) lines.push(`  ${key}=${formatValue(item)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
