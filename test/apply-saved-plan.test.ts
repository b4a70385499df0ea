import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { webFlow } from './helpers/fixtures.js';
import { applyWorkspace, flowFile } from './helpers/applyWorkspace.js';
import { runCli } from './helpers/cli.js';
import { useTempDir } from './helpers/tempDir.js';
import { emulatorEnv, withEmulator } from './helpers/withEmulator.js';

const OTHER_ACCOUNT = `AC${'b'.repeat(32)}`;

/** Edits the saved plan `file` in place, as a person (or an attacker) with an editor would. */
const editPlan = (file: string) => async (change: (plan: { changes: Record<string, unknown>[] }) => void) => {
  const plan = JSON.parse(await readFile(file, 'utf8')) as { changes: Record<string, unknown>[] };
  change(plan);
  await writeFile(file, JSON.stringify(plan));
};

describe('a saved plan is bound to what it was made for', () => {
  const dir = useTempDir('ffs-saved-plan-');

  async function savedPlan(live = [webFlow('Old')], settings?: string) {
    const workspace = await applyWorkspace(
      dir(),
      { 'a.yaml': flowFile('A'), 'b.yaml': flowFile('B', 'long_lived: true\n') },
      [webFlow('B'), ...live],
      {},
      settings,
    );
    expect((await workspace.cli(['plan', '--out', 'plan.json'])).code).toBe(0);
    return { ...workspace, edit: editPlan(join(dir(), 'plan.json')) };
  }
  type SavedPlanWorkspace = Awaited<ReturnType<typeof savedPlan>>;

  it.each([
    { name: 'another account', options: { accountSid: OTHER_ACCOUNT }, account: OTHER_ACCOUNT },
    { name: 'another API host (same account)', options: {}, account: `AC${'0'.repeat(32)}` },
  ])('is refused with $name, naming both', async ({ options, account }) => {
    const { emulator } = await savedPlan();
    const other = await withEmulator(options);
    const result = await runCli(['apply', 'plan.json', '--auto-approve'], { cwd: dir(), env: emulatorEnv(other) });
    expect(result.stderr).toBe(
      `error: the saved plan plan.json was made for account AC${'0'.repeat(32)} at 127.0.0.1:${emulator.port}, but these credentials are for account ${account} at 127.0.0.1:${other.port}; nothing was applied; apply it where it was made, or run plan again\n`,
    );
    expect({ code: result.code, flows: other.stats().flows, writes: other.stats().by_method.POST ?? 0 }).toEqual({
      code: 1,
      flows: 0,
      writes: 0,
    });
  });

  it.each([
    {
      name: 'an update that sends more than its changes say',
      edit: (change: Record<string, unknown>) => change.action === 'update' && Object.assign(change.send as object, { enabled: false }),
      problem: 'the update of "B" sends enabled, which none of its changes lists',
    },
    {
      name: 'a create whose name is not its declared one',
      edit: (change: Record<string, unknown>) => change.action === 'create' && Object.assign(change, { key: 'Z' }),
      problem: 'the create of "Z" declares the friendly_name "A"',
    },
  ])('is refused when tampered with: $name', async ({ edit, problem }) => {
    const { edit: editPlan, apply, emulator } = await savedPlan();
    await editPlan((plan) => plan.changes.forEach(edit));
    const before = emulator.stats().by_method.POST ?? 0;
    const result = await apply('plan.json');
    expect({ code: result.code, stderr: result.stderr, writes: (emulator.stats().by_method.POST ?? 0) - before }).toEqual({
      code: 1,
      stderr: `error: the saved plan plan.json does not hold together (was it edited?): ${problem}; nothing was applied; run plan again\n`,
      writes: 0,
    });
  });

  it("re-checks the settings' guards: a flow protected since the plan was made is not deleted", async () => {
    const { apply, client } = await savedPlan();
    await writeFile(join(dir(), 'flexflow-sync.yaml'), 'prune: true\nprotect: [Old]\n');
    const result = await apply('plan.json');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('REFUSED, nothing will be applied: the plan deletes "Old", which the settings protect\n');
    expect(result.stderr).toBe('error: the plan deletes "Old", which the settings protect\n');
    expect((await client.list()).map((flow) => flow.friendly_name).sort()).toEqual(['B', 'Old']);
  });

  it('weighs the shares against a fresh count under the current settings, never the counts saved with it', async () => {
    const kept = Array.from({ length: 7 }, (_, i) => `K${i}`);
    const { cli, apply, client } = await applyWorkspace(
      dir(),
      Object.fromEntries(kept.map((name) => [`${name}.yaml`, flowFile(name)])),
      [...kept, 'D0', 'D1', 'D2'].map((name) => webFlow(name)),
      {},
      'prune: true\nmin_live_for_delete_guard: 1\n',
    );
    const edit = editPlan(join(dir(), 'plan.json'));
    // 3 deletes of 10 live flows: 30%, the allowed share.
    expect((await cli(['plan', '--out', 'plan.json'])).code).toBe(0);
    await edit((plan) => Object.assign(plan, { live_counts: { 'flex-flow': { total: 1000, managed: 1000 } } }));
    // Since then a kept flow is ignored: 3 of the 9 managed flows left is more than 30%.
    await writeFile(join(dir(), 'flexflow-sync.yaml'), 'prune: true\nmin_live_for_delete_guard: 1\nignore: [K0]\n');
    const refusal =
      'refusing to delete 3 of 9 live flows (33.3%), more than the allowed 30%; if that is intended, raise the limit with --max-delete-fraction 0.34 or max_delete_fraction: 0.34 in flexflow-sync.yaml';
    const result = await apply('plan.json');
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 1, stderr: `error: ${refusal}\n` });
    expect(result.stdout).toContain(`REFUSED, nothing will be applied: ${refusal}\n`);
    expect((await client.list()).length).toBe(10);
  });

  it.each([
    {
      name: 'when the account now holds too many flows for its creates',
      live: [],
      // Made with 1 flow live; since then 2,499 more were made, so its create would be the 2,501st.
      since: ({ emulator }: SavedPlanWorkspace) =>
        emulator.preload(Array.from({ length: 2499 }, (_, i) => ({ friendly_name: `made by hand ${i}` }))),
      error:
        'refusing a plan that would leave 2,501 flows in the account (2,500 live + 1 to create - 0 to delete); ' +
        'Twilio allows at most 2,500 per account: declare fewer flows, or delete unused ones (prune: true)',
    },
    {
      name: 'in one line, when its live counts are malformed',
      live: undefined,
      since: ({ edit }: SavedPlanWorkspace) =>
        edit((plan) => Object.assign(plan, { live_counts: { 'flex-flow': { total: 2, managed: 3 } } })),
      error:
        'plan file: live_counts.flex-flow.managed must not be more than its total; write it again with `flexflow-sync plan --out FILE`',
    },
  ])('is refused, before any write, $name', async ({ live, since, error }) => {
    const workspace = await savedPlan(live);
    await since(workspace);
    const writes = workspace.emulator.stats().by_method.POST ?? 0;
    expect(await workspace.apply('plan.json')).toMatchObject({ code: 1, stdout: '', stderr: `error: ${error}\n` });
    expect(workspace.emulator.stats().by_method.POST ?? 0).toBe(writes);
  });

  it('applies a plan file saved before plans carried live counts', async () => {
    const { apply, edit, client } = await savedPlan();
    await edit((plan) => delete (plan as { live_counts?: unknown }).live_counts);
    expect((await apply('plan.json')).code).toBe(0);
    expect((await client.list()).map((flow) => flow.friendly_name).sort()).toEqual(['A', 'B']);
  });

  it('applies when everything holds', async () => {
    const { apply, client } = await savedPlan();
    expect((await apply('plan.json')).code).toBe(0);
    expect((await client.list()).map((flow) => flow.friendly_name).sort()).toEqual(['A', 'B']);
  });
});

describe('interactive apply', () => {
  const dir = useTempDir('ffs-interactive-');

  it('re-checks the live flows after "yes": a Console edit made while the prompt waited is refused, not overwritten', async () => {
    const { cli, client } = await applyWorkspace(dir(), { 'b.yaml': flowFile('B', 'long_lived: true\n') }, [webFlow('B')]);
    const result = await cli(['apply'], {
      stdinIsTTY: true,
      prompt: async () => {
        const [flow] = await client.list();
        await client.update(flow?.sid ?? '', { janitor_enabled: true });
        return 'yes';
      },
    });
    expect({ code: result.code, stderr: result.stderr }).toEqual({
      code: 1,
      stderr: 'error: the plan is stale: 1 flow changed while the prompt waited ("B"); nothing was applied; run plan again\n',
    });
    expect((await client.list()).map((flow) => [flow.long_lived, flow.janitor_enabled])).toEqual([[false, true]]);
  });
});
