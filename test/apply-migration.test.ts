import { describe, expect, it } from 'vitest';
import { executePlan } from '../src/apply/execute.js';
import { ADDRESS_CONFIGURATION, FLEX_FLOW } from '../src/model/kinds.js';
import type { ResourceApi } from '../src/api/types.js';
import type { ExecutableChange } from '../src/apply/report.js';
import { diff } from '../src/plan/diff.js';
import { identityMoves } from '../src/plan/identity.js';
import { makePlan } from '../src/plan/make.js';
import { applySummaryLine, resultLine } from '../src/render/apply.js';
import { renderText } from '../src/render/text.js';
import { DEFAULT_SETTINGS } from '../src/settings/types.js';
import { CHAT_SERVICE, addressFields, declared, declaredAddress, PRUNE_ALL, webFlow } from './helpers/fixtures.js';
import { resourceClientFor } from './helpers/flexClient.js';
import { withEmulator } from './helpers/withEmulator.js';

const NUMBER = '+15550001111';

/** A Flex Flow holding NUMBER, and files that declare an address configuration for it instead (and another flow, so that flows are pruned). */
async function migration(options: Parameters<typeof withEmulator>[0] = {}) {
  const emulator = await withEmulator(options);
  const flows = resourceClientFor(FLEX_FLOW, emulator);
  const addresses = resourceClientFor(ADDRESS_CONFIGURATION, emulator);
  const legacy = await flows.create(webFlow('SMS (legacy)', { channel_type: 'sms', contact_identity: NUMBER }));
  const desired = [declared(webFlow('Web Chat')), declaredAddress({ address: NUMBER, type: 'sms' })];
  const plan = diff(desired, { 'flex-flow': await flows.list(), 'address-configuration': await addresses.list() }, PRUNE_ALL);
  return { flows, addresses, legacy, plan };
}

describe('a Flex Flow replaced by an address configuration for its number', () => {
  it('is one move: the flow is deleted first, then the address configuration created', async () => {
    const { flows, addresses, plan } = await migration();
    expect(identityMoves(plan.changes).map((move) => `${move.from.action} ${move.from.key} → ${move.to.action} ${move.to.key}`)).toEqual([
      `delete SMS (legacy) → create ${NUMBER}`,
    ]);
    expect(renderText(plan)).toContain(
      `    -/+ "SMS (legacy)" → address configuration "${NUMBER}": contact identity "${NUMBER}" moves; the flow is deleted first, as Twilio's migration guide says\n`,
    );
    const order: string[] = [];
    const report = await executePlan(plan, [flows, addresses], {
      createSettleMs: 0,
      onStart: (change) => order.push(`${change.action} ${change.key}`),
    });
    expect(report.summary).toMatchObject({ created: 2, deleted: 1, failed: 0 });
    expect(order.indexOf('delete SMS (legacy)')).toBeLessThan(order.indexOf(`create ${NUMBER}`));
    expect((await addresses.list()).map((resource) => resource.address)).toEqual([NUMBER]);
    expect((await flows.list()).map((flow) => flow.friendly_name)).toEqual(['Web Chat']);
  });

  it('puts the flow back when the address configuration cannot be created', async () => {
    const { flows, addresses, legacy, plan } = await migration({ failCreateName: NUMBER });
    const report = await executePlan(plan, [flows, addresses], { createSettleMs: 0 });
    const restored = (await flows.list()).find((flow) => flow.friendly_name === 'SMS (legacy)');
    expect(report.results.find((result) => result.key === 'SMS (legacy)')).toMatchObject({
      status: 'restored',
      restored_sid: restored?.sid,
      reason: `deleted, then re-created as ${restored?.sid} (a new SID) because the create of "${NUMBER}", which took its contact identity, failed`,
    });
    expect(restored?.contact_identity).toBe(NUMBER);
    expect(restored?.sid).not.toBe(legacy.sid);
    expect(await addresses.list()).toEqual([]);
  });
});

/** `count` SMS flows, +1555000000n each, and files that migrate every one (migrated_from). */
async function migrations(count: number, options: Parameters<typeof withEmulator>[0] = {}, extra: Record<string, unknown> = {}) {
  const emulator = await withEmulator(options);
  const flows = resourceClientFor(FLEX_FLOW, emulator);
  const addresses = resourceClientFor(ADDRESS_CONFIGURATION, emulator);
  const numbers = Array.from({ length: count }, (_, n) => `+1555000000${n}`);
  // Preloaded, not created: a test's targeted fault may refuse every create.
  emulator.preload(numbers.map((number, n) => webFlow(`SMS ${n}`, { channel_type: 'sms', contact_identity: number, ...extra })));
  const desired = numbers.map((number, n) => ({ ...declaredAddress(addressFields(number)), migratedFrom: `SMS ${n}` }));
  const { plan } = makePlan({
    desired,
    live: { 'flex-flow': await flows.list(), 'address-configuration': [] },
    settings: DEFAULT_SETTINGS,
  });
  return { flows, addresses, plan };
}

/** What happens to each pair, in order: `start delete SMS 0`, `done create +15550000000`, … */
function eventLog(): {
  events: string[];
  onStart: (change: ExecutableChange) => void;
  onDone: (result: { action: string; key: string }) => void;
} {
  const events: string[] = [];
  return {
    events,
    onStart: (change) => events.push(`start ${change.action} ${change.key}`),
    onDone: (result) => events.push(`done ${result.action} ${result.key}`),
  };
}

describe('migration pairs (--migrate-concurrency)', () => {
  it('run one at a time by default: a pair starts only once the one before is done', async () => {
    const { flows, addresses, plan } = await migrations(3);
    const log = eventLog();
    await executePlan(plan, [flows, addresses], { createSettleMs: 0, ...log });
    const pair = (n: number) => [
      `start delete SMS ${n}`,
      `start create +1555000000${n}`,
      `done create +1555000000${n}`,
      `done delete SMS ${n}`,
    ];
    expect(log.events).toEqual([...pair(0), ...pair(1), ...pair(2)]);
  });

  it('run side by side with migrateConcurrency N: every delete of three pairs starts before any create', async () => {
    const { flows, addresses, plan } = await migrations(3);
    const log = eventLog();
    // Each create waits until the three deletes have started: one pair at a time would never get there.
    let started = 0;
    let release: () => void = () => undefined;
    const allStarted = new Promise<void>((resolve) => (release = resolve));
    const gated: ResourceApi = {
      ...addresses,
      kind: addresses.kind,
      create: async (fields) => (await allStarted, addresses.create(fields)),
    };
    const onStart = (change: ExecutableChange): void => {
      log.onStart(change);
      if (change.action === 'delete' && ++started === 3) release();
    };
    const report = await executePlan(plan, [flows, gated], { createSettleMs: 0, migrateConcurrency: 3, onStart, onDone: log.onDone });
    const lastDeleteStarted = Math.max(...[0, 1, 2].map((n) => log.events.indexOf(`start delete SMS ${n}`)));
    expect(lastDeleteStarted).toBeLessThan(log.events.findIndex((event) => event.startsWith('done create')));
    expect(report.summary).toMatchObject({ migrated: 3, created: 0, deleted: 0, failed: 0 });
    expect((await addresses.list()).map((address) => address.address).sort()).toEqual(['+15550000000', '+15550000001', '+15550000002']);
  });
});

describe('the apply report of a migration', () => {
  it('reads "migrated" for a completed pair, one line for both halves, and counts it once', async () => {
    const { flows, addresses, plan } = await migrations(1);
    const [flow] = await flows.list();
    const report = await executePlan(plan, [flows, addresses], { createSettleMs: 0 });
    const [address] = await addresses.list();
    expect(report.summary).toMatchObject({ migrated: 1, created: 0, deleted: 0 });
    expect(report.results).toEqual([
      {
        action: 'delete',
        kind: 'flex-flow',
        key: 'SMS 0',
        status: 'applied',
        sid: flow?.sid,
        migrated_to: '+15550000000',
        migrated_to_sid: address?.sid,
      },
      {
        action: 'create',
        kind: 'address-configuration',
        key: '+15550000000',
        status: 'applied',
        sid: address?.sid,
        migrated_from: 'SMS 0',
      },
    ]);
    expect(report.results.map(resultLine)).toEqual([
      `» migrated "SMS 0" (${flow?.sid}) → address configuration "+15550000000" (${address?.sid})`,
      undefined,
    ]);
    expect(applySummaryLine(report.summary)).toBe('Apply complete: 1 migrated, 0 created, 0 updated, 0 deleted, 0 failed.');
  });

  it('gives the exact fields to restore by hand, credentials redacted, when the flow cannot be re-created either', async () => {
    const url = 'https://bot:hunter2@hooks.example.com/sms';
    const { flows, addresses, plan } = await migrations(1, { failCreateName: '*' }, { integration_type: 'external', integration: { url } });
    const [flow] = await flows.list();
    const report = await executePlan(plan, [flows, addresses], { createSettleMs: 0 });
    const hand =
      `create it again by hand (POST /v1/FlexFlows) with friendly_name: "SMS 0", chat_service_sid: "${CHAT_SERVICE}", channel_type: "sms", ` +
      'contact_identity: "+15550000000", enabled: true, integration_type: "external", long_lived: false, janitor_enabled: false, ' +
      'integration.url: "https://***@hooks.example.com/sms", integration.retry_count: 3';
    expect(report.results[0]).toMatchObject({
      status: 'failed',
      left_deleted: true,
      migrated_to: '+15550000000',
      restore_fields: {
        friendly_name: 'SMS 0',
        channel_type: 'sms',
        contact_identity: '+15550000000',
        integration_type: 'external',
        integration: { url: 'https://***@hooks.example.com/sms' },
      },
    });
    expect(report.results[0]?.error?.message).toMatch(
      /^deleted to free its contact identity, then could not be re-created after address configuration "\+15550000000", which it migrates to, could not be created: .+; create it again by hand/,
    );
    expect(report.results[0]?.error?.message.endsWith(`; ${hand}`)).toBe(true);
    expect(resultLine(report.results[0] as (typeof report.results)[number])).toMatch(
      new RegExp(
        `^! failed to migrate "SMS 0" \\(${flow?.sid}\\) → address configuration "\\+15550000000": the flow was deleted and the address configuration not created: deleted to free`,
      ),
    );
    // The pair is one failure (the flow is gone, so one delete), as its one line says.
    expect(report.summary).toMatchObject({ migrated: 0, deleted: 1, failed: 1 });
    expect(applySummaryLine(report.summary)).toBe('Apply finished with failures: 0 created, 0 updated, 1 deleted, 1 failed.');
    expect(JSON.stringify(report)).not.toContain('hunter2');
    expect([await flows.list(), await addresses.list()]).toEqual([[], []]);
  });

  it('says the address configuration was not created when the flow cannot be deleted, and counts the pair once', async () => {
    const { flows, addresses, plan } = await migrations(1, { failDeleteName: 'SMS 0' });
    const [flow] = await flows.list();
    const report = await executePlan(plan, [flows, addresses], { createSettleMs: 0 });
    expect(report.results.map((result) => [result.status, resultLine(result)])).toEqual([
      [
        'failed',
        expect.stringMatching(
          new RegExp(
            `^! failed to migrate "SMS 0" \\(${flow?.sid}\\) → address configuration "\\+15550000000": the flow's delete failed, so its address configuration was not created: DELETE `,
          ),
        ),
      ],
      [
        'skipped',
        '! skipped the create of address configuration "+15550000000" (migrating "SMS 0"): contact identity "+15550000000" is still held by "SMS 0", whose delete did not succeed',
      ],
    ]);
    expect(report.summary).toMatchObject({ failed: 1, skipped: 0 });
    expect([(await flows.list()).map((live) => live.sid), await addresses.list()]).toEqual([[flow?.sid], []]);
  });
});
