import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { LAYOUTS, buildExport, varsToYaml, type Layout } from '../../export/render.js';
import { PACKAGE_SCHEMA_PATH, PACKAGE_VERSION, schemaReference } from '../../export/schemaRef.js';
import { writeFilesAllOrNothing, type FileToWrite } from '../../export/write.js';
import { UserInputError } from '../../errors.js';
import type { LiveResource } from '../../model/kind.js';
import { FLEX_FLOW, KINDS } from '../../model/kinds.js';
import { FLOW_FILE_PATTERN } from '../../flows/walk.js';
import type { Io } from '../io.js';
import { countOf, plural } from '../plural.js';
import { type ExitStatus, describedCommand } from './command.js';
import { connectApi } from '../connect.js';
import { loadSettingsFor } from '../pipeline.js';
import { PROFILE_HELP } from '../planInputs.js';

interface ExportFlags {
  dir: string;
  layout: Layout;
  vars?: string;
  force?: boolean;
  config?: string;
  apiUrl?: string;
  profile?: string;
}

/** Flow files already in the folder that this export does not replace: the flows they declare would be declared twice. */
async function otherFlowFiles(dir: string, written: ReadonlySet<string>): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(dir, { recursive: true });
  } catch {
    return [];
  }
  return entries.filter((entry) => FLOW_FILE_PATTERN.test(entry) && !written.has(path.resolve(dir, entry))).sort();
}

export const exportCommand = (io: Io, exit: ExitStatus): Command =>
  describedCommand('export')
    .option('--dir <path>', 'flows folder to write to', 'flows')
    .addOption(new Option('--layout <layout>', 'one file for all flows, or one file per flow').choices(LAYOUTS).default('one-file'))
    .option('--vars <file>', 'lift account-specific SIDs into ${NAME} variables and write their values to this var file')
    .option('--force', 'overwrite files that exist')
    .option('--config <file>', 'settings file; flows its ignore globs match are not exported (default: flexflow-sync.yaml or .yml here, else beside the repository of --dir)')
    .option('--api-url <url>', 'Flex API base URL (default: Twilio, or FLEXFLOW_API_URL)')
    .option('--profile <name>', PROFILE_HELP)
    .action(async (flags: ExportFlags) => {
      const dir = path.resolve(io.cwd, flags.dir);
      const display = (file: string): string => path.relative(io.cwd, file) || '.';
      const varsPath = flags.vars === undefined ? undefined : path.resolve(io.cwd, flags.vars);
      if (varsPath !== undefined && !path.relative(dir, varsPath).startsWith('..') && !path.isAbsolute(path.relative(dir, varsPath))) {
        throw new UserInputError(`--vars ${flags.vars}: the var file must be outside the flows folder ${display(dir)}, where it would be read as a flow file`);
      }
      const settings = await loadSettingsFor(io, flags.config, flags.dir);
      const flows = await (await connectApi(io, flags, { rateLimits: settings.rateLimits })).api.list();
      // A FlexFlow is a LiveResource whose fields the table names; its interface has no index signature.
      const result = buildExport({ 'flex-flow': flows as unknown as LiveResource[] }, {
        layout: flags.layout,
        ignore: settings.ignore,
        liftVars: flags.vars !== undefined,
        schemaRef: schemaReference({ outDir: dir, projectRoot: io.cwd, schemaPath: PACKAGE_SCHEMA_PATH, version: PACKAGE_VERSION }),
      });
      const files: FileToWrite[] = result.files.map((file) => ({ path: path.join(dir, file.name), content: file.content }));
      if (varsPath !== undefined && result.vars !== null) files.push({ path: varsPath, content: varsToYaml(result.vars) });
      const others = await otherFlowFiles(dir, new Set(files.map((file) => file.path)));
      await writeFilesAllOrNothing(files, { force: flags.force ?? false, display });

      for (const file of result.files) io.stdout.write(`wrote ${display(path.join(dir, file.name))} (${countOf(file.keys.length, file.kind)})\n`);
      if (varsPath !== undefined && result.vars !== null) {
        io.stdout.write(`wrote ${display(varsPath)} (${plural(result.vars.size, 'variable')}); pass it with --var-file\n`);
      }
      const exported = KINDS.flatMap((kind) => {
        const count = result.files.filter((file) => file.kind === kind).reduce((sum, file) => sum + file.keys.length, 0);
        return count === 0 && kind !== FLEX_FLOW ? [] : [countOf(count, kind)];
      });
      const ignored = result.ignored.length === 0 ? '' : `; ${plural(result.ignored.length, 'ignored flow')} left out`;
      io.stdout.write(`Exported ${exported.join(' and ')} to ${display(dir)}${ignored}.\n`);
      for (const note of result.notes) io.stderr.write(`note: ${note}\n`);
      if (others.length > 0) {
        io.stderr.write(
          `warning: ${display(dir)} also holds ${plural(others.length, 'other flow file')} (${others.slice(0, 3).join(', ')}${others.length > 3 ? ', ...' : ''}); ` +
            'flows declared there as well will be reported as duplicates by validate\n',
        );
      }
      exit.code = 0;
    });
