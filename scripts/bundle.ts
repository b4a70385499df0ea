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
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUTFILE = 'dist/action/index.js';

/**
 * src/version.ts reads ../package.json beside the compiled file, which the bundle does not have:
 * the bundle carries the version it was built from instead.
 */
function packageVersion(version: string): Plugin {
  return {
    name: 'package-version',
    setup(builder) {
      builder.onLoad({ filter: /[\\/]src[\\/]version\.ts$/ }, () => ({
        contents: `export const PACKAGE_VERSION = ${JSON.stringify(version)};\n`,
        loader: 'ts',
      }));
    },
  };
}

async function bundle(): Promise<string> {
  const { version } = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { version: string };
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['src/action/index.ts'],
    outfile: OUTFILE,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    // Some dependencies are CommonJS: they call require() for Node's built-in modules, and
    // write-file-atomic salts its temporary file names with __filename.
    banner: {
      js: [
        "import { createRequire as __createRequire } from 'node:module';",
        "import { fileURLToPath as __fileURLToPath } from 'node:url';",
        'const require = __createRequire(import.meta.url);',
        'const __filename = __fileURLToPath(import.meta.url);',
      ].join('\n'),
    },
    legalComments: 'eof',
    charset: 'utf8',
    sourcemap: false,
    write: false,
    logLevel: 'warning',
    plugins: [packageVersion(version)],
  });
  const [output] = result.outputFiles;
  if (output === undefined || result.outputFiles.length !== 1) throw new Error(`esbuild wrote ${result.outputFiles.length} files, expected 1`);
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
