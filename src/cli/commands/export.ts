import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { LAYOUTS, buildExport, varsToYaml, type Layout, type LiveByKind } from '../../export/render.js';
import { PACKAGE_SCHEMA_PATH, PACKAGE_VERSION, schemaReference } from '../../export/schemaRef.js';
import { writeFilesAllOrNothing, type FileToWrite } from '../../export/write.js';
import { UserInputError } from '../../errors.js';
import { KIND_NAMES, type KindName } from '../../model/kind.js';
import { KINDS } from '../../model/kinds.js';
import { FLOW_FILE_PATTERN } from '../../flows/walk.js';
import type { Io } from '../io.js';
import { countOf, countsOfKinds, plural } from '../plural.js';
import { type ExitStatus, describedCommand } from './command.js';
import { connectApi } from '../connect.js';
import { namesForExport } from '../names.js';
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
  kind?: KindName[];
  names?: boolean;
}

/** `--kind a,b --kind c`: each value a comma list of kinds, added to those before. */
function parseKinds(value: string, previous: KindName[] | undefined): KindName[] {
  const kinds = value.split(',').map((name) => name.trim());
  const unknown = kinds.filter((name) => !(KIND_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0) throw new InvalidArgumentError(`${unknown.map((name) => JSON.stringify(name)).join(', ')} is not a kind; the kinds are ${KIND_NAMES.join(', ')}`);
  return [...new Set([...(previous ?? []), ...(kinds as KindName[])])];
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
    .addOption(new Option('--layout <layout>', 'one file per kind, or one file per flow or address configuration').choices(LAYOUTS).default('one-file'))
    .option('--vars <file>', 'lift account-specific SIDs into ${NAME} variables and write their values to this var file')
    .option('--names', 'write Studio flows, services, workspaces and workflows by name where the account holds the name once (SIDs otherwise)')
    .option('--force', 'overwrite files that exist')
    .option('--config <file>', 'settings file; flows its ignore globs match are not exported (default: flexflow-sync.yaml or .yml here, else beside the repository of --dir)')
    .option('--api-url <url>', 'one base URL for the Flex and Conversations APIs, e.g. the emulator (default: Twilio, or FLEXFLOW_API_URL)')
    .option('--profile <name>', PROFILE_HELP)
    .addOption(
      new Option('--kind <kinds>', 'export only these kinds: repeat it or give a comma list (default: every kind)').choices(KIND_NAMES).argParser(parseKinds),
    )
    .action(async (flags: ExportFlags) => {
      const dir = path.resolve(io.cwd, flags.dir);
      const display = (file: string): string => path.relative(io.cwd, file) || '.';
      const varsPath = flags.vars === undefined ? undefined : path.resolve(io.cwd, flags.vars);
      if (varsPath !== undefined && !path.relative(dir, varsPath).startsWith('..') && !path.isAbsolute(path.relative(dir, varsPath))) {
        throw new UserInputError(`--vars ${flags.vars}: the var file must be outside the flows folder ${display(dir)}, where it would be read as a flow file`);
      }
      if (flags.names === true && flags.vars !== undefined) {
        throw new UserInputError('--names and --vars are two ways to one set of files for many accounts; choose one (README: "One set of files, many accounts")');
      }
      const settings = await loadSettingsFor(io, flags.config, flags.dir);
      const kinds = KINDS.filter((kind) => flags.kind === undefined || flags.kind.includes(kind.name));
      const live: Partial<Record<KindName, NonNullable<LiveByKind[KindName]>>> = {};
      const { apiFor, connection } = await connectApi(io, flags, { rateLimits: settings.rateLimits });
      // One kind after the other: the spinner shows one listing at a time.
      for (const kind of kinds) live[kind.name] = await apiFor(kind.name).list();
      const names = flags.names === true ? await namesForExport(live, connection) : undefined;
      const result = buildExport(live, {
        ...(names === undefined ? {} : { nameOf: names.nameOf }),
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
      const exported = new Map(kinds.map((kind) => [kind, result.files.filter((file) => file.kind === kind).reduce((sum, file) => sum + file.keys.length, 0)]));
      const ignored = result.ignored.length === 0 ? '' : `; ${plural(result.ignored.length, 'ignored flow')} left out`;
      io.stdout.write(`Exported ${countsOfKinds(exported)} to ${display(dir)}${ignored}.\n`);
      for (const note of result.notes) io.stderr.write(`note: ${note}\n`);
      for (const line of names?.summary ?? []) io.stderr.write(`${line}\n`);
      if (others.length > 0) {
        io.stderr.write(
          `warning: ${display(dir)} also holds ${plural(others.length, 'other flow file')} (${others.slice(0, 3).join(', ')}${others.length > 3 ? ', ...' : ''}); ` +
            'flows declared there as well will be reported as duplicates by validate\n',
        );
      }
      exit.code = 0;
    });
