import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { FlowFields } from '../src/model/flexFlow.js';
import { PLAN_FORMAT_VERSION } from '../src/plan/types.js';
import { runCli, type CliRun } from './helpers/cli.js';
import { clientFor } from './helpers/flexClient.js';
import { useTempDir } from './helpers/tempDir.js';
import { emulatorEnv, useEmulator } from './helpers/withEmulator.js';
import { CHAT_SERVICE, STUDIO_FLOW } from './helpers/fixtures.js';

const flow = (name: string, extra: string): string =>
  `friendly_name: ${name}\nchat_service_sid: ${CHAT_SERVICE}\nchannel_type: sms\nintegration_type: studio\nintegration:\n  flow_sid: ${STUDIO_FLOW}\n${extra}`;

const live = (friendly_name: string, contact_identity: string, enabled: boolean): FlowFields => ({
  friendly_name,
  chat_service_sid: CHAT_SERVICE,
  channel_type: 'sms',
  contact_identity,
  enabled,
  integration_type: 'studio',
  integration: { flow_sid: STUDIO_FLOW },
});

/**
 * Files declare "Support SMS" (live, but disabled: an update) and "Web Chat" (a create); "Legacy" is
 * live and declared by no file (a delete, prune being on).
 */
describe('plan and apply --target (against the emulator)', () => {
  const emulator = useEmulator({ seed: 1 });
  const cwd = useTempDir('flexflow-target-');

  beforeEach(async () => {
    await mkdir(join(cwd(), 'flows'));
    await writeFile(join(cwd(), 'flexflow-sync.yaml'), 'prune: true\n');
    await writeFile(join(cwd(), 'flows', 'sms.yaml'), flow('Support SMS', 'contact_identity: "+15550001111"\nenabled: true\n'));
    await writeFile(join(cwd(), 'flows', 'web.yaml'), flow('Web Chat', 'contact_identity: "+15550003333"\nenabled: true\n'));
    const client = clientFor(emulator());
    await client.create(live('Support SMS', '+15550001111', false));
    await client.create(live('Legacy', '+15550002222', true));
  });

  function run(...args: string[]): Promise<CliRun> {
    return runCli(args, { cwd: cwd(), env: emulatorEnv(emulator()) });
  }

  it('plans only the matching changes and lists those it left out', async () => {
    const result = await run('plan', '--target', 'Web*');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^Plan: 1 to create, 0 to update, 0 to delete, 0 unchanged\n\n\+ "Web Chat"\n/);
    expect(result.stdout).toContain('\nLeft out by --target "Web*": 2 changes:\n    delete "Legacy"\n    update "Support SMS"\n');
    expect(result.stdout).not.toContain('~ "Support SMS"');
  });

  it('records the targets and what it left out in the JSON plan, and in markdown', async () => {
    const json = await run('plan', '--format', 'json', '--target', 'Legacy', '--target', 'flex-flow:Web Chat');
    const plan = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(plan).toMatchObject({
      format_version: PLAN_FORMAT_VERSION,
      summary: { create: 1, update: 0, delete: 1, noop: 0 },
      targeting: { globs: ['Legacy', 'flex-flow:Web Chat'], left_out: [{ kind: 'flex-flow', key: 'Support SMS', action: 'update' }] },
    });
    const markdown = await run('plan', '--format', 'markdown', '--target', 'Legacy');
    expect(markdown.stdout).toContain('<summary>Left out by --target &quot;Legacy&quot;: 2 changes</summary>');
  });

  it('stops on a target that matches nothing, naming it on one line', async () => {
    for (const glob of ['Nope*', 'address-configuration:*']) {
      const result = await run('plan', '--target', 'Web*', '--target', glob);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(
        new RegExp(`^error: --target ${JSON.stringify(glob).replace(/[*]/g, '\\*')} matches no resource in the plan; [^\\n]*\\n$`),
      );
    }
  });

  it('refuses an empty target', async () => {
    for (const [glob, says] of [
      ['', '--target "" has no glob;'],
      ['flex-flow:', '--target "flex-flow:" has no glob after flex-flow:;'],
    ] as const) {
      const result = await run('plan', '--target', glob);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`^error: ${says.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} [^\n]*\n$`));
    }
  });

  it('applies only the targeted changes; a delete-only targeted plan is not taken for an empty folder', async () => {
    const applied = await run('apply', '--auto-approve', '--target', 'Legacy');
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect((await clientFor(emulator()).list()).map((resource) => resource.friendly_name).sort()).toEqual(['Support SMS']);
    const rest = await run('plan');
    expect(rest.stdout.split('\n')[0]).toBe('Plan: 1 to create, 1 to update, 0 to delete, 0 unchanged');
  });

  it('weighs the safety rails against the targeted changes only', async () => {
    await writeFile(join(cwd(), 'flexflow-sync.yaml'), 'prune: true\nmin_live_for_delete_guard: 1\n');
    expect((await run('plan', '--max-update-fraction', '0')).code).toBe(1);
    expect((await run('plan', '--max-update-fraction', '0', '--target', 'Web Chat')).code).toBe(0);
  });

  it('applies a saved targeted plan as saved, and refuses --target with a plan file', async () => {
    expect((await run('plan', '--target', 'Web Chat', '--out', 'plan.json')).code).toBe(0);
    expect(JSON.parse(await readFile(join(cwd(), 'plan.json'), 'utf8'))).toMatchObject({ targeting: { globs: ['Web Chat'] } });
    const refused = await run('apply', 'plan.json', '--auto-approve', '--target', 'Legacy');
    expect(refused).toMatchObject({ code: 1, stdout: '' });
    expect(refused.stderr).toMatch(/^error: --target cannot be given with a plan file \(plan\.json\)[^\n]*\n$/);
    const applied = await run('apply', 'plan.json', '--auto-approve');
    expect(applied.code).toBe(0);
    expect((await clientFor(emulator()).list()).map((resource) => resource.friendly_name).sort()).toEqual([
      'Legacy',
      'Support SMS',
      'Web Chat',
    ]);
  });

  it('refuses to target one side of a contact identity move, and applies both sides', async () => {
    // "Web Chat" now takes Legacy's number: the delete of Legacy must run first.
    await writeFile(join(cwd(), 'flows', 'web.yaml'), flow('Web Chat', 'contact_identity: "+15550002222"\nenabled: true\n'));
    const half = await run('plan', '--target', 'Web Chat');
    expect(half).toMatchObject({ code: 1, stdout: '' });
    expect(half.stderr).toBe(
      'error: --target keeps "Web Chat" but leaves out "Legacy", which frees the contact identity "+15550002222" in the same plan; ' +
        "the two are applied together or not at all: add --target 'flex-flow:Legacy', or target neither\n",
    );
    const both = await run('apply', '--auto-approve', '--target', 'Web Chat', '--target', 'flex-flow:Legacy');
    expect(both.stderr).toBe('');
    expect(both.code).toBe(0);
    const after = await clientFor(emulator()).list();
    expect(after.map((resource) => [resource.friendly_name, resource.contact_identity]).sort()).toEqual([
      ['Support SMS', '+15550001111'],
      ['Web Chat', '+15550002222'],
    ]);
  });
});
