/**
 * What a run of the bundled CLI loads at start (issue 16: `--help` at most 2× and `validate` of the
 * example repository at most 3× `node -e 0`). Timing is bench/startup.ts's; this checks, without a
 * clock, that what made the start fast stays so: a module hook records every file the run loads, and
 * esbuild's `// path` comment before each module in the bundle says what those files hold.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useTempDir } from './helpers/tempDir.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(root, 'bin/flexflow-sync.js');
const BUNDLE = path.join(root, 'dist/cli-bundle');

/** Loaded by `--import`: records the ES modules (through a module hook) and, at exit, the CommonJS files. */
const RECORDER = `
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';
register(${JSON.stringify(
  `data:text/javascript,${encodeURIComponent(`
import { appendFileSync } from 'node:fs';
export async function load(url, context, nextLoad) {
  appendFileSync(process.env.LOADED_LIST, url + '\\n');
  return nextLoad(url, context);
}`)}`,
)});
const require = createRequire(import.meta.url);
process.on('exit', () => {
  for (const file of Object.keys(require.cache)) appendFileSync(process.env.LOADED_LIST, pathToFileURL(file).href + '\\n');
});
`;

interface Loaded {
  /** The bundle's files the run loaded, by name (`main.js`, `chunk-….js`, `picomatch.cjs`). */
  readonly files: readonly string[];
  /** The source modules in them, by esbuild's comments: `src/flows/load.ts`, `node_modules/commander/index.js`. */
  readonly modules: ReadonlySet<string>;
  readonly stderr: string;
}

async function loadedBy(args: readonly string[], cwd: string, tempDir: string): Promise<Loaded> {
  const recorder = path.join(tempDir, 'recorder.mjs');
  const list = path.join(tempDir, 'loaded.txt');
  await writeFile(recorder, RECORDER);
  await writeFile(list, '');
  // Node 20's module hooks see only what import() loads, not an ES module that require() loads, so the
  // bin is made to import the bundle (the next test checks both ways); the files it loads are the same.
  const node = ['--no-experimental-require-module', '--import', pathToFileURL(recorder).href];
  const { stderr } = await promisify(execFile)(process.execPath, [...node, BIN, ...args], {
    cwd,
    env: { PATH: process.env.PATH, LOADED_LIST: list },
  });
  const bundleUrl = `${pathToFileURL(BUNDLE).href}/`;
  const files = [
    ...new Set(
      (await readFile(list, 'utf8'))
        .split('\n')
        .filter((url) => url.startsWith(bundleUrl))
        .map((url) => url.slice(bundleUrl.length)),
    ),
  ].sort();
  const modules = new Set<string>();
  for (const file of files) {
    for (const [, module] of (await readFile(path.join(BUNDLE, file), 'utf8')).matchAll(/^\/\/ ((?:src|node_modules)\/\S+)$/gm))
      modules.add(module as string);
  }
  return { files, modules, stderr };
}

/** What a start of `validate` must not load: the API client, the spinner, plan and apply rendering, compilers it does not need. */
const NOT_AT_VALIDATE = [
  'node_modules/picomatch/', // the settings' ignore and protect lists are empty
  'node_modules/yaml/', // the example files are plain enough for the hand-written reader
  'node_modules/ajv/', // the validators are compiled at build time
  'node_modules/got/',
  'node_modules/ora/',
  'node_modules/diff/',
  'src/api/',
  'src/apply/',
  'src/render/github.ts',
  'src/render/apply.ts',
  'src/render/fields.ts',
  'src/plan/identity.ts',
  'src/plan/make.ts',
];

describe('what the bundled CLI loads at start (dist/cli-bundle; built by npm run build)', () => {
  const tempDir = useTempDir('flexflow-startup-');

  it('validate of the example repository loads the loaders and the validators, and nothing of the list above', async () => {
    const loaded = await loadedBy(['validate'], root, tempDir());
    expect(loaded.stderr).toMatch(/: valid\n$/);
    // The markers this test reads are there: a minified bundle would need another way to tell.
    expect(loaded.modules).toContain('src/flows/load.ts');
    expect(loaded.modules).toContain('src/flows/checkSchema.generated.ts');
    expect(loaded.modules).toContain('src/render/annotations.ts');
    expect([...loaded.modules].filter((module) => NOT_AT_VALIDATE.some((prefix) => module.startsWith(prefix)))).toEqual([]);
    expect(loaded.files).not.toContain('picomatch.cjs');
  });

  // The yaml library does load: the plan view holds the Markdown renderer, which writes values as YAML.
  it('show, offline, loads no API client, name resolver, spinner or schema compiler', async () => {
    const loaded = await loadedBy(['show', 'test/golden/plan.json'], root, tempDir());
    expect(loaded.modules).toContain('src/plan/planFile.ts');
    const offline = ['node_modules/got/', 'node_modules/ora/', 'node_modules/ajv/', 'src/api/', 'src/resolve/'];
    expect([...loaded.modules].filter((module) => offline.some((prefix) => module.startsWith(prefix)))).toEqual([]);
  });

  it('validate loads picomatch once a settings list holds a glob, and the glob works', async () => {
    const project = tempDir();
    await writeFile(path.join(project, 'flexflow-sync.yaml'), 'ignore: ["Web*"]\n');
    await writeFile(
      path.join(project, 'web.yaml'),
      'friendly_name: Web Chat\nchannel_type: web\nchat_service_sid: IS0123456789abcdef0123456789abcdef\nintegration_type: external\nintegration:\n  url: https://example.com/hook\n',
    );
    const loaded = await loadedBy(['validate', 'web.yaml'], project, tempDir());
    expect(loaded.stderr).toContain('"Web Chat" is declared but ignored');
    expect(loaded.files).toContain('picomatch.cjs');
  });

  it('the bin loads the bundle by require() where Node can, and by import() where it cannot', async () => {
    const recorder = path.join(tempDir(), 'required.cjs');
    await writeFile(
      recorder,
      "process.on('exit', () => process.stderr.write(Object.keys(require.cache).some((file) => file.endsWith('main.js')) ? 'required\\n' : 'imported\\n'));\n",
    );
    const run = async (node: readonly string[]) =>
      (
        await promisify(execFile)(process.execPath, [...node, '--require', recorder, BIN, 'validate'], {
          cwd: root,
          env: { PATH: process.env.PATH },
        })
      ).stderr;
    // Where require() loads ES modules, it does so without a warning except on 22.12 and 23.0–23.4 (bin/flexflow-sync.js).
    const quiet = process.features.require_module === true && !/^v(?:22\.12|23\.[0-4])\./.test(process.version);
    const byDefault = await run([]);
    expect(byDefault).toMatch(new RegExp(`: valid\\n${quiet ? 'required' : 'imported'}\\n$`));
    expect(byDefault).not.toContain('Warning');
    expect(await run(['--no-experimental-require-module'])).toMatch(/: valid\nimported\n$/);
  });

  it('--help loads no command: their lines come from the summaries', async () => {
    const loaded = await loadedBy(['--help'], root, tempDir());
    expect(loaded.modules).not.toContain('src/cli/commands/validate.ts');
    expect(loaded.modules).not.toContain('src/flows/load.ts');
    expect(loaded.files.filter((file) => !file.startsWith('chunk-') && file !== 'main.js')).toEqual([]);
  });
});
