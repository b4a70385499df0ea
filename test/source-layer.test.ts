/**
 * The source layer stays below the loaders (ARCHITECTURE.md): src/source imports no folder of src/
 * (only the neutral modules at its top), and src/settings does not stand on src/flows.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');

/** Each module of `folder` (under src/) with the src/ folders its relative imports reach (`.` for src/ itself). */
function foldersImported(folder: string): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  for (const name of readdirSync(path.join(src, folder)).filter((file) => file.endsWith('.ts'))) {
    const text = readFileSync(path.join(src, folder, name), 'utf8');
    const specifiers = [...text.matchAll(/(?:from |import\()'(\.[^']+)'/g)].map((match) => match[1] ?? '');
    const folders = specifiers.map(
      (specifier) =>
        path
          .relative(src, path.resolve(src, folder, specifier))
          .split(path.sep)
          .slice(0, -1)
          .join('/') || '.',
    );
    found[`${folder}/${name}`] = [...new Set(folders)].filter((imported) => imported !== folder).sort();
  }
  return found;
}

describe('the source layer', () => {
  it('src/source imports nothing but the neutral modules at the top of src/', () => {
    const imports = foldersImported('source');
    expect(Object.keys(imports)).toContain('source/yamlSource.ts');
    for (const [module, folders] of Object.entries(imports))
      expect({ module, folders: folders.filter((folder) => folder !== '.') }).toEqual({ module, folders: [] });
  });

  it('src/settings does not import src/flows', () => {
    const imports = foldersImported('settings');
    expect(Object.keys(imports)).toContain('settings/load.ts');
    for (const [module, folders] of Object.entries(imports))
      expect({ module, flows: folders.includes('flows') }).toEqual({ module, flows: false });
  });
});
