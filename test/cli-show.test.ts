import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { FLOW_FILES } from './helpers/fixtures.js';
import { useTempDir, writeFlowsFolder } from './helpers/tempDir.js';
import { emulatorEnv, useEmulator } from './helpers/withEmulator.js';

describe('flexflow-sync show PLANFILE', () => {
  const emulator = useEmulator();
  const dir = useTempDir('flexflow-show-');

  async function savedPlan(): Promise<{ cwd: string; plan: Record<string, string> }> {
    const cwd = dir();
    await writeFlowsFolder(cwd, FLOW_FILES);
    const plan: Record<string, string> = {};
    for (const format of ['text', 'markdown'] as const) {
      const result = await runCli(['plan', '--format', format, '--out', 'p.json'], { cwd, env: emulatorEnv(emulator()) });
      expect(result.code).toBe(0);
      plan[format] = result.stdout;
    }
    return { cwd, plan };
  }

  it.each(['text', 'markdown'] as const)('--format %s prints what plan printed, offline, without the webhook password', async (format) => {
    const { cwd, plan } = await savedPlan();
    const result = await runCli(['show', 'p.json', '--format', format], { cwd, env: {} });
    expect(result).toEqual({
      code: 0,
      stdout: plan[format],
      stderr: `p.json: a plan for account ${emulator().accountSid} at ${new URL(emulator().url).host}\n`,
    });
    expect(result.stdout).not.toContain('s3cret');
  });

  it('--format json prints the saved document', async () => {
    const { cwd } = await savedPlan();
    const result = await runCli(['show', 'p.json', '--format', 'json'], { cwd, env: {} });
    expect(JSON.parse(result.stdout)).toEqual(JSON.parse(readFileSync(path.join(cwd, 'p.json'), 'utf8')));
    expect(result.stdout).not.toContain('s3cret');
  });

  it('refuses a file that is not a saved plan, as apply would', async () => {
    writeFileSync(path.join(dir(), 'p.json'), '{"format_version": 99}');
    const result = await runCli(['show', 'p.json'], { cwd: dir() });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: plan file has format_version 99, but this flexflow-sync reads version \d+; run `flexflow-sync plan --out FILE` again with this version\n$/,
    );
  });

  it('names a missing file and how to make one', async () => {
    expect(await runCli(['show', 'nope.json'], { cwd: dir() })).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: cannot read plan file nope.json: ENOENT; make one with `flexflow-sync plan --out nope.json`\n',
    });
  });
});
