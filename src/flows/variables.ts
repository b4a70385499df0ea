import { resolve } from 'node:path';
import { UserInputError } from '../errors.js';
import { ENV_VARIABLE_PREFIX, VARIABLE_NAME, type Variables } from './interpolate.js';
import { problemAt, sortProblems } from '../source/problems.js';
import type { Problem } from '../source/types.js';
import { escapePointer } from '../source/pointer.js';
import { readYamlFile } from '../source/readYamlFile.js';
import { singleDocument } from '../source/singleDocument.js';
import { displayPath } from '../source/displayPath.js';

export interface VariableSources {
  /** A YAML map NAME: value; its values win over the environment's. */
  readonly varFile?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export interface LoadedVariables {
  readonly variables: Variables;
  /** The var file's problems, sorted; the variables it defines well are read all the same. */
  readonly problems: readonly Problem[];
}

/**
 * The variables `${NAME}` can use: FLEXFLOW_VAR_NAME from the environment, overridden by the var
 * file. The var file wins because it is explicit and committed per environment, while a stray
 * variable in a shell or CI runner should not silently change what is applied.
 */
export async function loadVariables(sources: VariableSources): Promise<LoadedVariables> {
  const variables = new Map<string, string>();
  for (const [key, value] of Object.entries(sources.env)) {
    if (value === undefined || !key.startsWith(ENV_VARIABLE_PREFIX)) continue;
    const name = key.slice(ENV_VARIABLE_PREFIX.length);
    if (VARIABLE_NAME.test(name)) variables.set(name, value);
  }
  if (sources.varFile === undefined) return { variables, problems: [] };
  const varFile = await readVarFile(resolve(sources.cwd, sources.varFile), sources.cwd);
  for (const [name, value] of varFile.values) variables.set(name, value);
  return { variables, problems: varFile.problems };
}

async function readVarFile(path: string, cwd: string): Promise<{ values: Map<string, string>; problems: Problem[] }> {
  const file = displayPath(cwd, path);
  const source = await readYamlFile(path, file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new UserInputError(`var file ${file} not found (--var-file)`);
    throw error;
  });
  const { document, problems: extraDocuments } = singleDocument(source.documents, 'var-file', 'a var file');
  const problems: Problem[] = [...source.problems, ...extraDocuments];
  const values = new Map<string, string>();
  if (document) {
    const map = document.value;
    if (map === null || typeof map !== 'object' || Array.isArray(map)) {
      problems.push(problemAt(document.start, 'var-file', 'a var file must be a mapping NAME: value'));
    } else {
      for (const [name, value] of Object.entries(map)) {
        const at = document.positions.get(`/${escapePointer(name)}`);
        if (!VARIABLE_NAME.test(name)) {
          problems.push(
            problemAt(
              at?.key ?? document.start,
              'var-file',
              `variable name "${name}" must be letters, digits and _, not starting with a digit`,
            ),
          );
        } else if (value === null || typeof value === 'object') {
          problems.push(problemAt(at?.value ?? document.start, 'var-file', `variable ${name} must be text, a number or true/false`));
        } else {
          values.set(name, String(value));
        }
      }
    }
  }
  return { values, problems: sortProblems(problems) };
}
