import { Document, visit } from 'yaml';
import type { Problem, SourcePosition } from '../source/types.js';
import { formatPosition } from '../source/problems.js';
import { pointerToPath } from '../source/pointer.js';
import { escapeUnprintable } from '../printable.js';
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

const HEADINGS: Readonly<Record<Outcome, string>> = {
  migrates: 'migrates',
  attention: 'migrates with attention',
  'cannot-migrate': 'cannot migrate',
};

/** The report for a person: per flow its outcome, its notes and the document it becomes, then a summary. */
export function renderMigrateText(report: MigrateReport): string {
  const lines: string[] = [];
  for (const flow of report.flows) {
    lines.push(
      `${escapeUnprintable(formatPosition(flow))}: ${escapeUnprintable(JSON.stringify(flow.friendly_name))} ${HEADINGS[flow.outcome]}`,
    );
    for (const note of flow.notes) lines.push(`  ${formatPosition(note)}: ${note.message}`);
    if (flow.address_configuration !== null) {
      const document = new Document(flow.address_configuration);
      // As --write writes them: a list on one line.
      visit(document, { Seq: (_key, node) => void (node.flow = true) });
      const yaml = document.toString({ lineWidth: 0, flowCollectionPadding: false });
      lines.push(
        ...yaml
          .trimEnd()
          .split('\n')
          .map((line) => `    ${escapeUnprintable(line)}`),
      );
    }
    lines.push('');
  }
  const { migrates, attention, cannot_migrate } = report.summary;
  const total = migrates + attention + cannot_migrate;
  lines.push(
    total === 0
      ? 'No Flex Flow to migrate.'
      : `${total} Flex Flow${total === 1 ? '' : 's'}: ${migrates + attention} ${migrates + attention === 1 ? 'migrates' : 'migrate'} (${attention} with attention), ${cannot_migrate} cannot.`,
  );
  return `${lines.join('\n')}\n`;
}
