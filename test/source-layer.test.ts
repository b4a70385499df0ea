/**
 * The source layer stays below the loaders (ARCHITECTURE.md): src/source imports no folder of src/
 * (only the neutral modules at its top), and src/settings does not stand on src/flows. No two
 * folders of src/ import each other, even through others: madge (npm run cycles) sees only cycles
 * of modules, and data flows one way between folders too.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');

/** A relative import's specifier: `from '…'` (imports, re-exports), `import('…')` and a bare `import '…'`. */
const RELATIVE_IMPORT = /(?:from |import ?\(?)'(\.[^']+)'/g;

/** Each module of `folder` (under src/) with the src/ folders its relative imports reach (`.` for src/ itself). */
function foldersImported(folder: string): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  for (const name of readdirSync(path.join(src, folder)).filter((file) => file.endsWith('.ts'))) {
    const text = readFileSync(path.join(src, folder, name), 'utf8');
    const specifiers = [...text.matchAll(RELATIVE_IMPORT)].map((match) => match[1] ?? '');
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

/** The top-level folder of a path relative to src/ (`.` for a module at the top of src/). */
const topFolder = (module: string): string => (module.includes('/') ? (module.split('/')[0] ?? '.') : '.');

/** Each folder of src/ with the other folders its modules import (also type-only), and one module that does, per folder. */
function folderGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  const visit = (dir: string): void => {
    for (const name of readdirSync(path.join(src, dir))) {
      const module = dir === '' ? name : `${dir}/${name}`;
      if (statSync(path.join(src, module)).isDirectory()) visit(module);
      else if (name.endsWith('.ts')) {
        const from = topFolder(module);
        const text = readFileSync(path.join(src, module), 'utf8');
        for (const match of text.matchAll(RELATIVE_IMPORT)) {
          const to = topFolder(
            path
              .relative(src, path.resolve(src, path.dirname(module), match[1] ?? ''))
              .split(path.sep)
              .join('/'),
          );
          if (to === from || from === '.' || to === '.') continue;
          const edges = graph.get(from) ?? new Map<string, string>();
          if (!edges.has(to)) edges.set(to, module);
          graph.set(from, edges);
        }
      }
    }
  };
  visit('');
  return graph;
}

/** The folders `from` reaches through the graph's imports. */
function reachable(graph: Map<string, Map<string, string>>, from: string): Set<string> {
  const seen = new Set<string>();
  const stack = [from];
  for (let folder = stack.pop(); folder !== undefined; folder = stack.pop())
    for (const next of graph.get(folder)?.keys() ?? []) if (!seen.has(next) && seen.add(next)) stack.push(next);
  return seen;
}

describe('the folders of src/', () => {
  it('import each other one way only: no cycle of folders, however long', () => {
    const graph = folderGraph();
    expect(graph.get('cli')?.has('plan')).toBe(true);
    const reach = new Map([...graph.keys()].map((folder) => [folder, reachable(graph, folder)]));
    // Each import from one folder to another that both reach each other, with the module that makes it.
    const cyclic = [...graph].flatMap(([from, edges]) =>
      [...edges].filter(([to]) => reach.get(to)?.has(from) === true).map(([to, module]) => `${from} → ${to} (${module})`),
    );
    expect(cyclic.sort()).toEqual([]);
  });
});

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
