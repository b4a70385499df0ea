/**
 * Builds the GitHub Action, src/action/index.ts with everything it imports, into the one committed
 * file dist/action/index.js that action.yml runs (no install step on the runner).
 *
 *   npm run bundle         write dist/action/index.js
 *   npm run check-dist     fail when the committed file is not what this source builds (CI)
 *
 * The output depends on the source, the lock file and the pinned esbuild only: no timestamps, no
 * absolute paths (esbuild names modules relative to the repository), no source map.
 */
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { nodeBundleOptions, root } from './esbuildNode.js';

const OUTFILE = 'dist/action/index.js';

async function bundle(): Promise<string> {
  const result = await build({
    ...(await nodeBundleOptions()),
    entryPoints: ['src/action/index.ts'],
    outfile: OUTFILE,
    write: false,
  });
  const [output] = result.outputFiles;
  if (output === undefined || result.outputFiles.length !== 1)
    throw new Error(`esbuild wrote ${result.outputFiles.length} files, expected 1`);
  return output.text;
}

const code = await bundle();
const target = path.join(root, OUTFILE);
if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = await readFile(target, 'utf8');
  } catch {
    committed = '';
  }
  if (committed !== code) {
    process.stderr.write(`${OUTFILE} is not what the source builds: run \`npm run bundle\` and commit ${OUTFILE}\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write(`${OUTFILE} is up to date\n`);
  }
} else {
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, code);
  process.stdout.write(`wrote ${OUTFILE} (${Buffer.byteLength(code)} bytes)\n`);
}
