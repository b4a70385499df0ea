/**
 * `npm run build` (after tsc): the CLI that bin/flexflow-sync.js runs, src/cli/main.ts with everything
 * it imports, as a few files in dist/cli-bundle/: the entry, one chunk per command (each still loaded
 * only when its command runs) and the chunks they share. Node 20 pays for every module file it
 * resolves and loads: importing the yaml library, 72 CommonJS files, cost 58 ms of CPU, and 8 ms as
 * one bundled file; commander 18 ms against 5. `npm run bench -- --only startup` measures the result.
 *
 * The folder is two levels deep like dist/export/, so src/export/schemaRef.ts finds schema/ alike.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build, transform, type OutputFile, type Plugin } from 'esbuild';
import { nodeBundleOptions, root } from './esbuildNode.js';

const OUTDIR = 'dist/cli-bundle';

/**
 * A module imported by `importer` that is loaded only on its first use (a call, or reading one of its
 * properties): the import gets a stand-in that require()s `request` then. `request` is not bundled
 * into the stand-in: a Node built-in, or a file of its own beside the chunks.
 */
function loadedOnFirstUse(name: string, imported: RegExp, importer: RegExp, request: string): Plugin {
  const namespace = `first-use-${name}`;
  return {
    name: namespace,
    setup(builder) {
      builder.onResolve({ filter: imported }, (args) => (importer.test(args.importer) ? { path: name, namespace } : undefined));
      builder.onResolve({ filter: /.*/, namespace }, (args) => ({ path: args.path, external: true }));
      builder.onLoad({ filter: /.*/, namespace }, () => ({
        contents: [
          'let loaded;',
          `const load = () => (loaded ??= require(${JSON.stringify(request)}));`,
          'module.exports = new Proxy(function () {}, {',
          '  apply: (_, self, args) => Reflect.apply(load(), self, args),',
          '  get: (_, key) => load()[key],',
          '});',
        ].join('\n'),
        loader: 'js',
      }));
    },
  };
}

/**
 * commander requires node:child_process at load for executable subcommands (`program.command(name,
 * description)`), which this CLI does not have; Node then compiles child_process, dgram and their
 * internals on every run.
 */
const lazyChildProcessForCommander = loadedOnFirstUse(
  'child_process',
  /^node:child_process$/,
  /[\\/]node_modules[\\/]commander[\\/]/,
  'node:child_process',
);

/**
 * picomatch (60 KB) compiles only the settings' `ignore` and `protect` globs, which are empty unless
 * a team writes some: it is a CommonJS file of its own, picomatch.cjs, required on the first glob.
 */
const PICOMATCH_FILE = 'picomatch.cjs';
const lazyPicomatch = loadedOnFirstUse('picomatch', /^picomatch$/, /[\\/]src[\\/]settings[\\/]globs\.ts$/, `./${PICOMATCH_FILE}`);

/**
 * bin/flexflow-sync.js loads main.js by require() where Node can (without starting its ES module
 * loader); each chunk then loads the chunks it imports dynamically (a command, the yaml library) the
 * way it was itself loaded, so that a run loaded by require() never starts that loader either.
 * esbuild writes those loads as `import("./chunk-….js")`; they become `__importChunk("./chunk-….js")`.
 *
 * How a chunk tells: Node puts a module that require() loads, ES module or not, in require.cache
 * (Module._cache) under its file name, and one that import() loads not. Node does not document that
 * for ES modules (20.19 and 22.12+ do it); were it to stop, every chunk would be imported as before
 * this, which still runs, only slower (test/cli-startup.test.ts checks that main.js is required).
 * require() refuses a module with top-level await, so the build refuses one (checkNoTopLevelAwait).
 */
const CHUNK_IMPORT = 'import("./';
const IMPORT_CHUNK = [
  'const __importChunk = (chunk) =>',
  '  require.cache[__filename] === undefined ? import(chunk) : Promise.resolve().then(() => require(chunk));',
].join('\n');

/**
 * esbuild's metafile does not say whether a chunk awaits at its top level, but its CommonJS output
 * cannot hold such an await: converting each chunk fails on one, with the line that holds it.
 */
async function checkNoTopLevelAwait(files: readonly OutputFile[]): Promise<void> {
  for (const file of files) {
    await transform(file.text, { loader: 'js', format: 'cjs', logLevel: 'silent' }).catch((error: unknown) => {
      const found = error instanceof Error ? error.message.split('\n').slice(1).join('\n') : String(error);
      throw new Error(
        `${path.relative(root, file.path)} cannot be loaded by require() in bin/flexflow-sync.js:\n${found}\n` +
          'Move the top-level await into a function, or load that module with import().',
      );
    });
  }
}

await rm(path.join(root, OUTDIR), { recursive: true, force: true });
const options = await nodeBundleOptions();
const result = await build({
  ...options,
  banner: { js: `${options.banner?.js ?? ''}\n${IMPORT_CHUNK}` },
  plugins: [...(options.plugins ?? []), lazyChildProcessForCommander, lazyPicomatch],
  entryPoints: { main: 'src/cli/main.ts' },
  outdir: OUTDIR,
  splitting: true,
  write: false,
  metafile: true,
});
const chunkImports = Object.values(result.metafile.outputs).flatMap((output) =>
  output.imports.filter((entry) => entry.kind === 'dynamic-import' && entry.external !== true),
).length;
await checkNoTopLevelAwait(result.outputFiles);
let rewritten = 0;
await mkdir(path.join(root, OUTDIR), { recursive: true });
for (const file of result.outputFiles) {
  const parts = file.text.split(CHUNK_IMPORT);
  rewritten += parts.length - 1;
  await writeFile(file.path, parts.join(`__importChunk("./`));
}
if (rewritten !== chunkImports)
  throw new Error(
    `found ${rewritten} of the bundle's ${chunkImports} dynamic chunk imports as ${CHUNK_IMPORT}…: update scripts/bundleCli.ts`,
  );
await build({
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  legalComments: 'eof',
  logLevel: 'warning',
  entryPoints: [createRequire(import.meta.url).resolve('picomatch')],
  outfile: path.join(OUTDIR, PICOMATCH_FILE),
});
