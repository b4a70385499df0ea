import { PACKAGE_VERSION } from '../version.js';

export type JsonSchema = Readonly<Record<string, unknown>>;

/**
 * Where the published package serves a schema file of this version. A schema's `$id` is this URL, so
 * that it resolves to the very schema once the version is on npm; before that (and offline) an
 * editor should reference the file in the repository by a relative path, as `export` writes it.
 */
export function publishedSchemaUrl(file: string, version: string = PACKAGE_VERSION): string {
  return `https://unpkg.com/flexflow-sync@${version}/schema/${file}`;
}
