import { describe, expect, it } from 'vitest';
import { executePlan } from '../src/apply/execute.js';
import { ADDRESS_CONFIGURATION, FLEX_FLOW } from '../src/model/kinds.js';
import { diff } from '../src/plan/diff.js';
import { identityMoves } from '../src/plan/identity.js';
import { renderText } from '../src/render/text.js';
import { PRUNE_ALL, declared, webFlow } from './helpers/applyFixtures.js';
import { resourceClientFor } from './helpers/flexClient.js';
import { declaredAddress } from './helpers/liveAddress.js';
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
    expect(identityMoves(plan.changes).map((move) => `${move.from.action} ${move.from.key} → ${move.to.action} ${move.to.key}`)).toEqual([`delete SMS (legacy) → create ${NUMBER}`]);
    expect(renderText(plan)).toContain(`    -/+ "SMS (legacy)" → address configuration "${NUMBER}": contact identity "${NUMBER}" moves; the flow is deleted first, as Twilio's migration guide says\n`);
    const order: string[] = [];
    const report = await executePlan(plan, [flows, addresses], { createSettleMs: 0, onStart: (change) => order.push(`${change.action} ${change.key}`) });
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
      reason: `deleted, then re-created as ${restored?.sid} because the create of "${NUMBER}", which took its contact identity, failed`,
    });
    expect(restored?.contact_identity).toBe(NUMBER);
    expect(restored?.sid).not.toBe(legacy.sid);
    expect(await addresses.list()).toEqual([]);
  });
});
