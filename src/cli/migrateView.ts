/**
 * How migrate shows its report, chosen once by `--format` (as applyView.ts for apply): the command
 * hands the view the report and what `--write` did, and never asks which format it has.
 */
import type { MigrateReport } from '../migrate/report.js';
import { renderMigrateText } from '../render/migrate.js';
import { type Io, writeJsonDocument } from './io.js';
import { plural } from './plural.js';

export const MIGRATE_FORMATS = ['text', 'json'] as const;
export type MigrateFormat = (typeof MIGRATE_FORMATS)[number];

/** What `--write` did (`wrote`), or would do: `files` hold a Flex Flow that migrates. */
interface Rewrites {
  readonly wrote: boolean;
  readonly files: number;
}

export interface MigrateView {
  report(report: MigrateReport, rewrites: Rewrites): void;
}

/** The next step, for a person, on stderr in either format: stdout holds only the report. */
function nextStep(io: Io, report: MigrateReport, { wrote, files }: Rewrites): void {
  const migrating = report.summary.migrates + report.summary.attention;
  if (wrote) {
    io.stderr.write(
      files === 0
        ? 'nothing to write\n'
        : `wrote ${plural(files, 'file')} (${plural(migrating, 'address configuration')}); review with git diff, then flexflow-sync plan\n`,
    );
  } else if (migrating > 0) {
    io.stderr.write(`run with --write to rewrite ${plural(files, 'file')}\n`);
  }
}

/** The report itself, on stdout: for a person, or one versioned JSON document for a machine. */
const REPORT_WRITERS: Readonly<Record<MigrateFormat, (out: Io['stdout'], report: MigrateReport) => void>> = {
  text: (out, report) => void out.write(renderMigrateText(report)),
  json: writeJsonDocument,
};

export function migrateView(format: MigrateFormat, io: Io): MigrateView {
  const writeReport = REPORT_WRITERS[format];
  return {
    report: (report, rewrites) => {
      writeReport(io.stdout, report);
      nextStep(io, report, rewrites);
    },
  };
}
