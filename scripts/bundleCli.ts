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
import { build } from 'esbuild';
import { nodeBundleOptions, root } from './esbuildNode.js';

const OUTDIR = 'dist/cli-bundle';

await rm(path.join(root, OUTDIR), { recursive: true, force: true });
await build({
  ...(await nodeBundleOptions()),
  entryPoints: { main: 'src/cli/main.ts' },
  outdir: OUTDIR,
  splitting: true,
});
