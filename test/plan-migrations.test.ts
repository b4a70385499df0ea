import { describe, expect, it } from 'vitest';
import type { DesiredResource } from '../src/flows/types.js';
import type { LiveResource } from '../src/model/kind.js';
import { makePlan } from '../src/plan/make.js';
import { DEFAULT_SETTINGS } from '../src/settings/types.js';
import { addressFields, declaredAddress, liveAddress } from './helpers/liveAddress.js';
import { liveFlow } from './helpers/liveFlow.js';

const migrated = (address: string, from: string): DesiredResource => ({ ...declaredAddress(addressFields(address)), migratedFrom: from });

describe('a declared address configuration with migrated_from', () => {
  it('is refused while the plan would create it: the Flex Flow must go first', () => {
    const { refusals } = makePlan({
      desired: [migrated('+15005550006', 'SMS Support')],
      live: { 'address-configuration': [] },
      settings: DEFAULT_SETTINGS,
    });
    expect(refusals).toEqual([
      'the plan creates the address configuration "+15005550006", migrated from the flow "SMS Support" (migrated_from), but cannot yet delete that flow first, ' +
        "as Twilio's migration order requires; delete the flow by hand (after making sure the address has no production traffic), remove migrated_from, then apply",
    ]);
  });

  it('is inert once the address configuration exists', () => {
    const { refusals } = makePlan({
      desired: [migrated('+1', 'SMS Support')],
      live: { 'address-configuration': [liveAddress(1, '+1')], 'flex-flow': [liveFlow(1, 'Other') as unknown as LiveResource] },
      settings: DEFAULT_SETTINGS,
    });
    expect(refusals).toEqual([]);
  });

  it('refuses nothing for an address configuration without migrated_from', () => {
    expect(makePlan({ desired: [declaredAddress(addressFields('+1'))], live: { 'address-configuration': [] }, settings: DEFAULT_SETTINGS }).refusals).toEqual([]);
  });
});
