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

  it('plan --format json --out writes one document to both, and show --format json prints it byte for byte (atk-20 #3, #10)', async () => {
    const cwd = dir();
    await writeFlowsFolder(cwd, FLOW_FILES);
    const planned = await runCli(['plan', '--format', 'json', '--out', 'p.json'], { cwd, env: emulatorEnv(emulator()) });
    expect(planned.code).toBe(0);
    const saved = readFileSync(path.join(cwd, 'p.json'), 'utf8');
    expect(saved).toContain('"redaction_salt"');
    expect(planned.stdout).toBe(saved);
    expect(await runCli(['show', 'p.json', '--format', 'json'], { cwd, env: {} })).toMatchObject({ code: 0, stdout: saved });
  });

  it('refuses a plan file nested deeper than any plan, in one line naming the file, in show and apply (atk-20 #5)', async () => {
    const { cwd } = await savedPlan();
    const text = readFileSync(path.join(cwd, 'p.json'), 'utf8').replace(
      '"unmanaged": [',
      `"junk": ${'['.repeat(3000)}${']'.repeat(3000)}, "unmanaged": [`,
    );
    writeFileSync(path.join(cwd, 'deep.json'), text);
    const line =
      'error: plan file deep.json nests deeper than 32 levels, which no plan does; write it again with `flexflow-sync plan --out FILE`\n';
    expect(await runCli(['show', 'deep.json'], { cwd, env: {} })).toEqual({ code: 1, stdout: '', stderr: line });
    expect(await runCli(['apply', 'deep.json', '--dry-run'], { cwd, env: emulatorEnv(emulator()) })).toMatchObject({
      code: 1,
      stderr: line,
    });
  });

  it('refuses a plan file in UTF-16 in one line naming the file and the fix (atk-20 #9)', async () => {
    const { cwd } = await savedPlan();
    const text = readFileSync(path.join(cwd, 'p.json'), 'utf8');
    writeFileSync(path.join(cwd, 'u16.json'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    writeFileSync(path.join(cwd, 'bom.json'), `\uFEFF${text}`);
    expect(await runCli(['show', 'u16.json'], { cwd, env: {} })).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'error: plan file u16.json is UTF-16, not UTF-8; save it with `flexflow-sync plan --out FILE`, or in PowerShell pipe it to `Out-File -Encoding utf8 FILE` instead of `>`\n',
    });
    expect(await runCli(['show', 'bom.json', '--format', 'json'], { cwd, env: {} })).toMatchObject({ code: 0, stdout: text });
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
