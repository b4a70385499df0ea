import { lstat, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { LAYOUTS, buildExport, varsToYaml, type Layout, type LiveByKind } from '../../export/render.js';
import { PACKAGE_SCHEMA_PATH, PACKAGE_VERSION, installedIn, repositorySchema, schemaReference } from '../../export/schemaRef.js';
import { safeStem } from '../../export/fileNames.js';
import { writeFilesAllOrNothing, type FileToWrite } from '../../writeFiles.js';
import { UserInputError } from '../../errors.js';
import { KIND_NAMES, type KindName, type ResourceKind } from '../../model/kind.js';
import { KINDS } from '../../model/kinds.js';
import { type FlowFolder, type OldFile, declaredFlows, oldFiles, readFlowFolder, removeFile } from '../../export/stale.js';
import { stampOf } from '../../export/stamp.js';
import { loadVariables } from '../../flows/variables.js';
import { exportProblems } from '../../export/check.js';
import { formatProblem } from '../../source/problems.js';
import { formatName } from '../../printable.js';
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
  if (unknown.length > 0)
    throw new InvalidArgumentError(
      `${unknown.map((name) => JSON.stringify(name)).join(', ')} is not a kind; the kinds are ${KIND_NAMES.join(', ')}`,
    );
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
async function settleOldFiles(
  io: Io,
  dir: string,
  old: readonly OldFile[],
  options: { force: boolean; exported: ReadonlySet<ResourceKind>; stampedCount: number; maxFraction: number; minFiles: number },
  display: (file: string) => string,
): Promise<void> {
  const isGone = (file: OldFile): boolean =>
    file.superseded && file.state === 'unchanged' && file.resources.some(({ fate }) => fate.is === 'gone');
  const goneCount = old.filter(isGone).length;
  // As plan's max_delete_fraction: an export of the wrong account (a mistaken --profile) that holds
  // a few flows must not remove the files of all the others.
  const tooMany = options.force && options.stampedCount >= options.minFiles && goneCount > options.maxFraction * options.stampedCount;
  if (tooMany) {
    io.stderr.write(
      `warning: kept ${plural(goneCount, 'file')} of the ${options.stampedCount} export wrote in ${display(dir)} whose resources this account lacks: ` +
        `more than max_delete_fraction (${options.maxFraction}) of them (the wrong account?); rm those that are gone by hand, or raise max_delete_fraction in the settings\n`,
    );
  }
  for (const file of old.filter((candidate) => candidate.resources.length > 0)) {
    const shown = display(path.join(dir, file.name));
    const kind = (file.resources[0] as OldFile['resources'][number]).kind;
    const leftOut = file.resources.filter(({ fate }) => fate.is === 'left-out').map(({ kind, key }) => `${kind.noun} ${formatName(key)}`);
    if (!file.superseded) {
      io.stderr.write(
        `warning: kept ${shown} (written by an earlier export): it declares ${leftOut.join(', ')}, live but left out of this export by the settings' ignore\n`,
      );
    } else if (file.state === 'edited') {
      io.stderr.write(
        `warning: kept ${shown}: ${fateOf(file)}, but the file was edited since export wrote it; remove it (rm ${shown}) unless it is meant to declare that\n`,
      );
    } else if (!options.exported.has(kind)) {
      io.stderr.write(
        `warning: kept ${shown} (written by an earlier export): ${fateOf(file)}, but this account has no ${kind.nounPlural} at all, so export removes none (the wrong account?); rm ${shown} if it is gone\n`,
      );
    } else if (options.force && !(tooMany && isGone(file))) {
      await removeFile(dir, file.name, display);
      io.stdout.write(`removed ${shown} (written by an earlier export): ${fateOf(file)}\n`);
    } else {
      const how = options.force ? `rm ${shown} if it is gone` : `run export again with --force to remove it, or rm ${shown}`;
      io.stderr.write(`warning: kept ${shown} (written by an earlier export): ${fateOf(file)}; ${how}\n`);
    }
  }
}

/**
 * Targets export does not write: `same`, those that already hold exactly what it would write (so a
 * second account's identical export needs no --force); `kept`, with why, those a person wrote or
 * edited since export wrote them, which even --force never overwrites, so a hand edit (a
 * `renamed_from` line, a second document, a comment) is never lost.
 */
function targetsToSpare(dir: string, folder: FlowFolder, files: readonly FileToWrite[]): { same: Set<string>; kept: Map<string, string> } {
  const content = new Map(files.map((file) => [file.path, file.content]));
  const same = new Set<string>();
  const kept = new Map<string, string>();
  for (const file of folder.rewritten) {
    const target = path.resolve(dir, file.name);
    if (content.get(target) === file.text) same.add(target);
    else if (stampOf(file.text) === 'edited') kept.set(target, 'edited since export wrote it');
  }
  for (const name of folder.foreignTargets) kept.set(path.resolve(dir, name), 'not written by export');
  return { same, kept };
}

/** How many file names a refusal lists before it summarises. */
const NAMED = 3;

const someOf = (names: readonly string[]): string =>
  `${names.slice(0, NAMED).join(', ')}${names.length > NAMED ? ` and ${names.length - NAMED} more` : ''}`;

/**
 * Writes the files, but without --force refuses (writing nothing) when the old files export would
 * remove declare what it writes elsewhere (another --layout): left beside the new ones they would
 * declare each resource twice, and plan would refuse the folder. A refusal names what --force would
 * remove as well as what it would overwrite.
 */
async function writeUnlessDoubled(
  files: readonly FileToWrite[],
  old: readonly OldFile[],
  options: { force: boolean; exported: ReadonlySet<ResourceKind> },
  display: (file: string) => string,
): Promise<void> {
  const removable = old.filter(
    (file) =>
      file.superseded && file.state === 'unchanged' && file.resources[0] !== undefined && options.exported.has(file.resources[0].kind),
  );
  const doubled = removable.filter((file) => file.resources.some(({ fate }) => fate.is === 'moved')).map((file) => file.name);
  if (!options.force && doubled.length > 0) {
    throw new UserInputError(
      `${someOf(doubled)} (written by an earlier export, another --layout) declare what this export writes to other files; nothing was written, since the folder would declare them twice: run again with --force to write them and remove those`,
    );
  }
  try {
    await writeFilesAllOrNothing(files, { force: options.force, display });
  } catch (error) {
    if (options.force || !(error instanceof UserInputError) || removable.length === 0) throw error;
    throw new UserInputError(
      `${error.message}; --force would also remove ${plural(removable.length, 'file')} nothing live backs: ${someOf(removable.map((file) => file.name))}`,
      { cause: error },
    );
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
  // Profiles Prod and prod would share vars/prod.yaml, and one would replace the other's secrets.
  if (profile !== undefined && safeStem(profile) !== profile) {
    throw new UserInputError(
      `--vars: profile ${JSON.stringify(profile)} is not a file name as it stands (vars/${safeStem(profile)}.yaml may be another profile's); name the var file: --vars vars/NAME.yaml`,
    );
  }
  return path.resolve(cwd, 'vars', `${profile ?? accountSid}.yaml`);
}

/**
 * The var file's variables: this export's, over those the file already holds, which are kept (hand-added
 * ones, or those of a kind this export left out with --kind, which the files it keeps still use).
 */
async function mergedVars(
  cwd: string,
  varsPath: string,
  exported: ReadonlyMap<string, string>,
): Promise<{ path: string; vars: Map<string, string>; kept: string[] }> {
  const exists = await lstat(varsPath).then(
    (stats) => stats.isFile(),
    () => false,
  );
  if (!exists) return { path: varsPath, vars: new Map(exported), kept: [] };
  const { variables, problems } = await loadVariables({ varFile: varsPath, env: {}, cwd });
  const [problem] = problems;
  if (problem !== undefined)
    throw new UserInputError(
      `${formatProblem(problem)}; export keeps the variables a var file holds: fix it, or move it away, and run again`,
    );
  const kept = [...variables.keys()].filter((name) => !exported.has(name)).sort(compareText);
  const vars = new Map([...variables, ...exported].sort(([a], [b]) => compareText(a, b)));
  return { path: varsPath, vars, kept };
}

/**
 * The other var files beside this one (other accounts' `vars/*.yaml`) that lack a variable the flow
 * files now use: two accounts that share chat services differently get other names, and the files
 * written for one would no longer plan with the other's var file.
 */
async function staleVarFiles(
  cwd: string,
  varsPath: string,
  used: ReadonlyMap<string, string>,
): Promise<{ file: string; missing: string[] }[]> {
  const folder = path.dirname(varsPath);
  const names = await readdir(folder).catch(() => [] as string[]);
  const others = names.filter((name) => /\.ya?ml$/.test(name) && path.join(folder, name) !== varsPath).sort(compareText);
  const out: { file: string; missing: string[] }[] = [];
  for (const name of others) {
    // One that does not read as a var file is not this warning's business: plan says what is wrong with it.
    const loaded = await loadVariables({ varFile: path.join(folder, name), env: {}, cwd }).catch(() => undefined);
    if (loaded === undefined || loaded.problems.length > 0) continue;
    const missing = [...used.keys()].filter((variable) => !loaded.variables.has(variable));
    if (missing.length > 0) out.push({ file: path.join(folder, name), missing });
  }
  return out;
}

/** Refuses a var file inside the flows folder, where it would be read as a flow file. */
function varFileOutside(dir: string, varsPath: string, shown: string, display: (file: string) => string): void {
  const relative = path.relative(dir, varsPath);
  if (!relative.startsWith('..') && !path.isAbsolute(relative)) {
    throw new UserInputError(
      `--vars ${shown}: the var file must be outside the flows folder ${display(dir)}, where it would be read as a flow file`,
    );
  }
}

export const exportCommand = (io: Io, exit: ExitStatus): Command =>
  describedCommand('export')
    .option('--dir <path>', 'flows folder to write to', 'flows')
    .addOption(
      new Option('--layout <layout>', 'one file per kind, or one file per flow or address configuration')
        .choices(LAYOUTS)
        .default('one-file'),
    )
    .option(
      '--vars [file]',
      'lift account-specific SIDs and webhook secrets into ${NAME} variables named by role, their values to this var file, mode 0600 (default: vars/PROFILE.yaml, or vars/ACCOUNT_SID.yaml)',
    )
    .option(
      '--names',
      'write Studio flows, services, workspaces and workflows by name where the account holds the name once (SIDs otherwise)',
    )
    .option(
      '--force',
      'overwrite the files an earlier export wrote, unchanged since, and remove those that nothing live backs any more (a file a person wrote or edited is never overwritten)',
    )
    .option(
      '--config <file>',
      'settings file; flows its ignore globs match are not exported (default: flexflow-sync.yaml or .yml here, else beside the repository of --dir)',
    )
    .option('--api-url <url>', 'one base URL for the Flex and Conversations APIs, e.g. the emulator (default: Twilio, or FLEXFLOW_API_URL)')
    .option('--profile <name>', PROFILE_HELP)
    .addOption(
      new Option('--kind <kinds>', 'export only these kinds: repeat it or give a comma list (default: every kind)')
        .choices(KIND_NAMES)
        .argParser(parseKinds),
    )
    .action(async (flags: ExportFlags) => {
      const dir = path.resolve(io.cwd, flags.dir);
      const display = (file: string): string => path.relative(io.cwd, file) || '.';
      if (flags.names === true && flags.vars !== undefined) {
        throw new UserInputError(
          '--names and --vars are two ways to one set of files for many accounts; choose one (README: "One set of files, many accounts")',
        );
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
          projectRoot: inRepository?.root ?? installedIn(PACKAGE_SCHEMA_PATH),
          schemaPath: inRepository?.schemaPath ?? PACKAGE_SCHEMA_PATH,
          version: PACKAGE_VERSION,
        }),
      });
      const flowFiles: FileToWrite[] = result.files.map((file) => ({ path: path.join(dir, file.name), content: file.content }));
      if (
        await stat(dir).then(
          (stats) => !stats.isDirectory(),
          () => false,
        )
      ) {
        throw new UserInputError(`--dir ${display(dir)} is not a folder; name the folder to write the flow files to`);
      }
      const folder = await readFlowFolder(dir, new Set(flowFiles.map((file) => file.path)));
      const { same, kept } = targetsToSpare(dir, folder, flowFiles);
      const written = result.files.filter((file) => !kept.has(path.join(dir, file.name)));
      const files = flowFiles.filter((file) => !same.has(file.path) && !kept.has(file.path));
      const varFile = varsPath !== undefined && result.vars !== null ? await mergedVars(io.cwd, varsPath, result.vars) : undefined;
      // Mode 0600 whatever the umask: the var file may hold webhook secrets.
      if (varFile !== undefined) files.push({ path: varFile.path, content: varsToYaml(varFile.vars), mode: 0o600, first: true });
      const writtenTo = new Map(
        kinds.map((kind) => [
          kind.name,
          new Map(
            written
              .filter((file) => file.kind === kind)
              .flatMap((file) => file.keys.map((key) => [key, display(path.join(dir, file.name))] as const)),
          ),
        ]),
      );
      // A file written again as it was holds no rename; parsing only the changed ones keeps a re-export fast.
      const changed = folder.rewritten.filter((file) => !same.has(path.resolve(dir, file.name)) && !kept.has(path.resolve(dir, file.name)));
      const declaredBefore = new Set([
        ...result.files.filter((file) => same.has(path.join(dir, file.name))).flatMap((file) => file.keys),
        ...declaredFlows([...folder.stamped, ...changed]),
      ]);
      const old = oldFiles(folder.stamped, { kinds, live, writtenTo, declaredBefore });
      await writeUnlessDoubled(
        files,
        old,
        { force: flags.force ?? false, exported: new Set(result.files.map((file) => file.kind)) },
        display,
      );

      for (const file of written) {
        const shown = display(path.join(dir, file.name));
        io.stdout.write(
          `${same.has(path.join(dir, file.name)) ? 'unchanged' : 'wrote'} ${shown} (${countOf(file.keys.length, file.kind)})\n`,
        );
      }
      for (const file of result.files.filter((candidate) => kept.has(path.join(dir, candidate.name)))) {
        const shown = display(path.join(dir, file.name));
        const what =
          file.keys.length === 1 ? `${file.kind.noun} ${formatName(file.keys[0] as string)}` : countOf(file.keys.length, file.kind);
        io.stderr.write(
          `warning: kept ${shown}: ${kept.get(path.join(dir, file.name)) as string}, so ${what} was not written; to export it, move the file away (or use another --dir) and run again\n`,
        );
      }
      if (varFile !== undefined && result.vars !== null) {
        const secrets = result.secretCount === 0 ? '' : `, ${plural(result.secretCount, 'webhook secret')}`;
        const kept =
          varFile.kept.length === 0
            ? ''
            : `; kept ${plural(varFile.kept.length, 'variable')} this export does not write: ${varFile.kept.join(', ')}`;
        io.stdout.write(
          `wrote ${display(varFile.path)} (${plural(result.vars.size, 'variable')}${secrets}${kept}; mode 0600); pass it with --var-file, and add it to .gitignore\n`,
        );
      }
      await settleOldFiles(
        io,
        dir,
        old,
        {
          force: flags.force ?? false,
          exported: new Set(result.files.map((file) => file.kind)),
          stampedCount: folder.stamped.length + folder.rewritten.length,
          maxFraction: settings.maxDeleteFraction,
          minFiles: settings.minLiveForDeleteGuard,
        },
        display,
      );
      renameNotes(io, [...old, ...oldFiles(changed, { kinds, live, writtenTo, declaredBefore })]);
      const exported = new Map(
        kinds.map((kind) => [kind, result.files.filter((file) => file.kind === kind).reduce((sum, file) => sum + file.keys.length, 0)]),
      );
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
      if (varFile !== undefined && result.vars !== null) {
        for (const { file, missing } of await staleVarFiles(io.cwd, varFile.path, result.vars)) {
          io.stderr.write(
            `warning: ${display(file)} does not define ${someOf(missing)}, which the flow files now use: export that account again with --vars ${display(file)} --force, or add them\n`,
          );
        }
      }
      const problems = exportProblems(
        files.filter((file) => file.path !== varFile?.path).map((file) => ({ file: display(file.path), content: file.content })),
        varFile?.vars ?? new Map(),
      );
      for (const problem of problems) io.stderr.write(`warning: ${formatProblem(problem)}\n`);
      if (problems.length > 0) {
        io.stderr.write(
          `${plural(problems.length, 'problem')} in what export wrote: the account holds values that the files refuse; change them in the Console (or in the files) before planning\n`,
        );
      }
      exit.code = problems.length > 0 ? 1 : 0;
    });
