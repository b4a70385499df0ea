import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { publishedSchemaUrl } from '../source/jsonSchema.js';

/** The JSON Schema this package ships (`files` in package.json includes schema/). */
export const PACKAGE_SCHEMA_PATH = fileURLToPath(new URL('../../schema/flexflow.schema.json', import.meta.url));

/**
 * What the `$schema=` comment of an exported file points at. A relative path when the schema lies
 * inside the project (this repository, or `node_modules/flexflow-sync` of the user's), because an
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

/** The version the unpkg URL pins. */
export { PACKAGE_VERSION } from '../version.js';
