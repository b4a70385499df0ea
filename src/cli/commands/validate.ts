import { type Command, Option } from 'commander';
import { UserInputError } from '../../errors.js';
import { loadFlows } from '../../flows/load.js';
import { formatProblem, sortProblems } from '../../source/problems.js';
import type { DesiredResource } from '../../flows/types.js';
import type { Problem } from '../../source/types.js';
import { KINDS, kindNamed } from '../../model/kinds.js';
import { redactUrlCredentials } from '../../redactUrl.js';
import { reportProblemsToGitHub } from '../githubAnnotations.js';
import type { Io } from '../io.js';
import { countsOfKinds, plural } from '../plural.js';
import { ignoredDeclarationWarnings, noFlowFilesWarning } from '../../plan/loadDesired.js';
import { readSettingsFor } from '../pipeline.js';
import { type ExitStatus, describedCommand } from './command.js';

interface ValidateFlags {
  dir: string;
  varFile?: string;
  config?: string;
  format: 'text' | 'json';
}

/**
 * The shape of `validate --format json`. Version 1 was a bare array of problems; version 2 says
 * also which resources, of which kind, the valid documents declare.
 */
const VALIDATE_FORMAT_VERSION = 2;

function jsonReport(problems: readonly Problem[], resources: readonly DesiredResource[], fileCount: number): string {
  const report = {
    format_version: VALIDATE_FORMAT_VERSION,
    valid: problems.length === 0,
    files: fileCount,
    resources: resources.map(({ kind, fields, source }) => ({
      kind,
      // A key may come from a variable; a webhook URL's password in it stays out of the output, while
      // a key is no URL: `sip:alice@example.com` is reported as declared, for a consumer to match.
      key: redactUrlCredentials(String(fields[kindNamed(kind).key]), [String(fields[kindNamed(kind).key])]),
      file: source.file,
      line: source.line,
      column: source.column,
    })),
    problems: problems.map(({ file, line, column, message, rule }) => ({ file, line, column, message, rule })),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** `validate`: offline; every problem of every file, sorted; exit 0 valid, 1 invalid. */
export function validateCommand(io: Io, exit: ExitStatus): Command {
  return describedCommand('validate')
    .argument('[files...]', 'flow files or folders to check instead of --dir (as a pre-commit hook passes them)')
    .option('--dir <path>', 'flows folder', 'flows')
    .option('--var-file <file>', 'YAML map of variables for ${NAME}; wins over the environment')
    .option('--config <file>', 'settings file (default: flexflow-sync.yaml or .yml here, else beside the repository of --dir)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (files: string[], flags: ValidateFlags, command: Command) => {
      if (files.length > 0 && command.getOptionValueSource('dir') === 'cli') {
        throw new UserInputError('give either --dir or flow files, not both: --dir checks a whole folder, files check only themselves');
      }
      const loadedSettings = await readSettingsFor(io, flags.config, flags.dir);
      const result = await loadFlows({
        dir: flags.dir,
        env: io.env,
        cwd: io.cwd,
        ...(files.length === 0 ? {} : { paths: files }),
        ...(flags.varFile === undefined ? {} : { varFile: flags.varFile }),
      });
      const problems = sortProblems([...loadedSettings.problems, ...result.problems]);
      if (flags.format === 'json') {
        io.stdout.write(jsonReport(problems, result.resources, result.fileCount));
      } else {
        for (const problem of problems) io.stdout.write(`${formatProblem(problem)}\n`);
      }
      reportProblemsToGitHub(problems, io);
      // Bad settings leave only the defaults, whose empty ignore list would warn about nothing true.
      if (loadedSettings.problems.length === 0)
        for (const warning of ignoredDeclarationWarnings(result.resources, loadedSettings.settings)) io.stderr.write(warning);
      if (result.fileCount === 0 && problems.length === 0) {
        io.stderr.write(noFlowFilesWarning(files.length === 0 ? flags.dir : files.join(' ')));
      } else if (problems.length > 0) {
        io.stderr.write(`${plural(problems.length, 'problem')} in ${plural(new Set(problems.map((p) => p.file)).size, 'file')}\n`);
      } else {
        const counts = new Map(KINDS.map((kind) => [kind, result.resources.filter((resource) => resource.kind === kind.name).length]));
        io.stderr.write(`${countsOfKinds(counts)} in ${plural(result.fileCount, 'file')}: valid\n`);
      }
      exit.code = problems.length > 0 ? 1 : 0;
    });
}
