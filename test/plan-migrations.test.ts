import { describe, expect, it } from 'vitest';
import type { DesiredResource } from '../src/flows/types.js';
import type { LiveResource } from '../src/model/kind.js';
import { makePlan } from '../src/plan/make.js';
import { DEFAULT_SETTINGS, type Settings } from '../src/settings/types.js';
import { PRUNE_ALL, declared, webFlow } from './helpers/applyFixtures.js';
import { addressFields, declaredAddress, liveAddress } from './helpers/liveAddress.js';
import { liveFlow } from './helpers/liveFlow.js';

const migrated = (address: string, from: string): DesiredResource => ({ ...declaredAddress(addressFields(address)), migratedFrom: from });
const flow = (n: number, name: string, address: string): LiveResource => liveFlow(n, name, { channel_type: 'sms', contact_identity: address }) as unknown as LiveResource;
const refusalsOf = (desired: readonly DesiredResource[], live: Parameters<typeof makePlan>[0]['live'], settings: Settings = DEFAULT_SETTINGS): readonly string[] => makePlan({ desired, live, settings }).refusals;

const PREFIX = 'the plan creates the address configuration "+1", migrated from the flow "SMS" (migrated_from), without deleting that flow first as Twilio\'s migration order requires: ';
const SUFFIX = '; delete it by hand (after making sure the address has no production traffic) and remove migrated_from, or let the plan delete it with prune: true';

describe('a declared address configuration with migrated_from', () => {
  it('is refused while the plan would create it and keep the flow (prune off)', () => {
    expect(refusalsOf([declared(webFlow('Web')), migrated('+1', 'SMS')], { 'flex-flow': [flow(1, 'SMS', '+1'), liveFlow(2, 'Web') as unknown as LiveResource], 'address-configuration': [] })).toEqual([
      `${PREFIX}the plan keeps that flow (prune is off, or it is protected)${SUFFIX}`,
    ]);
  });

  it('is refused while the plan did not read the flows (no file declares one)', () => {
    expect(refusalsOf([migrated('+1', 'SMS')], { 'address-configuration': [] })).toEqual([`${PREFIX}no file declares a flow, so the plan did not read them${SUFFIX}`]);
  });

  it('is allowed when the plan deletes the flow in the same run (the delete goes first)', () => {
    expect(refusalsOf([declared(webFlow('Web')), migrated('+1', 'SMS')], { 'flex-flow': [flow(1, 'SMS', '+1'), liveFlow(2, 'Web') as unknown as LiveResource], 'address-configuration': [] }, PRUNE_ALL)).toEqual([]);
  });

  it('is allowed when the flows were read and that flow is gone', () => {
    expect(refusalsOf([declared(webFlow('Web')), migrated('+1', 'SMS')], { 'flex-flow': [liveFlow(2, 'Web') as unknown as LiveResource], 'address-configuration': [] })).toEqual([]);
  });

  it('is inert once the address configuration exists', () => {
    expect(refusalsOf([migrated('+1', 'SMS')], { 'address-configuration': [liveAddress(1, '+1')] })).toEqual([]);
  });

  it('refuses nothing for an address configuration without migrated_from', () => {
    expect(refusalsOf([declaredAddress(addressFields('+1'))], { 'address-configuration': [] })).toEqual([]);
  });
});
