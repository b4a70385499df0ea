import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parsePlanFile } from '../src/plan/planFile.js';
import { PLAN_COMMENT_MARKER } from '../src/render/markdown.js';
import { runCli, type CliRun } from './helpers/cli.js';
import { clientFor } from './helpers/flexClient.js';
import { useTempDir, writeFlowsFolder } from './helpers/tempDir.js';
import { emulatorEnv, useEmulator } from './helpers/withEmulator.js';
import { CHAT_SERVICE, FLOW_FILES, SUPPORT_SMS, WEB_CHAT } from './helpers/fixtures.js';

describe('flexflow-sync plan (against the emulator)', () => {
  const emulator = useEmulator({ seed: 1 });
  const cwd = useTempDir('flexflow-plan-');

  beforeEach(async () => {
    await writeFlowsFolder(cwd(), FLOW_FILES);
  });

  function run(...args: string[]): Promise<CliRun> {
    return runCli(['plan', ...args], { cwd: cwd(), env: emulatorEnv(emulator()) });
  }

  it('on an empty account plans two creates (exit 2 with --detailed-exitcode)', async () => {
    const result = await run('--detailed-exitcode');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(2);
    expect(result.stdout.split('\n')[0]).toBe('Plan: 2 to create, 0 to update, 0 to delete, 0 unchanged');
    expect(result.stdout).not.toContain('s3cret');
  });

  it('refuses, before any write, a plan that would leave the account above 2,500 flows', async () => {
    emulator().preload(Array.from({ length: 2499 }, (_, i) => ({ friendly_name: `made by hand ${i}` })));
    const result = await run();
    expect(result).toMatchObject({
      code: 1,
      stdout: '',
      stderr:
        'error: refusing a plan that would leave 2,501 flows in the account (2,499 live + 2 to create - 0 to delete); ' +
        'Twilio allows at most 2,500 per account: declare fewer flows, or delete unused ones (prune: true)\n',
    });
    expect(Object.keys(emulator().stats().by_method)).toEqual(['GET']);
  });

  it('on a matching account shows no changes (exit 0 with --detailed-exitcode)', async () => {
    const client = clientFor(emulator());
    await client.create(SUPPORT_SMS);
    await client.create(WEB_CHAT);
    const result = await run('--detailed-exitcode');
    expect(result).toEqual({ code: 0, stdout: 'No changes. 2 flows unchanged.\n', stderr: '' });
  });

  it('on a drifted account shows the drift (exit 2 with --detailed-exitcode)', async () => {
    const client = clientFor(emulator());
    const sms = await client.create(SUPPORT_SMS);
    await client.create(WEB_CHAT);
    await client.update(sms.sid, { enabled: false, integration: { retry_count: 3 } });
    const result = await run('--detailed-exitcode');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe(
      [
        'Plan: 0 to create, 1 to update, 0 to delete, 1 unchanged',
        '',
        `~ "Support SMS" (${sms.sid})`,
        '    enabled: false → true',
        '    integration.retry_count: 3 → 1',
        '',
      ].join('\n'),
    );
  });

  it('without --detailed-exitcode exits 0 even with changes', async () => {
    expect((await run()).code).toBe(0);
  });

  it('--out saves the JSON plan and --format markdown prints the comment', async () => {
    const result = await run('--format', 'markdown', '--out', 'plan.json');
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith(`${PLAN_COMMENT_MARKER}\n`)).toBe(true);
    expect(result.stderr).toBe('Saved the plan to plan.json; run `flexflow-sync apply plan.json` to apply exactly this plan.\n');
    const saved = await readFile(join(cwd(), 'plan.json'), 'utf8');
    expect(saved).not.toContain('s3cret');
    expect(parsePlanFile(saved).summary).toEqual({ create: 2, update: 0, replace: 0, delete: 0, noop: 0, migrate: 0 });
  });

  it('--format json carries the live counts the safety rails weighed: every live flow, and those not ignored', async () => {
    const client = clientFor(emulator());
    await client.create(SUPPORT_SMS);
    await client.create({ ...WEB_CHAT, friendly_name: 'scratch web' });
    await writeFile(join(cwd(), 'flexflow-sync.yaml'), 'ignore: ["scratch *"]\n');
    const result = await run('--format', 'json');
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect((JSON.parse(result.stdout) as { live_counts: unknown }).live_counts).toEqual({ 'flex-flow': { total: 2, managed: 1 } });
  });

  it('refuses a mass delete, saying how to raise the limit', async () => {
    const client = clientFor(emulator());
    for (let i = 0; i < 10; i += 1) await client.create({ ...SUPPORT_SMS, friendly_name: `old ${i}`, contact_identity: `+1555000200${i}` });
    await writeFile(join(cwd(), 'flexflow-sync.yaml'), 'prune: true\n');
    const refusal =
      'refusing to delete 10 of 10 live flows (100%), more than the allowed 30%; if that is intended, raise the limit with --max-delete-fraction 1 or max_delete_fraction: 1 in flexflow-sync.yaml';
    const result = await run('--out', 'plan.json');
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 1, stderr: `error: ${refusal}\n` });
    // The refused plan is shown first, so a reviewer sees what would have been deleted; it is not saved.
    expect(result.stdout).toMatch(
      new RegExp(
        `^Plan: 2 to create, 0 to update, 10 to delete, 0 unchanged\nREFUSED, nothing will be applied: ${refusal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n`,
      ),
    );
    expect(result.stdout).toContain('\n- "old 9" (FO');
    await expect(readFile(join(cwd(), 'plan.json'))).rejects.toThrow('ENOENT');
    // JSON is the plan file's form, which apply reads: a refused plan is never printed in it.
    expect(await run('--format', 'json')).toEqual({ code: 1, stdout: '', stderr: `error: ${refusal}\n` });
    const markdown = await run('--format', 'markdown');
    expect(markdown.stdout).toContain(
      '## flexflow-sync plan\n\n> [!CAUTION]\n> **REFUSED, nothing will be applied:** refusing to delete 10 of 10 live flows',
    );
    expect(markdown.stdout).toContain('<summary>Delete (10)</summary>');
    const raised = await run('--max-delete-fraction', '1');
    expect(raised.code).toBe(0);
    expect(raised.stdout.split('\n')[0]).toBe('Plan: 2 to create, 0 to update, 10 to delete, 0 unchanged');
  });

  it('prints every problem in the flow files, writes nothing and drops the listing it started', async () => {
    await writeFile(join(cwd(), 'flows', 'bad.yaml'), `friendly_name: Bad\nchat_service_sid: ${CHAT_SERVICE}\nchannel_type: pigeon\n`);
    const result = await run('--detailed-exitcode');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^flows\/bad\.yaml:3:\d+: [^\n]*pigeon[^\n]*\n/);
    expect(result.stderr.endsWith('error: 1 problem in the flow files; fix them and run again\n')).toBe(true);
    // The listing runs while the files load: its first page at most, and never a write.
    expect(emulator().stats().requests).toBeLessThanOrEqual(1);
    expect(Object.keys(emulator().stats().by_method).filter((method) => method !== 'GET')).toEqual([]);
  });

  it('with no flow files and prune on, deletes nothing and warns', async () => {
    await rm(join(cwd(), 'flows'), { recursive: true });
    await mkdir(join(cwd(), 'flows'));
    await writeFile(join(cwd(), 'flexflow-sync.yaml'), 'prune: true\n');
    await clientFor(emulator()).create(SUPPORT_SMS);
    const result = await run('--detailed-exitcode');
    expect(result).toEqual({
      code: 0,
      stdout: 'No changes. 0 flows unchanged.\n\nNot managed, kept (no file declares them): 1 flow\n    "Support SMS"\n',
      stderr: 'warning: no flow files (.yaml, .yml) under flows; no flow is managed and nothing will be deleted\n',
    });
  });

  it.each([
    {
      args: ['--max-delete-fraction', '2'],
      stderr:
        'error: --max-delete-fraction must be a number from 0 to 1 (0.5 allows deleting half the live resources of a kind), not "2"\n',
    },
  ])('rejects $args', async ({ args, stderr }) => {
    expect(await run(...args)).toMatchObject({ code: 1, stderr });
  });
});
