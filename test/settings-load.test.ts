import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../src/source/problems.js';
import { compileGlobs } from '../src/settings/globs.js';
import { loadSettings } from '../src/settings/load.js';
import { DEFAULT_SETTINGS } from '../src/settings/types.js';
import { useTempDir } from './helpers/tempDir.js';

const tempDir = useTempDir('ffs-settings-');

/** This test's folder, holding `text` as flexflow-sync.yaml (no file when undefined). */
async function withSettings(text: string | undefined): Promise<string> {
  const root = tempDir();
  if (text !== undefined) await writeFile(join(root, 'flexflow-sync.yaml'), text);
  return root;
}

describe('loadSettings', () => {
  it.each([
    { name: 'missing default file', text: undefined, expected: DEFAULT_SETTINGS },
    { name: 'empty file', text: '', expected: DEFAULT_SETTINGS },
    {
      name: 'every key',
      text: 'prune: true\nignore: ["Test *"]\nprotect: [Prod*]\nmax_delete_fraction: 0.5\nmin_live_for_delete_guard: 3\nmax_update_fraction: 0.6\nrate_limits: { create: 20, update: 10.5 }\n',
      expected: {
        prune: true,
        ignore: ['Test *'],
        protect: ['Prod*'],
        maxDeleteFraction: 0.5,
        minLiveForDeleteGuard: 3,
        maxUpdateFraction: 0.6,
        rateLimits: { create: 20, update: 10.5 },
      },
    },
  ])('$name', async ({ text, expected }) => {
    expect((await loadSettings({ cwd: await withSettings(text) })).settings).toEqual(expected);
  });

  it.each([
    {
      name: 'all mistakes at once, with positions',
      text: 'prune: yes\nmax_delete_fraction: 2\npurne: true\n',
      expected:
        'flexflow-sync.yaml:1:8: prune must be true or false, got "yes"\nflexflow-sync.yaml:2:22: max_delete_fraction must be between 0 and 1, got 2\nflexflow-sync.yaml:3:1: unknown key "purne"; did you mean "prune"?',
    },
    {
      name: 'rate limits: a rate too small for a timer and an unknown endpoint',
      text: 'rate_limits:\n  create: 1e-7\n  craete: 5\n',
      expected:
        'flexflow-sync.yaml:2:11: rate_limits.create must be at least 0.01, got 1e-7\nflexflow-sync.yaml:3:3: unknown key "craete" in rate_limits; did you mean "create"?',
    },
    {
      name: 'a list, not a mapping',
      text: '- prune: true\n',
      expected: 'flexflow-sync.yaml:1:1: the settings file must be a mapping, got a list',
    },
    {
      name: 'two documents',
      text: 'prune: true\n---\nprune: false\n',
      expected:
        'flexflow-sync.yaml:3:1: another YAML document starts here, and the settings file holds one: remove the --- above and what follows it',
    },
    {
      name: 'three documents: each extra one, where it starts',
      text: 'prune: true\n---\nprune: false\n---\nprune: true\n',
      expected: [3, 5]
        .map(
          (line) =>
            `flexflow-sync.yaml:${line}:1: another YAML document starts here, and the settings file holds one: remove the --- above and what follows it`,
        )
        .join('\n'),
    },
    {
      name: 'YAML syntax',
      text: 'ignore: [a\n',
      expected:
        'flexflow-sync.yaml:2:1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
    },
  ])('$name', async ({ text, expected }) => {
    const loaded = await loadSettings({ cwd: await withSettings(text) });
    expect(loaded.problems.map(formatProblem).join('\n')).toBe(expected);
    expect(loaded.settings).toBe(DEFAULT_SETTINGS);
  });

  it('each problem is a value with its rule, at the offending key or value', async () => {
    const loaded = await loadSettings({ cwd: await withSettings('ignore: [a]\nrate_limits:\n  craete: 5\n') });
    expect(loaded.problems).toEqual([
      {
        file: 'flexflow-sync.yaml',
        line: 3,
        column: 3,
        rule: 'unknown-key',
        message: 'unknown key "craete" in rate_limits; did you mean "create"?',
      },
    ]);
  });

  it('a --config that names a folder is a user error, not a crash', async () => {
    const root = await withSettings(undefined);
    await mkdir(join(root, 'conf.yaml'));
    expect((await loadSettings({ cwd: root, configPath: 'conf.yaml' })).problems.map(formatProblem)).toEqual([
      'conf.yaml:1:1: not a regular file (a folder, pipe or device); name a plain YAML file',
    ]);
  });

  it('an explicit --config that is missing is an error', async () => {
    await expect(loadSettings({ cwd: await withSettings(undefined), configPath: 'prod.yaml' })).rejects.toThrow(
      'settings file prod.yaml not found (--config)',
    );
  });
});

describe('compileGlobs', () => {
  it.each([
    { name: 'Support / SMS', globs: ['Support*'], expected: true },
    { name: 'support', globs: ['Support*'], expected: false },
    { name: 'Test 1', globs: ['Prod', 'Test ?'], expected: true },
    { name: 'anything', globs: [], expected: false },
  ])('$name against $globs → $expected', ({ name, globs, expected }) => {
    expect(compileGlobs(globs)(name)).toBe(expected);
  });
});
