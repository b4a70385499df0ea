/**
 * bin/flexflow-sync.js runs the CLI bundled by `npm run build` (scripts/bundleCli.ts), not the files
 * tsc writes: what only a bundle can get wrong is checked here, in a process of its own. The bundle
 * carries the version (no package.json beside it) and finds schema/ from its own folder.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useTempDir } from './helpers/tempDir.js';
import { emulatorEnv, useEmulator } from './helpers/withEmulator.js';
import { clientFor } from './helpers/flexClient.js';
import { webFlow } from './helpers/fixtures.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(root, 'bin/flexflow-sync.js');

async function runBin(args: readonly string[], options: { cwd: string; env?: Record<string, string> }) {
  return promisify(execFile)(process.execPath, [BIN, ...args], { cwd: options.cwd, env: { PATH: process.env.PATH, ...options.env } });
}

describe('the bundled CLI (bin/flexflow-sync.js; built by npm run build)', () => {
  const emulator = useEmulator();
  const tempDir = useTempDir('flexflow-bundle-');

  it("prints package.json's version and validates the example flows", async () => {
    const { version } = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { version: string };
    expect((await runBin(['--version'], { cwd: root })).stdout).toBe(`${version}\n`);
    const validate = await runBin(['validate'], { cwd: root });
    expect(validate.stderr).toMatch(/: valid\n$/);
  });

  it("exports files whose $schema names the published schema of the bundle's version, even from a checkout above the flows folder", async () => {
    const { version } = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { version: string };
    await clientFor(emulator()).create(webFlow('Web Chat'));
    // From the repository, which is not the project of a folder outside it: a path would name this machine.
    await runBin(['export', '--dir', tempDir()], { cwd: root, env: emulatorEnv(emulator()) });
    const written = await readFile(path.join(tempDir(), 'flows.yaml'), 'utf8');
    expect(/\$schema=(\S+)/.exec(written)?.[1]).toBe(`https://unpkg.com/flexflow-sync@${version}/schema/flexflow.schema.json`);
  });

  it('says in one line to run npm run build when the bundle is missing or broken, without a stack trace', async () => {
    const copy = tempDir();
    await cp(path.join(root, 'bin'), path.join(copy, 'bin'), { recursive: true });
    // The copy's bin looks for ../dist/cli-bundle/main.js beside itself, where there is none yet.
    const failure = async () =>
      (await promisify(execFile)(process.execPath, [path.join(copy, 'bin/flexflow-sync.js'), '--version'], {
        cwd: copy,
        env: { PATH: process.env.PATH },
      }).then(
        () => expect.unreachable('the bin ran without its bundle'),
        (rejected: unknown) => rejected,
      )) as { code: number; stdout: string; stderr: string };
    const missing = await failure();
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(
      /^flexflow-sync: cannot load dist\/cli-bundle\/main\.js \(Cannot find module .*\); run npm run build\n$/,
    );
    await mkdir(path.join(copy, 'dist/cli-bundle'), { recursive: true });
    await writeFile(path.join(copy, 'dist/cli-bundle/main.js'), 'export const main = (;\n');
    const broken = await failure();
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^flexflow-sync: cannot load dist\/cli-bundle\/main\.js \(.+\); run npm run build\n$/);
  });
});
