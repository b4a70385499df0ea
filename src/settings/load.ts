import { resolve } from 'node:path';
import { UserInputError } from '../errors.js';
import { formatProblem, problemAt, sortProblems } from '../flows/problems.js';
import { schemaProblems } from '../flows/schemaProblems.js';
import type { Problem } from '../flows/types.js';
import { displayPath } from '../flows/walk.js';
import { readYamlFile } from '../flows/yamlSource.js';
import { FLEX_FLOW_ENDPOINTS } from '../model/limits.js';
import { check as checkSchema } from './checkSchema.generated.js';
import { SETTINGS_KEYS } from './schema.js';
import { DEFAULT_SETTINGS, type Settings } from './types.js';

const DEFAULT_SETTINGS_FILE = 'flexflow-sync.yaml';

export interface LoadSettingsOptions {
  /** `--config`: must exist when given. Without it, flexflow-sync.yaml in `cwd` is read if present. */
  readonly configPath?: string;
  readonly cwd: string;
}

const KEYS = Object.keys(SETTINGS_KEYS);

/** Reads the settings; every mistake is reported at once in a UserInputError, one `file:line:col: message` per line. */
export async function loadSettings(options: LoadSettingsOptions): Promise<Settings> {
  const path = resolve(options.cwd, options.configPath ?? DEFAULT_SETTINGS_FILE);
  const file = displayPath(options.cwd, path);
  const source = await readYamlFile(path, file).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
    if (options.configPath !== undefined) throw new UserInputError(`settings file ${file} not found (--config)`);
    return undefined;
  });
  if (source === undefined) return DEFAULT_SETTINGS;
  const problems: Problem[] = [...source.problems];
  const [document, ...extra] = source.documents;
  for (const other of extra) problems.push(problemAt(other.start, 'settings', 'the settings file holds one YAML document; remove the extra ---'));
  let settings: Settings = DEFAULT_SETTINGS;
  if (document) {
    if (!checkSchema(document.value)) {
      problems.push(...schemaProblems(checkSchema.errors ?? [], document, { keysAt: (pointer) => (pointer === '' ? KEYS : pointer === '/rate_limits' ? FLEX_FLOW_ENDPOINTS : []) }));
    } else {
      settings = fromYaml(document.value as Record<string, unknown>);
    }
  }
  if (problems.length > 0) throw new UserInputError(sortProblems(problems).map(formatProblem).join('\n'));
  return settings;
}

function fromYaml(value: Readonly<Record<string, unknown>>): Settings {
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const [key, field] of Object.entries(SETTINGS_KEYS)) {
    if (!Object.hasOwn(value, key)) continue;
    const raw = value[key];
    settings[field] = Array.isArray(raw) ? Object.freeze([...(raw as string[])]) : typeof raw === 'object' && raw !== null ? Object.freeze({ ...raw }) : raw;
  }
  return Object.freeze(settings) as unknown as Settings;
}
