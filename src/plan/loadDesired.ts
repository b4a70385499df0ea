import { loadFlows } from '../flows/load.js';
import type { DesiredResource } from '../flows/types.js';
import type { KindName } from '../model/kind.js';
import { DEFAULT_KIND, KINDS, kindNamed } from '../model/kinds.js';
import { compileGlobs } from '../settings/globs.js';
import type { Settings } from '../settings/types.js';
import { formatPosition } from '../source/problems.js';
import type { Problem } from '../source/types.js';
import { keyOf } from './normalize.js';

/** The files and settings loadDesired reads (the CLI's own options: cli/pipeline.ts LoadDesiredOptions). */
export interface DesiredSources {
  /** Flows folder, relative to cwd. */
  readonly dir: string;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly varFile?: string;
  readonly settings: Settings;
}

/** What the files declare, as values: the caller prints the warnings and stops on the problems. */
export interface LoadedDesired {
  readonly resources: readonly DesiredResource[];
  readonly problems: readonly Problem[];
  /** Which input the problems are in: the var file's stop the flow files from being read at all. */
  readonly problemsIn: 'the flow files' | 'the var file';
  /** One line each, ending in a newline. */
  readonly warnings: readonly string[];
}

/** Said whenever no flow file is found: a mistyped --dir must not pass for "no changes". */
export function noFlowFilesWarning(dir: string): string {
  return `warning: no flow files (.yaml, .yml) under ${dir}; no flow is managed and nothing will be deleted\n`;
}

/** A declared resource whose key an `ignore` glob matches is never applied: surely not what its author meant. */
export function ignoredDeclarationWarnings(resources: readonly DesiredResource[], settings: Settings): string[] {
  const isIgnored = compileGlobs(settings.ignore);
  return resources
    .filter((resource) => isIgnored(keyOf(kindNamed(resource.kind), resource.fields)))
    .map(
      (resource) =>
        `${formatPosition(resource.source)}: warning: ${JSON.stringify(keyOf(kindNamed(resource.kind), resource.fields))} is declared but ignored (it matches ignore in the settings): it will never be applied\n`,
    );
}

/** The declared resources of plan and apply, every problem of the files, and the warnings about them. */
export async function loadDesired(options: DesiredSources): Promise<LoadedDesired> {
  const result = await loadFlows({
    dir: options.dir,
    cwd: options.cwd,
    env: options.env,
    ...(options.varFile === undefined ? {} : { varFile: options.varFile }),
  });
  const warnings = [
    ...(result.fileCount === 0 && result.problems.length === 0 ? [noFlowFilesWarning(options.dir)] : []),
    ...ignoredDeclarationWarnings(result.resources, options.settings),
  ];
  return {
    resources: result.resources,
    problems: result.problems,
    problemsIn: result.badVarFile ? 'the var file' : 'the flow files',
    warnings,
  };
}

/**
 * The kinds a plan reads and may change: those the files declare, in KINDS order. A kind they never
 * declare is not even listed (its API may not be enabled on the account, and nothing of it could be
 * deleted anyway); files that declare nothing plan the default kind, so that an empty folder still
 * shows the flows it leaves alone.
 */
export function plannedKinds(resources: readonly DesiredResource[]): KindName[] {
  // A migration (migrated_from) reads the kind it replaces, to delete the resource it names.
  const declared = new Set(
    resources.flatMap((resource) => [
      resource.kind,
      ...(resource.migratedFrom === undefined ? [] : [kindNamed(resource.kind).replaces ?? resource.kind]),
    ]),
  );
  return declared.size === 0 ? [DEFAULT_KIND] : KINDS.map((kind) => kind.name).filter((name) => declared.has(name));
}
