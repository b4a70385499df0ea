import type { Problem, SourcePosition } from '../source/types.js';
import { pointerToPath } from '../source/pointer.js';
import { redactUrlCredentials } from '../redactUrl.js';
import { type MigratedDocument, type Outcome, addressConfigurationOf } from './mapping.js';

/** What `migrate --format json` prints: a versioned contract, sorted by file and line like every problem list. */
export interface MigrateReport {
  readonly format_version: 1;
  readonly flows: readonly MigratedFlow[];
  readonly summary: Readonly<Record<'migrates' | 'attention' | 'cannot_migrate', number>>;
  /** Files rewritten by `--write`; empty without it. */
  readonly written: readonly string[];
}

interface MigratedFlow extends SourcePosition {
  readonly friendly_name: string;
  readonly outcome: Outcome;
  /** The document the flow becomes (values as written, `${NAME}` kept, webhook credentials redacted); null when it cannot migrate. */
  readonly address_configuration: Readonly<Record<string, unknown>> | null;
  /** What the person must do (attention) or why it cannot migrate. */
  readonly notes: readonly Problem[];
  /** Flex Flow fields left behind, as paths (`long_lived`, `integration.retry_count`). */
  readonly dropped: readonly string[];
}

/** The report of the mapped documents, in reading order; `written`: the files `--write` rewrote. */
export function buildReport(documents: readonly Omit<MigratedDocument<unknown>, 'file'>[], written: readonly string[]): MigrateReport {
  const flows = documents.map(({ migration, flow }) => ({
    ...migration.source,
    friendly_name: migration.friendlyName,
    outcome: migration.outcome,
    address_configuration: migration.outcome === 'cannot-migrate' ? null : redactedCopy(addressConfigurationOf(migration, flow)),
    notes: migration.notes,
    dropped: migration.dropped.map(pointerToPath),
  }));
  const count = (outcome: Outcome): number => flows.filter((flow) => flow.outcome === outcome).length;
  return {
    format_version: 1,
    flows,
    summary: { migrates: count('migrates'), attention: count('attention'), cannot_migrate: count('cannot-migrate') },
    written,
  };
}

/** Any text value may hold a URL with a password (webhook_url above all); no output repeats one. */
function redactedCopy(value: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(value, (_key, item: unknown) => (typeof item === 'string' ? redactUrlCredentials(item) : item)),
  ) as Record<string, unknown>;
}
