/**
 * What the two bundles have in common, the action's (scripts/bundle.ts) and the CLI's
 * (scripts/bundleCli.ts): an ES module for Node 20 with the CommonJS dependencies' require() and
 * __filename, and the package version carried in.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions, Plugin } from 'esbuild';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

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

/** The options both bundles build with; each adds its entry points and where they go. */
export async function nodeBundleOptions(): Promise<BuildOptions> {
  const { version } = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { version: string };
  return {
    absWorkingDir: root,
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
    logLevel: 'warning',
    plugins: [packageVersion(version)],
  };
}
