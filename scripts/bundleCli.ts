/**
 * `npm run build` (after tsc): the CLI that bin/flexflow-sync.js runs, src/cli/main.ts with everything
 * it imports, as a few files in dist/cli-bundle/: the entry, one chunk per command (each still loaded
 * only when its command runs) and the chunks they share. Node 20 pays for every module file it
 * resolves and loads: importing the yaml library, 72 CommonJS files, cost 58 ms of CPU, and 8 ms as
 * one bundled file; commander 18 ms against 5. `npm run bench -- --only startup` measures the result.
 *
 * The folder is two levels deep like dist/export/, so src/export/schemaRef.ts finds schema/ alike.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';
import { nodeBundleOptions, root } from './esbuildNode.js';

const OUTDIR = 'dist/cli-bundle';

/**
 * commander requires node:child_process at load for executable subcommands (`program.command(name,
 * description)`), which this CLI does not have; Node then compiles child_process, dgram and their
 * internals on every run. commander gets a stand-in that loads the real module on first use.
 */
const lazyChildProcessForCommander: Plugin = {
  name: 'lazy-child-process-for-commander',
  setup(builder) {
    builder.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'lazy-child-process' } : undefined,
    );
    builder.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_, name) => require('node:child_process')[name] });",
      loader: 'js',
    }));
  },
};

await rm(path.join(root, OUTDIR), { recursive: true, force: true });
const options = await nodeBundleOptions();
await build({
  ...options,
  plugins: [...(options.plugins ?? []), lazyChildProcessForCommander],
  entryPoints: { main: 'src/cli/main.ts' },
  outdir: OUTDIR,
  splitting: true,
});
