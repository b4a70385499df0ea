/** Migrate's report as text: the report is data (migrate/report.ts), this is how a person reads it. */
import { Document, visit } from 'yaml';
import type { Outcome } from '../migrate/mapping.js';
import type { MigrateReport } from '../migrate/report.js';
import { escapeUnprintable } from '../printable.js';
import { formatPosition } from '../source/problems.js';

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
