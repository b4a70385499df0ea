import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_VERSION, installedIn, repositorySchema, schemaReference } from '../src/export/schemaRef.js';
import { useTempDir } from './helpers/tempDir.js';

describe('schemaReference', () => {
  it.each([
    {
      name: 'schema in the project (this repository)',
      outDir: '/repo/flows',
      schemaPath: '/repo/schema/flexflow.schema.json',
      expected: '../schema/flexflow.schema.json',
    },
    {
      name: 'nested flows folder',
      outDir: '/repo/config/flows',
      schemaPath: '/repo/schema/flexflow.schema.json',
      expected: '../../schema/flexflow.schema.json',
    },
    {
      name: 'tool installed in the project',
      outDir: '/repo/flows',
      schemaPath: '/repo/node_modules/flexflow-sync/schema/flexflow.schema.json',
      expected: '../node_modules/flexflow-sync/schema/flexflow.schema.json',
    },
    {
      name: 'tool outside the project (npx cache): published URL',
      outDir: '/repo/flows',
      schemaPath: '/home/u/.npm/_npx/1/node_modules/flexflow-sync/schema/flexflow.schema.json',
      expected: 'https://unpkg.com/flexflow-sync@1.2.3/schema/flexflow.schema.json',
    },
  ])('$name', ({ outDir, schemaPath, expected }) => {
    expect(schemaReference({ outDir, projectRoot: '/repo', schemaPath, version: '1.2.3' })).toBe(expected);
  });

  it('a package installed in node_modules belongs to the folder above it; a checkout elsewhere to none', () => {
    expect(installedIn('/repo/node_modules/flexflow-sync/schema/flexflow.schema.json')).toBe('/repo');
    expect(installedIn('/work/flexflow-sync/schema/flexflow.schema.json')).toBeUndefined();
    expect(
      schemaReference({
        outDir: '/tmp/proj/flows',
        projectRoot: undefined,
        schemaPath: '/work/flexflow-sync/schema/flexflow.schema.json',
        version: '1.2.3',
      }),
    ).toBe('https://unpkg.com/flexflow-sync@1.2.3/schema/flexflow.schema.json');
  });

  it('pins the package version', () => {
    expect(PACKAGE_VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('repositorySchema', () => {
  const dir = useTempDir('export-schemaRef-');
  const touch = async (file: string): Promise<void> => {
    await mkdir(path.dirname(path.join(dir(), file)), { recursive: true });
    await writeFile(path.join(dir(), file), '{}');
  };

  it('finds schema/ at the git root above a nested flows folder', async () => {
    await mkdir(path.join(dir(), 'repo/.git'), { recursive: true });
    await touch('repo/schema/flexflow.schema.json');
    expect(await repositorySchema(path.join(dir(), 'repo/config/flows'))).toEqual({
      root: path.join(dir(), 'repo'),
      schemaPath: path.join(dir(), 'repo/schema/flexflow.schema.json'),
    });
  });

  it('does not look above the git root', async () => {
    await mkdir(path.join(dir(), 'outer/repo/.git'), { recursive: true });
    await touch('outer/schema/flexflow.schema.json');
    expect(await repositorySchema(path.join(dir(), 'outer/repo/flows'))).toBeUndefined();
  });

  it('without a git root, looks only beside the flows folder', async () => {
    await touch('a/schema/flexflow.schema.json');
    expect(await repositorySchema(path.join(dir(), 'a/flows'))).toEqual({
      root: path.join(dir(), 'a'),
      schemaPath: path.join(dir(), 'a/schema/flexflow.schema.json'),
    });
    expect(await repositorySchema(path.join(dir(), 'a/b/flows'))).toBeUndefined();
  });
});
