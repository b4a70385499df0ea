import path from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { LAYOUTS, buildExport, varsToYaml, type Layout, type LiveByKind } from '../../export/render.js';
import { PACKAGE_SCHEMA_PATH, PACKAGE_VERSION, repositorySchema, schemaReference } from '../../export/schemaRef.js';
import { safeStem } from '../../export/fileNames.js';
import { writeFilesAllOrNothing, type FileToWrite } from '../../export/write.js';
import { UserInputError } from '../../errors.js';
import { KIND_NAMES, type KindName, type ResourceKind } from '../../model/kind.js';
import { KINDS } from '../../model/kinds.js';
import { type OldFile, oldFiles, readFlowFolder, removeFile } from '../../export/stale.js';
import { formatName } from '../../render/fields.js';
import { compareText } from '../../compareText.js';
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
  vars?: string | true;
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

/** What became of an old file's resources, for its line: `flow "Old" is no longer live`, `3 flows are now in flows/flows.yaml`. */
function fateOf(file: OldFile): string {
  const [only] = file.resources;
  if (file.resources.length === 1 && only !== undefined) {
    const what = `${only.kind.noun} ${formatName(only.key)}`;
    return only.fate.is === 'moved' ? `${what} is now in ${only.fate.to}` : `${what} is no longer live`;
  }
  const moved = file.resources.filter(({ fate }) => fate.is === 'moved').length;
  const gone = file.resources.length - moved;
  const noun = (count: number): string => countOf(count, (file.resources[0] as OldFile['resources'][number]).kind);
  return [moved > 0 ? `${noun(moved)} now in other files` : '', gone > 0 ? `${noun(gone)} no longer live` : ''].filter(Boolean).join(', ');
}

/**
 * Removes (with --force) or lists the files an earlier export wrote that this one supersedes, one
 * line each. Nothing of a kind the account
 * has none of is removed: an export of the wrong (or an empty) account must not empty the folder, as
 * a plan of an empty folder deletes nothing.
 */
async function settleOldFiles(io: Io, dir: string, old: readonly OldFile[], options: { force: boolean; exported: ReadonlySet<ResourceKind> }, display: (file: string) => string): Promise<void> {
  for (const file of old.filter((candidate) => candidate.resources.length > 0)) {
    const shown = display(path.join(dir, file.name));
    const kind = (file.resources[0] as OldFile['resources'][number]).kind;
    const leftOut = file.resources.filter(({ fate }) => fate.is === 'left-out').map(({ kind, key }) => `${kind.noun} ${formatName(key)}`);
    if (!file.superseded) {
      io.stderr.write(`warning: kept ${shown} (written by an earlier export): it declares ${leftOut.join(', ')}, live but left out of this export by the settings' ignore\n`);
    } else if (file.state === 'edited') {
      io.stderr.write(`warning: kept ${shown}: ${fateOf(file)}, but the file was edited since export wrote it; remove it (rm ${shown}) unless it is meant to declare that\n`);
    } else if (!options.exported.has(kind)) {
      io.stderr.write(`warning: kept ${shown} (written by an earlier export): ${fateOf(file)}, but this account has no ${kind.nounPlural} at all, so export removes none (the wrong account?); rm ${shown} if it is gone\n`);
    } else if (options.force) {
      await removeFile(dir, file.name, display);
      io.stdout.write(`removed ${shown} (written by an earlier export): ${fateOf(file)}\n`);
    } else {
      io.stderr.write(`warning: kept ${shown} (written by an earlier export): ${fateOf(file)}; run export again with --force to remove it, or rm ${shown}\n`);
    }
  }
}

/** A note for each flow the old files declare that is gone while a live flow with its contact_identity has another name. */
function renameNotes(io: Io, old: readonly OldFile[]): void {
  for (const { key, fate } of old.flatMap((file) => file.resources)) {
    if (fate.is !== 'gone' || fate.renamedTo === undefined) continue;
    io.stderr.write(
      `note: flow ${formatName(key)} looks renamed to ${formatName(fate.renamedTo)} (same contact_identity): add renamed_from: ${JSON.stringify(key)} to its document${fate.renamedIn === undefined ? '' : ` in ${fate.renamedIn}`}, ` +
        `so that accounts that still have ${formatName(key)} rename it instead of deleting it and creating another\n`,
    );
  }
}

/** The var file: `--vars FILE`, or for bare `--vars` one named after the account: `vars/PROFILE.yaml`, else `vars/ACCOUNT_SID.yaml`. */
function varFilePath(cwd: string, vars: string | true, profile: string | undefined, accountSid: string): string {
  if (typeof vars === 'string') return path.resolve(cwd, vars);
  return path.resolve(cwd, 'vars', `${profile === undefined ? accountSid : safeStem(profile)}.yaml`);
}

/** Refuses a var file inside the flows folder, where it would be read as a flow file. */
function varFileOutside(dir: string, varsPath: string, shown: string, display: (file: string) => string): void {
  const relative = path.relative(dir, varsPath);
  if (!relative.startsWith('..') && !path.isAbsolute(relative)) {
    throw new UserInputError(`--vars ${shown}: the var file must be outside the flows folder ${display(dir)}, where it would be read as a flow file`);
  }
}

export const exportCommand = (io: Io, exit: ExitStatus): Command =>
  describedCommand('export')
    .option('--dir <path>', 'flows folder to write to', 'flows')
    .addOption(new Option('--layout <layout>', 'one file per kind, or one file per flow or address configuration').choices(LAYOUTS).default('one-file'))
    .option('--vars [file]', 'lift account-specific SIDs and webhook secrets into ${NAME} variables named by role, their values to this var file, mode 0600 (default: vars/PROFILE.yaml, or vars/ACCOUNT_SID.yaml)')
    .option('--names', 'write Studio flows, services, workspaces and workflows by name where the account holds the name once (SIDs otherwise)')
    .option('--force', 'overwrite files that exist, and remove the files an earlier export wrote that nothing live backs any more')
    .option('--config <file>', 'settings file; flows its ignore globs match are not exported (default: flexflow-sync.yaml or .yml here, else beside the repository of --dir)')
    .option('--api-url <url>', 'one base URL for the Flex and Conversations APIs, e.g. the emulator (default: Twilio, or FLEXFLOW_API_URL)')
    .option('--profile <name>', PROFILE_HELP)
    .addOption(
      new Option('--kind <kinds>', 'export only these kinds: repeat it or give a comma list (default: every kind)').choices(KIND_NAMES).argParser(parseKinds),
    )
    .action(async (flags: ExportFlags) => {
      const dir = path.resolve(io.cwd, flags.dir);
      const display = (file: string): string => path.relative(io.cwd, file) || '.';
      if (flags.names === true && flags.vars !== undefined) {
        throw new UserInputError('--names and --vars are two ways to one set of files for many accounts; choose one (README: "One set of files, many accounts")');
      }
      if (typeof flags.vars === 'string') varFileOutside(dir, path.resolve(io.cwd, flags.vars), flags.vars, display);
      const settings = await loadSettingsFor(io, flags.config, flags.dir);
      const kinds = KINDS.filter((kind) => flags.kind === undefined || flags.kind.includes(kind.name));
      const live: Partial<Record<KindName, NonNullable<LiveByKind[KindName]>>> = {};
      const { apiFor, connection, target } = await connectApi(io, flags, { rateLimits: settings.rateLimits });
      // One kind after the other: the spinner shows one listing at a time.
      for (const kind of kinds) live[kind.name] = await apiFor(kind.name).list();
      const varsPath = flags.vars === undefined ? undefined : varFilePath(io.cwd, flags.vars, flags.profile, target.account_sid);
      if (varsPath !== undefined && flags.vars === true) varFileOutside(dir, varsPath, display(varsPath), display);
      const names = flags.names === true ? await namesForExport(live, connection) : undefined;
      const inRepository = await repositorySchema(dir);
      const result = buildExport(live, {
        ...(names === undefined ? {} : { nameOf: names.nameOf }),
        layout: flags.layout,
        ignore: settings.ignore,
        liftVars: flags.vars !== undefined,
        schemaRef: schemaReference({
          outDir: dir,
          projectRoot: inRepository?.root ?? io.cwd,
          schemaPath: inRepository?.schemaPath ?? PACKAGE_SCHEMA_PATH,
          version: PACKAGE_VERSION,
        }),
      });
      const files: FileToWrite[] = result.files.map((file) => ({ path: path.join(dir, file.name), content: file.content }));
      // Mode 0600 whatever the umask: the var file may hold webhook secrets.
      if (varsPath !== undefined && result.vars !== null) files.push({ path: varsPath, content: varsToYaml(result.vars), mode: 0o600 });
      const folder = await readFlowFolder(dir, new Set(files.map((file) => file.path)));
      const writtenTo = new Map(kinds.map((kind) => [kind.name, new Map(result.files.filter((file) => file.kind === kind).flatMap((file) => file.keys.map((key) => [key, display(path.join(dir, file.name))] as const)))]));
      const old = oldFiles(folder.stamped, { kinds, live, writtenTo });
      await writeFilesAllOrNothing(files, { force: flags.force ?? false, display });

      for (const file of result.files) io.stdout.write(`wrote ${display(path.join(dir, file.name))} (${countOf(file.keys.length, file.kind)})\n`);
      if (varsPath !== undefined && result.vars !== null) {
        const secrets = result.secretCount === 0 ? '' : `, ${plural(result.secretCount, 'webhook secret')}`;
        io.stdout.write(`wrote ${display(varsPath)} (${plural(result.vars.size, 'variable')}${secrets}; mode 0600); pass it with --var-file, and add it to .gitignore\n`);
      }
      await settleOldFiles(io, dir, old, { force: flags.force ?? false, exported: new Set(result.files.map((file) => file.kind)) }, display);
      // A file written again as it was holds no rename; parsing only the changed ones keeps a re-export fast.
      const newText = new Map(files.map((file) => [file.path, file.content]));
      const changed = folder.rewritten.filter((file) => newText.get(path.resolve(dir, file.name)) !== file.text);
      renameNotes(io, [...old, ...oldFiles(changed, { kinds, live, writtenTo })]);
      const exported = new Map(kinds.map((kind) => [kind, result.files.filter((file) => file.kind === kind).reduce((sum, file) => sum + file.keys.length, 0)]));
      const ignored = result.ignored.length === 0 ? '' : `; ${plural(result.ignored.length, 'ignored flow')} left out`;
      io.stdout.write(`Exported ${countsOfKinds(exported)} to ${display(dir)}${ignored}.\n`);
      for (const note of result.notes) io.stderr.write(`note: ${note}\n`);
      for (const line of names?.summary ?? []) io.stderr.write(`${line}\n`);
      // A stamped file that no longer reads as an export's YAML is named with the hand-written ones.
      const others = [...folder.foreign, ...old.filter((file) => file.resources.length === 0).map((file) => file.name)].sort(compareText);
      if (others.length > 0) {
        io.stderr.write(
          `warning: ${display(dir)} also holds ${plural(others.length, 'other flow file')} (${others.slice(0, 3).join(', ')}${others.length > 3 ? ', ...' : ''}); ` +
            'flows declared there as well will be reported as duplicates by validate\n',
        );
      }
      exit.code = 0;
    });
