import { describe, expect, it } from 'vitest';
import type { FlowFields } from '../src/model/flexFlow.js';
import { ADDRESS_CONFIGURATION, FLEX_FLOW } from '../src/model/kinds.js';
import { liftVariables as liftResources } from '../src/export/vars.js';

/** Flows through the kind-aware liftVariables. */
function liftVariables(flows: readonly FlowFields[]): { flows: FlowFields[]; vars: ReadonlyMap<string, string> } {
  const { resources, vars } = liftResources(
    flows.map((fields) => ({ kind: FLEX_FLOW, fields: fields as unknown as Record<string, unknown> })),
  );
  return { flows: resources.map((resource) => resource.fields as unknown as FlowFields), vars };
}

const sid = (prefix: string, tail: string): string => prefix + tail.padStart(32, '0');

describe('liftVariables', () => {
  it('one value of a role is named after the role; the same SID gets the same name', () => {
    const flows: FlowFields[] = [
      {
        friendly_name: 'a',
        chat_service_sid: sid('IS', 'abc123'),
        integration_type: 'studio',
        integration: { flow_sid: sid('FW', 'f00001'), retry_count: 1 },
      },
      {
        friendly_name: 'b',
        chat_service_sid: sid('IS', 'abc123'),
        integration_type: 'task',
        integration: { workspace_sid: sid('WS', '1'), workflow_sid: sid('WW', '2'), channel: 'chat' },
      },
      { friendly_name: 'c', chat_service_sid: sid('IS', 'ABC123'), contact_identity: sid('IS', '9') },
    ];
    const { flows: lifted, vars } = liftVariables(flows);
    expect(lifted).toEqual([
      {
        friendly_name: 'a',
        chat_service_sid: '${CHAT_SERVICE_SID}',
        integration_type: 'studio',
        integration: { flow_sid: '${FLOW_SID}', retry_count: 1 },
      },
      {
        friendly_name: 'b',
        chat_service_sid: '${CHAT_SERVICE_SID}',
        integration_type: 'task',
        integration: { workspace_sid: '${WORKSPACE_SID}', workflow_sid: '${WORKFLOW_SID}', channel: 'chat' },
      },
      { friendly_name: 'c', chat_service_sid: '${CHAT_SERVICE_SID}', contact_identity: sid('IS', '9') },
    ]);
    expect([...vars]).toEqual([
      ['CHAT_SERVICE_SID', sid('IS', 'abc123')],
      ['FLOW_SID', sid('FW', 'f00001')],
      ['WORKFLOW_SID', sid('WW', '2')],
      ['WORKSPACE_SID', sid('WS', '1')],
    ]);
  });

  it('several values of a role are named after the first flow (by name) that uses each; clashing names are numbered', () => {
    const flows: FlowFields[] = [
      { friendly_name: 'Sales chat', chat_service_sid: sid('IS', '2') },
      { friendly_name: 'Support SMS #1', chat_service_sid: sid('IS', '1') },
      { friendly_name: 'Zebra', chat_service_sid: sid('IS', '1') },
      { friendly_name: 'sales-chat', chat_service_sid: sid('IS', '3') },
      { friendly_name: 'Ünïcødé', chat_service_sid: sid('IS', '4') },
      { friendly_name: 'フロー', chat_service_sid: sid('IS', '5') },
    ];
    expect([...liftVariables(flows).vars]).toEqual([
      ['CHAT_SERVICE_SID_RESOURCE', sid('IS', '5')],
      ['CHAT_SERVICE_SID_SALES_CHAT', sid('IS', '2')],
      ['CHAT_SERVICE_SID_SALES_CHAT_2', sid('IS', '3')],
      ['CHAT_SERVICE_SID_SUPPORT_SMS_1', sid('IS', '1')],
      ['CHAT_SERVICE_SID_UNIC_DE', sid('IS', '4')],
    ]);
  });

  it('accounts that differ only in SIDs get the same names, in any order', () => {
    const account = (offset: number): FlowFields[] => [
      { friendly_name: 'a', chat_service_sid: sid('IS', String(1 + offset)) },
      { friendly_name: 'b', chat_service_sid: sid('IS', String(9 - offset)) },
    ];
    const names = (flows: FlowFields[]): string[] => liftVariables(flows).flows.map((flow) => String(flow.chat_service_sid));
    expect(names(account(0))).toEqual(['${CHAT_SERVICE_SID_A}', '${CHAT_SERVICE_SID_B}']);
    expect(names(account(5))).toEqual(names(account(0)));
    expect(liftVariables([...account(0)].reverse()).vars).toEqual(liftVariables(account(0)).vars);
  });

  it.each([
    { name: 'a value that is not a SID stays', fields: { friendly_name: 'a', chat_service_sid: 'IS-not-a-sid' } },
    { name: 'null stays', fields: { friendly_name: 'a', chat_service_sid: null, integration: null } },
    { name: 'an escaped template stays', fields: { friendly_name: '$${A}', contact_identity: '$${B}' } },
  ])('$name', ({ fields }) => {
    const { flows, vars } = liftVariables([fields]);
    expect(flows).toEqual([fields]);
    expect(vars.size).toBe(0);
  });

  it('lifts the SID fields of address configurations too, beside the flows', () => {
    const { resources, vars } = liftResources([
      { kind: FLEX_FLOW, fields: { friendly_name: 'a', chat_service_sid: sid('IS', 'abc123') } },
      {
        kind: ADDRESS_CONFIGURATION,
        fields: {
          address: '+15005550006',
          type: 'sms',
          auto_creation: { type: 'studio', conversation_service_sid: sid('IS', 'abc123'), studio_flow_sid: sid('FW', 'f1') },
        },
      },
    ]);
    expect(resources.map((resource) => resource.fields)).toEqual([
      { friendly_name: 'a', chat_service_sid: '${CHAT_SERVICE_SID}' },
      {
        address: '+15005550006',
        type: 'sms',
        auto_creation: { type: 'studio', conversation_service_sid: '${CONVERSATION_SERVICE_SID}', studio_flow_sid: '${STUDIO_FLOW_SID}' },
      },
    ]);
    expect([...vars.keys()]).toEqual(['CHAT_SERVICE_SID', 'CONVERSATION_SERVICE_SID', 'STUDIO_FLOW_SID']);
  });
});
