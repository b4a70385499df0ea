import { type Command, Option } from 'commander';
import { UserInputError } from '../../errors.js';
import { loadFlows } from '../../flows/load.js';
import { sortProblems } from '../../source/problems.js';
import { KINDS } from '../../model/kinds.js';
import { reportProblemsToGitHub } from '../githubAnnotations.js';
import type { Io } from '../io.js';
import { countsOfKinds, plural } from '../plural.js';
import { ignoredDeclarationWarnings, noFlowFilesWarning } from '../../plan/loadDesired.js';
import { readSettingsFor } from '../pipeline.js';
import { VALIDATE_FORMATS, type ValidateFormat, validateView } from '../validateView.js';
import { type ExitStatus, describedCommand } from './command.js';

interface ValidateFlags {
  dir: string;
  varFile?: string;
  config?: string;
  format: ValidateFormat;
}

/** `validate`: offline; every problem of every file, sorted; exit 0 valid, 1 invalid. */
export function validateCommand(io: Io, exit: ExitStatus): Command {
  return describedCommand('validate')
    .argument('[files...]', 'flow files or folders to check instead of --dir (as a pre-commit hook passes them)')
    .option('--dir <path>', 'flows folder', 'flows')
    .option('--var-file <file>', 'YAML map of variables for ${NAME}; wins over the environment')
    .option('--config <file>', 'settings file (default: flexflow-sync.yaml or .yml here, else beside the repository of --dir)')
    .addOption(new Option('--format <format>', 'output format').choices(VALIDATE_FORMATS).default('text'))
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
      validateView(flags.format, io).report({ problems, resources: result.resources, fileCount: result.fileCount });
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
