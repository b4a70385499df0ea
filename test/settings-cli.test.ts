import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliRaw } from './helpers/cli.js';
import { useTempDir } from './helpers/tempDir.js';
import { emulatorEnv, useEmulator } from './helpers/withEmulator.js';

const IGNORED_FLOW =
  'friendly_name: tmp-chat\nchat_service_sid: IS' +
  'a'.repeat(32) +
  '\nchannel_type: web\nintegration_type: external\nintegration:\n  url: https://hooks.example.com/\n';

/** `home/work/repo/flows/a.yaml`, a flow that `ignore: ["tmp-*"]` matches, so validate shows which settings it read. */
async function repoIn(home: string, options: { git: boolean }): Promise<string> {
  const repo = join(home, 'work', 'repo');
  await mkdir(join(repo, 'flows'), { recursive: true });
  if (options.git) await mkdir(join(repo, '.git'));
  await writeFile(join(repo, 'flows', 'a.yaml'), IGNORED_FLOW);
  return repo;
}

const IGNORED_WARNING =
  'work/repo/flows/a.yaml:1:1: warning: "tmp-chat" is declared but ignored (it matches ignore in the settings): it will never be applied\n';

describe('where the settings file is found', () => {
  const home = useTempDir('ffs-settings-home-');

  it('beside the git root above --dir, as flexflow-sync.yml, when the working directory has none', async () => {
    const repo = await repoIn(home(), { git: true });
    await mkdir(join(repo, 'flows', 'nested'));
    await writeFile(join(repo, 'flexflow-sync.yml'), 'ignore: ["tmp-*"]\n');
    const result = await runCliRaw(['validate', '--dir', 'work/repo/flows'], { cwd: home() });
    expect(result).toEqual({
      code: 0,
      stdout: '',
      stderr: `settings: work/repo/flexflow-sync.yml\n${IGNORED_WARNING}1 flow in 1 file: valid\n`,
    });
  });

  it('in the folder above --dir when no git root is above it', async () => {
    const repo = await repoIn(home(), { git: false });
    await writeFile(join(repo, 'flexflow-sync.yaml'), 'ignore: ["tmp-*"]\n');
    const result = await runCliRaw(['validate', '--dir', 'work/repo/flows'], { cwd: home() });
    expect(result.stderr).toBe(`settings: work/repo/flexflow-sync.yaml\n${IGNORED_WARNING}1 flow in 1 file: valid\n`);
  });

  it('the working directory first, and --config above both', async () => {
    const repo = await repoIn(home(), { git: true });
    await writeFile(join(repo, 'flexflow-sync.yaml'), 'ignore: ["tmp-*"]\n');
    await writeFile(join(home(), 'flexflow-sync.yaml'), 'prune: false\n');
    await writeFile(join(home(), 'other.yaml'), 'ignore: ["tmp-*"]\n');
    expect((await runCliRaw(['validate', '--dir', 'work/repo/flows'], { cwd: home() })).stderr).toBe(
      'settings: flexflow-sync.yaml\n1 flow in 1 file: valid\n',
    );
    expect((await runCliRaw(['validate', '--dir', 'work/repo/flows', '--config', 'other.yaml'], { cwd: home() })).stderr).toBe(
      `settings: other.yaml\n${IGNORED_WARNING}1 flow in 1 file: valid\n`,
    );
  });

  it('says when there is none, and refuses two at once', async () => {
    const repo = await repoIn(home(), { git: true });
    expect((await runCliRaw(['validate', '--dir', 'work/repo/flows'], { cwd: home() })).stderr).toBe(
      'no settings file: defaults\n1 flow in 1 file: valid\n',
    );
    await writeFile(join(repo, 'flexflow-sync.yaml'), '');
    await writeFile(join(repo, 'flexflow-sync.yml'), '');
    expect(await runCliRaw(['validate', '--dir', 'work/repo/flows'], { cwd: home() })).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: both work/repo/flexflow-sync.yaml and work/repo/flexflow-sync.yml exist; keep one, or pick one with --config\n',
    });
  });

  describe('plan from another folder', () => {
    const emulator = useEmulator({ seed: 1 });

    it("honours the repository's prune: true (it was silently ignored)", async () => {
      const repo = await repoIn(home(), { git: true });
      await writeFile(join(repo, 'flexflow-sync.yaml'), 'prune: true\n');
      emulator().preload([{ friendly_name: 'made by hand' }]);
      const result = await runCliRaw(['plan', '--dir', 'work/repo/flows'], { cwd: home(), env: emulatorEnv(emulator()) });
      expect(result.stderr).toBe('settings: work/repo/flexflow-sync.yaml\n');
      expect(result.stdout.split('\n')[0]).toBe('Plan: 1 to create, 0 to update, 1 to delete, 0 unchanged');
    });
  });
});
