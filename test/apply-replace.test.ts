import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResourceApi } from '../src/api/types.js';
import { executePlan } from '../src/apply/execute.js';
import { OutcomeUnknownError } from '../src/api/errors.js';
import { TwilioApiError } from '../src/errors.js';
import type { ResourceFields } from '../src/model/kind.js';
import { ADDRESS_CONFIGURATION } from '../src/model/kinds.js';
import { diff } from '../src/plan/diff.js';
import { DEFAULT_SETTINGS } from '../src/settings/types.js';
import { runCli } from './helpers/cli.js';
import { resourceClientFor } from './helpers/flexClient.js';
import { CONVERSATIONS_SERVICE, declaredAddress } from './helpers/fixtures.js';
import { useTempDir } from './helpers/tempDir.js';
import { startEmulator } from '../src/emulator/index.js';
import { emulatorEnv, testEmulatorOptions, withEmulator } from './helpers/withEmulator.js';

const ADDRESS = '+15005550006';
const OLD: ResourceFields = {
  address: ADDRESS,
  type: 'sms',
  friendly_name: 'Support',
  auto_creation: {
    enabled: true,
    type: 'webhook',
    conversation_service_sid: CONVERSATIONS_SERVICE,
    webhook_url: 'https://hooks.example.com/in',
    webhook_method: 'post',
    webhook_filters: ['onMessageAdded'],
  },
};

/** The live configurations as the checks compare them: address, type, friendly name, and whether auto-creation is on. */
async function state(api: ResourceApi): Promise<string[]> {
  return (await api.list()).map(
    (resource) =>
      `${String(resource.address)} ${String(resource.type)} ${String(resource.friendly_name)} ${JSON.stringify((resource.auto_creation as { enabled?: unknown } | null)?.enabled)}`,
  );
}

describe('apply of a replacement', () => {
  it('deletes, then creates with a new SID, keeping the fields the file does not manage; the next plan is empty', async () => {
    const emulator = await withEmulator();
    const api = resourceClientFor(ADDRESS_CONFIGURATION, emulator);
    const old = await api.create(OLD);
    const desired = [declaredAddress({ address: ADDRESS, type: 'WhatsApp' })];
    const plan = diff(desired, { 'address-configuration': await api.list() }, DEFAULT_SETTINGS);
    expect(plan.changes.map((change) => change.action)).toEqual(['replace']);
    const report = await executePlan(plan, [api], { createSettleMs: 0 });
    const [result] = report.results;
    expect(result).toMatchObject({
      action: 'replace',
      kind: 'address-configuration',
      key: ADDRESS,
      status: 'applied',
      replaced_sid: old.sid,
    });
    expect(result?.sid).not.toBe(old.sid);
    expect(report.summary).toMatchObject({ replaced: 1, failed: 0 });
    expect(await state(api)).toEqual([`${ADDRESS} whatsapp Support true`]);
    expect(diff(desired, { 'address-configuration': await api.list() }, DEFAULT_SETTINGS).summary).toMatchObject({ noop: 1, replace: 0 });
  });

  it('when the create fails, re-creates the old configuration (a new SID) and reports both', async () => {
    const emulator = await withEmulator();
    const client = resourceClientFor(ADDRESS_CONFIGURATION, emulator);
    const old = await client.create(OLD);
    let creates = 0;
    // Twilio refuses the new configuration once; the old one is then created again by the same client.
    const api: ResourceApi = {
      ...client,
      create: async (fields) => {
        creates += 1;
        if (creates === 1)
          throw new TwilioApiError({
            method: 'POST',
            path: '/v1/Configuration/Addresses',
            status: 400,
            twilioCode: 20001,
            message: 'Invalid parameter',
          });
        return client.create(fields);
      },
    };
    const plan = diff(
      [declaredAddress({ address: ADDRESS, type: 'whatsapp' })],
      { 'address-configuration': await client.list() },
      DEFAULT_SETTINGS,
    );
    const report = await executePlan(plan, [api], { createSettleMs: 0 });
    const [result] = report.results;
    const [restored] = await client.list();
    expect(restored?.sid).not.toBe(old.sid);
    expect(result).toMatchObject({
      action: 'replace',
      status: 'failed',
      sid: old.sid,
      restored_sid: restored?.sid,
      error: { http_status: 400, twilio_code: 20001 },
    });
    expect(result?.error?.message).toBe(
      `deleted ${old.sid} to replace it, then the create failed (POST /v1/Configuration/Addresses failed: HTTP 400 (Twilio error 20001): Invalid parameter); ` +
        `the old address configuration was re-created as ${restored?.sid} (a new SID: update anything that refers to ${old.sid})`,
    );
    expect(await state(client)).toEqual([`${ADDRESS} sms Support true`]);
  });
});

describe('a create of an address configuration whose answer was lost', () => {
  it('adopts the configuration it finds only when what no update can change is as declared', async () => {
    const emulator = await withEmulator();
    const client = resourceClientFor(ADDRESS_CONFIGURATION, emulator);
    // Another run made the address meanwhile, as an SMS configuration; this run's create got no answer.
    const other = await client.create({ address: '+2', type: 'sms' });
    const api: ResourceApi = {
      ...client,
      create: async () => Promise.reject(new OutcomeUnknownError('POST', '/v1/Configuration/Addresses', 'connection reset')),
    };
    const plan = diff([declaredAddress({ address: '+2', type: 'whatsapp' })], { 'address-configuration': [] }, DEFAULT_SETTINGS);
    const report = await executePlan(plan, [api], { createSettleMs: 0 });
    expect(report.results[0]).toMatchObject({
      status: 'failed',
      error: {
        code: 'E_CONCURRENT',
        message: `address configuration "+2" was created meanwhile as ${other.sid} with another type than declared; run plan again`,
      },
    });
  });
});

describe('apply of a replacement, through the CLI (the emulator refuses the create)', () => {
  const dir = useTempDir('ffs-apply-replace-');

  it('exits 1; when the old configuration cannot be re-created either, the report gives the exact fields to restore by hand', async () => {
    // Seeded before the fault is set: the emulator then refuses every create of the address, the re-create included.
    const stateFile = join(dir(), 'state.json');
    const seeding = await startEmulator(testEmulatorOptions({ stateFile }));
    const old = await resourceClientFor(ADDRESS_CONFIGURATION, seeding).create(OLD);
    await seeding.close();
    const emulator = await withEmulator({ stateFile, failCreateName: ADDRESS });
    await mkdir(join(dir(), 'flows'));
    await writeFile(join(dir(), 'flows', 'addresses.yaml'), `kind: address-configuration\naddress: "${ADDRESS}"\ntype: whatsapp\n`);
    await writeFile(join(dir(), 'flexflow-sync.yaml'), 'prune: false\n');
    const apply = await runCli(['apply', '--auto-approve', '--format', 'json'], { cwd: dir(), env: emulatorEnv(emulator) });
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain(`-/+ "${ADDRESS}" (${old.sid})\n    type: "sms" → "whatsapp" forces replacement\n`);
    const refused = `POST /v1/Configuration/Addresses failed: HTTP 400 (Twilio error 20001): Injected failure: the emulator was told to fail the create of "${ADDRESS}"`;
    expect(apply.stderr).toContain(
      `\nFailed (1):\n  ! failed to replace address configuration "${ADDRESS}" (${old.sid}): deleted ${old.sid} to replace it, then the create failed (${refused}), ` +
        `and re-creating the old address configuration failed too (${refused}); create it again by hand (POST /v1/Configuration/Addresses) with ` +
        `address: "${ADDRESS}", type: "sms", friendly_name: "Support", auto_creation.enabled: true, auto_creation.type: "webhook", ` +
        `auto_creation.conversation_service_sid: "${CONVERSATIONS_SERVICE}", auto_creation.webhook_url: "https://hooks.example.com/in", ` +
        `auto_creation.webhook_method: "post", auto_creation.webhook_filters: ["onMessageAdded"]\n`,
    );
    expect(await resourceClientFor(ADDRESS_CONFIGURATION, emulator).list()).toEqual([]);
    // What happened, in the summary too: the old configuration is gone.
    expect(apply.stderr).toContain('Apply finished with failures: 0 created, 0 updated, 1 deleted, 1 failed.\n');
    // And in the JSON report, as data.
    expect((JSON.parse(apply.stdout) as { results: unknown[] }).results).toMatchObject([
      {
        left_deleted: true,
        restore_fields: {
          address: ADDRESS,
          type: 'sms',
          friendly_name: 'Support',
          auto_creation: { type: 'webhook', webhook_url: 'https://hooks.example.com/in' },
        },
      },
    ]);
  });
});
