import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADDRESS_CONFIGURATION } from '../src/model/kinds.js';
import type { FlowValues } from '../src/emulator/store.js';
import { CHAT_SERVICE, STUDIO_FLOW } from './helpers/fixtures.js';
import { applyWorkspace, flowFile } from './helpers/applyWorkspace.js';
import { resourceClientFor } from './helpers/flexClient.js';
import { useTempDir } from './helpers/tempDir.js';

const NUMBER = '+15550001111';

/** An SMS flow on `number`, as a Console would have made it. */
const smsFlow = (name: string, number: string): Partial<FlowValues> & Pick<FlowValues, 'friendly_name'> => ({
  friendly_name: name,
  chat_service_sid: CHAT_SERVICE,
  channel_type: 'sms',
  contact_identity: number,
  enabled: true,
  integration_type: 'studio',
  integration: { flow_sid: STUDIO_FLOW },
});

/** The address configuration document `migrate --write` makes of the flow "SMS". */
const MIGRATED = `kind: address-configuration
address: "${NUMBER}"
type: sms
auto_creation:
  enabled: true
  type: studio
  studio_flow_sid: ${STUDIO_FLOW}
migrated_from:
  flex_flow: SMS
`;

type SavedChange = Record<string, unknown> & { action: string; key: string; before?: unknown };
type SavedPlan = {
  kinds: string[];
  changes: SavedChange[];
  summary: Record<string, number>;
  summary_by_kind: Record<string, Record<string, number>>;
};

describe('a saved plan that migrates', () => {
  /**
   * A folder whose files migrate the flow "SMS" (and declare the web flow "Web"), an emulator holding
   * both flows, and the plan saved as plan.json; `settings` is the settings file at plan time.
   */
  async function savedMigration(dir: string, settings = 'prune: false\n') {
    const workspace = await applyWorkspace(dir, { 'web.yaml': flowFile('Web'), 'sms.yaml': MIGRATED }, [], {}, settings);
    workspace.emulator.preload([
      smsFlow('SMS', NUMBER),
      { friendly_name: 'Web', chat_service_sid: CHAT_SERVICE, channel_type: 'web', enabled: true },
    ]);
    const planned = await workspace.cli(['plan', '--out', 'plan.json']);
    expect([planned.code, planned.stderr.startsWith('Saved the plan')]).toEqual([0, true]);
    const file = join(dir, 'plan.json');
    const edit = async (change: (plan: SavedPlan) => void) => {
      const plan = JSON.parse(await readFile(file, 'utf8')) as SavedPlan;
      change(plan);
      await writeFile(file, JSON.stringify(plan));
    };
    const names = async () => (await workspace.client.list()).map((flow) => flow.friendly_name).sort();
    const writes = () => (workspace.emulator.stats().by_method.POST ?? 0) + (workspace.emulator.stats().by_method.DELETE ?? 0);
    return { ...workspace, edit, names, writes };
  }

  const dir = useTempDir('ffs-saved-migration-');

  it('records the pair in both halves, and applies as made', async () => {
    const { apply, names, edit } = await savedMigration(dir());
    await edit((plan) => {
      expect(plan.changes.filter((change) => change.action !== 'noop')).toMatchObject([
        { action: 'delete', key: 'SMS', migrated_to: NUMBER },
        { action: 'create', key: NUMBER, migrated_from: 'SMS' },
      ]);
    });
    expect((await apply('plan.json')).code).toBe(0);
    expect(await names()).toEqual(['Web']);
  });

  it('is refused when the settings protect the flow since it was made, in the words a fresh plan uses', async () => {
    const { apply, cli, names, writes } = await savedMigration(dir());
    await writeFile(join(dir(), 'flexflow-sync.yaml'), 'prune: false\nprotect: ["SMS"]\n');
    const refusal =
      'the plan deletes "SMS", which the settings protect (a migration deletes what its migrated_from names: unprotect it, or remove migrated_from)';
    const before = writes();
    const saved = await apply('plan.json');
    expect({ code: saved.code, stderr: saved.stderr }).toEqual({ code: 1, stderr: `error: ${refusal}\n` });
    expect((await cli(['plan'])).stderr).toBe(`error: ${refusal}\n`);
    expect([await names(), writes() - before]).toEqual([['SMS', 'Web'], 0]);
  });

  it('is refused when edited to migrate flows that are not the address it creates (any flow, protect and prune aside)', async () => {
    const { apply, edit, names, writes } = await savedMigration(
      dir(),
      'prune: false\nmax_delete_fraction: 0\nmin_live_for_delete_guard: 1\n',
    );
    // The attack: the noop of "Web" becomes a delete that migrates to a made-up address, with its create.
    await edit((plan) => {
      const web = plan.changes.find((change) => change.key === 'Web') as SavedChange;
      Object.assign(web, { action: 'delete', migrated_to: '+15550009999' });
      plan.changes.push({
        action: 'create',
        kind: ADDRESS_CONFIGURATION.name,
        key: '+15550009999',
        after: { address: '+15550009999', type: 'sms' },
        migrated_from: 'Web',
      });
      plan.summary = { ...plan.summary, noop: 0, migrate: 2 };
      for (const kind of plan.kinds) plan.summary_by_kind[kind] = { ...plan.summary_by_kind[kind], noop: 0, migrate: 2 };
    });
    const before = writes();
    const result = await apply('plan.json');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: the saved plan plan\.json does not hold together \(was it edited\?\): the address configuration "\+15550009999" \(sms \+15550009999\) names the flow "Web" \(FO[0-9a-f]{32}\) in migrated_from, but that flow routes web null; .*; nothing was applied; run plan again\n$/,
    );
    expect([await names(), writes() - before]).toEqual([['SMS', 'Web'], 0]);
  });

  it('is refused when the files no longer declare the migration (a fresh plan would not delete the flow)', async () => {
    const { apply, names, writes } = await savedMigration(dir());
    await writeFile(join(dir(), 'flows', 'sms.yaml'), MIGRATED.replace(/migrated_from:\n {2}flex_flow: SMS\n/, ''));
    const before = writes();
    const result = await apply('plan.json');
    expect({ code: result.code, stderr: result.stderr }).toEqual({
      code: 1,
      stderr: `error: the saved plan plan.json migrates "SMS" → "${NUMBER}", but no file declares that migration (migrated_from) now; nothing was applied; pass the --dir and --var-file the plan was made with, or run plan again\n`,
    });
    expect([await names(), writes() - before]).toEqual([['SMS', 'Web'], 0]);
  });

  it('is refused before any write when a Console flow took an address it creates since it was made', async () => {
    const workspace = await applyWorkspace(dir(), { 'a.yaml': MIGRATED.replace(/migrated_from:[^]*$/, '') }, [], {}, 'prune: false\n');
    expect((await workspace.cli(['plan', '--out', 'plan.json'])).code).toBe(0);
    const taken = await workspace.client.create(smsFlow('Console', NUMBER));
    const before = workspace.emulator.stats().by_method.POST ?? 0;
    const result = await workspace.apply('plan.json');
    expect({ code: result.code, stderr: result.stderr }).toEqual({
      code: 1,
      stderr:
        `error: the plan creates the address configuration "${NUMBER}" for address "${NUMBER}", which the live flow "Console" (${taken.sid}) holds as its contact_identity and the plan keeps; ` +
        'Twilio routes an address through one of them: delete the flow in the same plan (remove its document with prune: true, or use flexflow-sync migrate --write), or drop this address configuration\n',
    });
    expect(workspace.emulator.stats().by_method.POST ?? 0).toBe(before);
    expect(await resourceClientFor(ADDRESS_CONFIGURATION, workspace.emulator).list()).toEqual([]);
  });

  it('is refused as edited when saved before plans recorded migrated_from on the create', async () => {
    const { apply, edit, names } = await savedMigration(dir());
    await edit((plan) => plan.changes.forEach((change) => delete change.migrated_from));
    const result = await apply('plan.json');
    expect(result.stderr).toBe(
      `error: the saved plan plan.json does not hold together (was it edited?): the delete of "SMS" says it migrates to address configuration "${NUMBER}", whose create says migrated_from nothing; nothing was applied; run plan again\n`,
    );
    expect(await names()).toEqual(['SMS', 'Web']);
  });
});
