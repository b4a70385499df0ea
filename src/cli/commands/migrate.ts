import { type Command, Option } from 'commander';
import { UserInputError } from '../../errors.js';
import { loadFlows } from '../../flows/load.js';
import { formatProblem, sortProblems } from '../../source/problems.js';
import { type ReadFile, readFlowFiles, type Rewrite, writeRewrites } from '../../migrate/files.js';
import { type FlowMigration, migrateDocuments } from '../../migrate/mapping.js';
import { buildReport } from '../../migrate/report.js';
import { rewriteFile } from '../../migrate/rewrite.js';
import { reportProblemsToGitHub } from '../githubAnnotations.js';
import type { Io } from '../io.js';
import { MIGRATE_FORMATS, type MigrateFormat, migrateView } from '../migrateView.js';
import { plural } from '../plural.js';
import { type ExitStatus, describedCommand } from './command.js';

interface MigrateFlags {
  dir: string;
  varFile?: string;
  write?: boolean;
  format: MigrateFormat;
}

/** Exit status when some Flex Flow cannot migrate: not an error, but not done either (as plan's 2 for changes). */
const SOME_CANNOT_MIGRATE = 2;

/**
 * The files must validate first, as for plan, except that a `${NAME}` nobody set is fine here:
 * migrate copies placeholders as written and never needs their values (a webhook password, say).
 */
async function requireValidFlows(io: Io, flags: MigrateFlags): Promise<void> {
  const result = await loadFlows({
    dir: flags.dir,
    cwd: io.cwd,
    env: io.env,
    ...(flags.varFile === undefined ? {} : { varFile: flags.varFile }),
  });
  // A flow whose address a declared address configuration holds too is migrate's own case: that flow cannot migrate, and says why.
  const problems = sortProblems(
    result.problems.filter((problem) => problem.rule !== 'unresolved-variable' && problem.rule !== 'address-across-kinds'),
  );
  if (problems.length === 0) return;
  for (const problem of problems) io.stderr.write(`${formatProblem(problem)}\n`);
  reportProblemsToGitHub(problems, io);
  throw new UserInputError(
    `${plural(problems.length, 'problem')} in the ${result.badVarFile ? 'var file' : 'flow files'}; fix them (flexflow-sync validate) and run migrate again`,
  );
}

/** `migrate`: offline; each declared Flex Flow's outcome and the address configuration it becomes; `--write` rewrites the files. */
export function migrateCommand(io: Io, exit: ExitStatus): Command {
  return describedCommand('migrate')
    .option('--dir <path>', 'flows folder', 'flows')
    .option('--var-file <file>', 'YAML map of variables for ${NAME}, for validation only: placeholders are kept as written')
    .option('--write', 'replace each migrating Flex Flow document by its address configuration, in place')
    .addOption(new Option('--format <format>', 'output format').choices(MIGRATE_FORMATS).default('text'))
    .action(async (flags: MigrateFlags) => {
      const view = migrateView(flags.format, io);
      await requireValidFlows(io, flags);
      const files = await readFlowFiles(flags.dir, io.cwd);
      const documents = migrateDocuments(files.map((file) => ({ file, documents: file.documents })));
      const byFile = new Map<ReadFile, FlowMigration[]>();
      for (const { file, migration } of documents) {
        if (migration.outcome === 'cannot-migrate') continue;
        const own = byFile.get(file);
        if (own) own.push(migration);
        else byFile.set(file, [migration]);
      }
      const rewritten = [...byFile.keys()];
      if (flags.write) await writeRewrites([...byFile].map(([file, own]): Rewrite => ({ file, text: rewriteFile(file, own) })));

      const report = buildReport(documents, flags.write ? rewritten.map((file) => file.displayPath) : []);
      view.report(report, { wrote: flags.write === true, files: rewritten.length });
      exit.code = report.summary.cannot_migrate > 0 ? SOME_CANNOT_MIGRATE : 0;
    });
}
