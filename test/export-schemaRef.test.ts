import { describe, expect, it } from 'vitest';
import { PACKAGE_VERSION, schemaReference } from '../src/export/schemaRef.js';

describe('schemaReference', () => {
  it.each([
    { name: 'schema in the project (this repository)', outDir: '/repo/flows', schemaPath: '/repo/schema/flexflow.schema.json', expected: '../schema/flexflow.schema.json' },
    { name: 'nested flows folder', outDir: '/repo/config/flows', schemaPath: '/repo/schema/flexflow.schema.json', expected: '../../schema/flexflow.schema.json' },
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

  it('pins the package version', () => {
    expect(PACKAGE_VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });
});
