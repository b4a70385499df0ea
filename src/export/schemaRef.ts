import { lstat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { publishedSchemaUrl } from '../source/jsonSchema.js';

/** The JSON Schema this package ships (`files` in package.json includes schema/). */
export const PACKAGE_SCHEMA_PATH = fileURLToPath(new URL('../../schema/flexflow.schema.json', import.meta.url));

/**
 * What the `$schema=` comment of an exported file points at. A relative path when the schema lies
 * inside the project (its repository's `schema/`, see repositorySchema, or `node_modules/flexflow-sync`
 * of the user's), because an
 * editor then resolves it offline, at the exact version the project pins. Otherwise (npx cache, global
 * install) a path would name one person's machine, so the schema is taken from the published package
 * on unpkg, pinned to this version, which stays valid for everyone who clones the repository.
 */
export function schemaReference(options: {
  /** Folder the files are written to. */
  readonly outDir: string;
  /** The project's root (the working directory). */
  readonly projectRoot: string;
  readonly schemaPath: string;
  readonly version: string;
}): string {
  const fromRoot = path.relative(options.projectRoot, options.schemaPath);
  if (fromRoot === '' || fromRoot.startsWith('..') || path.isAbsolute(fromRoot)) {
    return publishedSchemaUrl('flexflow.schema.json', options.version);
  }
  return path.relative(options.outDir, options.schemaPath).split(path.sep).join('/');
}

/** Where a repository keeps the schema, as this one does: `schema/flexflow.schema.json` at its root. */
const REPOSITORY_SCHEMA = path.join('schema', 'flexflow.schema.json');

async function isThere(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * The schema the repository of the flows folder `dir` holds, and that root: `schema/flexflow.schema.json`
 * in a folder from `dir` up to its git root (the nearest folder above with `.git`), else up to the
 * folder above `dir`, as the settings file is looked for. Undefined when there is none.
 */
export async function repositorySchema(dir: string): Promise<{ readonly root: string; readonly schemaPath: string } | undefined> {
  const folders: string[] = [];
  let gitFound = false;
  for (let folder = path.resolve(dir); !gitFound; folder = path.dirname(folder)) {
    folders.push(folder);
    gitFound = await isThere(path.join(folder, '.git'));
    if (path.dirname(folder) === folder) break;
  }
  const searched = gitFound ? folders : folders.slice(0, 2);
  for (const folder of searched) {
    const schemaPath = path.join(folder, REPOSITORY_SCHEMA);
    if (await isThere(schemaPath)) return { root: folder, schemaPath };
  }
  return undefined;
}

/** The version the unpkg URL pins. */
export { PACKAGE_VERSION } from '../version.js';
