import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UserInputError } from '../errors.js';
import { CROSS_FILE_RULES, type DeclaredNames } from './crossFileRules.js';
import { fileStart, problemAt, sortProblems } from '../source/problems.js';
import type { DesiredResource, LoadResult } from './types.js';
import type { Problem } from '../source/types.js';
import { DOCUMENT_SHAPES, validateDocument } from './validateDocument.js';
import { loadVariables } from './variables.js';
import { listFlowFiles, listNamedFlowFiles } from './walk.js';
import { readYamlFile } from '../source/readYamlFile.js';

export interface LoadFlowsOptions {
  /** The flows folder, relative to `cwd`. Read at any depth; a missing folder holds no flows. */
  readonly dir: string;
  /** Files or folders to read instead of `dir` (`validate FILE…`). */
  readonly paths?: readonly string[];
  /** A YAML map of variables; its values win over `env`. */
  readonly varFile?: string;
  /** Variables `${NAME}` may use (the process environment, from the CLI's Io). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Paths resolve against it, and problems name files relative to it. */
  readonly cwd: string;
}

/**
 * Reads every file and returns the resources (of every kind) of the documents that are valid, plus
 * every problem of every file, sorted by file, line and column. A var file with problems yields those alone (see
 * `badVarFile`). Throws UserInputError only for a bad --dir or a missing var file.
 */
export async function loadFlows(options: LoadFlowsOptions): Promise<LoadResult> {
  if (options.paths === undefined) await requireFolder(options.dir, options.cwd);
  const { variables, problems: varFileProblems } = await loadVariables(options);
  if (varFileProblems.length > 0) return { resources: [], problems: varFileProblems, fileCount: 0, badVarFile: true };
  const listing =
    options.paths === undefined
      ? await listFlowFiles(resolve(options.cwd, options.dir), options.cwd)
      : await listNamedFlowFiles(options.paths, options.cwd);
  const problems: Problem[] = [...listing.problems];
  const resources: DesiredResource[] = [];
  const names: DeclaredNames[] = [];
  for (const file of listing.files) {
    const source = await readYamlFile(file.absolutePath, file.displayPath);
    problems.push(...source.problems);
    if (source.documents.length === 0 && source.problems.length === 0) {
      problems.push(
        problemAt(fileStart(file.displayPath), 'empty-file', `file holds no document; add one (${DOCUMENT_SHAPES}) or delete the file`),
      );
    }
    for (const document of source.documents) {
      const result = validateDocument(document, variables);
      problems.push(...result.problems);
      if (result.names) names.push(result.names);
      if (result.resource) resources.push(result.resource);
    }
  }
  for (const rule of CROSS_FILE_RULES) problems.push(...rule(names));
  return { resources, problems: sortProblems(problems), fileCount: listing.files.length, badVarFile: false };
}

/**
 * A flows folder that does not exist is an error for every command that reads it (validate, plan,
 * apply, migrate): a mistyped --dir in CI must not pass as "valid" or report "No changes" forever.
 * An existing empty folder is fine (it manages no flow).
 */
async function requireFolder(dir: string, cwd: string): Promise<void> {
  try {
    await stat(resolve(cwd, dir));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new UserInputError(`flows folder ${dir} does not exist; pass the right one with --dir (an empty folder manages no flow)`);
  }
}
