import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { UserInputError } from '../errors.js';
import { sortProblems } from '../source/problems.js';
import { type SchemaVocabulary, schemaProblems } from '../source/schemaProblems.js';
import type { Problem } from '../source/types.js';
import { displayPath } from '../source/displayPath.js';
import { readYamlFile } from '../source/readYamlFile.js';
import { singleDocument } from '../source/singleDocument.js';
import { FLEX_FLOW_ENDPOINTS } from '../model/limits.js';
import { check as checkSchema } from './checkSchema.generated.js';
import { SETTINGS_KEYS } from './schema.js';
import { DEFAULT_SETTINGS, type Settings } from './types.js';

/** The names a settings file may have, in the order they are looked for in one folder. */
const SETTINGS_FILE_NAMES = ['flexflow-sync.yaml', 'flexflow-sync.yml'] as const;

export interface LoadSettingsOptions {
  /** `--config`: must exist when given; then nothing else is looked for. */
  readonly configPath?: string;
  readonly cwd: string;
  /**
   * The flows folder, relative to `cwd`. When `cwd` holds no settings file, it is looked for at the
   * repository root above this folder (the nearest folder with `.git`), else in the folder above it:
   * `cd ~ && plan --dir work/repo/flows` must read that repository's settings, not silently none.
   */
  readonly dir?: string;
}

export interface LoadedSettings {
  readonly settings: Settings;
  /** The file read, absolute; undefined when none was found and the defaults apply. */
  readonly path: string | undefined;
  /** Every mistake in the file, sorted; when there is any, `settings` are the defaults and must not be used. */
  readonly problems: readonly Problem[];
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    // A folder we may not look into (a parent of --dir owned by someone else) holds nothing of ours.
    if (['ENOENT', 'ENOTDIR', 'EACCES', 'EPERM'].includes((error as NodeJS.ErrnoException).code ?? '')) return false;
    throw error;
  }
}

/** The settings file in `folder`; both names at once is refused, as either could be the one meant. */
async function settingsFileIn(folder: string, cwd: string): Promise<string | undefined> {
  const found: string[] = [];
  for (const name of SETTINGS_FILE_NAMES) if (await exists(join(folder, name))) found.push(join(folder, name));
  if (found.length > 1) {
    throw new UserInputError(
      `both ${found.map((path) => displayPath(cwd, path)).join(' and ')} exist; keep one, or pick one with --config`,
    );
  }
  return found[0];
}

/** The nearest folder at or above `start` that holds `.git` (a folder, or a file in a git worktree). */
async function gitRoot(start: string): Promise<string | undefined> {
  for (let folder = start; ; folder = dirname(folder)) {
    if (await exists(join(folder, '.git'))) return folder;
    if (dirname(folder) === folder) return undefined;
  }
}

/** Where the settings come from without `--config`: the working directory, else beside the flows folder's repository. */
async function findSettingsFile(cwd: string, dir: string | undefined): Promise<string | undefined> {
  const inCwd = await settingsFileIn(cwd, cwd);
  if (inCwd !== undefined || dir === undefined) return inCwd;
  const flows = resolve(cwd, dir);
  const root = (await gitRoot(flows)) ?? dirname(flows);
  return root === resolve(cwd) ? undefined : settingsFileIn(root, cwd);
}

const KEYS = Object.keys(SETTINGS_KEYS);
const VOCABULARY: SchemaVocabulary = {
  documentName: 'the settings file',
  keysAt: (pointer) => (pointer === '' ? KEYS : pointer === '/rate_limits' ? FLEX_FLOW_ENDPOINTS : []),
};

/**
 * Reads the settings and returns every mistake in the file as a problem. Throws UserInputError only
 * when the file cannot be found (both names at once, or a missing --config).
 */
export async function loadSettings(options: LoadSettingsOptions): Promise<LoadedSettings> {
  const path =
    options.configPath === undefined ? await findSettingsFile(options.cwd, options.dir) : resolve(options.cwd, options.configPath);
  if (path === undefined) return { settings: DEFAULT_SETTINGS, path, problems: [] };
  const file = displayPath(options.cwd, path);
  const source = await readYamlFile(path, file).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT' || options.configPath === undefined) throw error;
    throw new UserInputError(`settings file ${file} not found (--config)`);
  });
  const { document, problems: extraDocuments } = singleDocument(source.documents, 'settings', 'the settings file');
  const problems: Problem[] = [...source.problems, ...extraDocuments];
  let settings: Settings = DEFAULT_SETTINGS;
  if (document) {
    if (!checkSchema(document.value)) {
      problems.push(...schemaProblems(checkSchema.errors ?? [], document, VOCABULARY));
    } else {
      settings = fromYaml(document.value as Record<string, unknown>);
    }
  }
  return problems.length > 0 ? { settings: DEFAULT_SETTINGS, path, problems: sortProblems(problems) } : { settings, path, problems };
}

function fromYaml(value: Readonly<Record<string, unknown>>): Settings {
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const [key, field] of Object.entries(SETTINGS_KEYS)) {
    if (!Object.hasOwn(value, key)) continue;
    const raw = value[key];
    settings[field] = Array.isArray(raw)
      ? Object.freeze([...(raw as string[])])
      : typeof raw === 'object' && raw !== null
        ? Object.freeze({ ...raw })
        : raw;
  }
  return Object.freeze(settings) as unknown as Settings;
}
