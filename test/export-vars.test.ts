import { describe, expect, it } from 'vitest';
import type { FlowFields } from '../src/model/flexFlow.js';
import { ADDRESS_CONFIGURATION, FLEX_FLOW } from '../src/model/kinds.js';
import { liftVariables as liftResources } from '../src/export/vars.js';

/** Flows through the kind-aware liftVariables. */
function liftVariables(flows: readonly FlowFields[]): { flows: FlowFields[]; vars: ReadonlyMap<string, string> } {
  const { resources, vars } = liftResources(flows.map((fields) => ({ kind: FLEX_FLOW, fields: fields as unknown as Record<string, unknown> })));
  return { flows: resources.map((resource) => resource.fields as unknown as FlowFields), vars };
}

const sid = (prefix: string, tail: string): string => prefix + tail.padStart(32, '0');

describe('liftVariables', () => {
  it('lifts every SID field, the same SID to the same name', () => {
    const flows: FlowFields[] = [
      { friendly_name: 'a', chat_service_sid: sid('IS', 'abc123'), integration_type: 'studio', integration: { flow_sid: sid('FW', 'f00001'), retry_count: 1 } },
      { friendly_name: 'b', chat_service_sid: sid('IS', 'abc123'), integration_type: 'task', integration: { workspace_sid: sid('WS', '1'), workflow_sid: sid('WW', '2'), channel: 'chat' } },
      { friendly_name: 'c', chat_service_sid: sid('IS', 'ABC124'), contact_identity: sid('IS', '9') },
    ];
    const { flows: lifted, vars } = liftVariables(flows);
    expect(lifted).toEqual([
      { friendly_name: 'a', chat_service_sid: '${CHAT_SERVICE_SID_ABC123}', integration_type: 'studio', integration: { flow_sid: '${FLOW_SID_F00001}', retry_count: 1 } },
      { friendly_name: 'b', chat_service_sid: '${CHAT_SERVICE_SID_ABC123}', integration_type: 'task', integration: { workspace_sid: '${WORKSPACE_SID_000001}', workflow_sid: '${WORKFLOW_SID_000002}', channel: 'chat' } },
      { friendly_name: 'c', chat_service_sid: '${CHAT_SERVICE_SID_ABC124}', contact_identity: sid('IS', '9') },
    ]);
    expect([...vars]).toEqual([
      ['CHAT_SERVICE_SID_ABC123', sid('IS', 'abc123')],
      ['CHAT_SERVICE_SID_ABC124', sid('IS', 'abc124')],
      ['FLOW_SID_F00001', sid('FW', 'f00001')],
      ['WORKFLOW_SID_000002', sid('WW', '2')],
      ['WORKSPACE_SID_000001', sid('WS', '1')],
    ]);
  });

  it('lengthens the disambiguator only for SIDs whose tails clash', () => {
    const flows: FlowFields[] = [
      { friendly_name: 'a', chat_service_sid: sid('IS', '11abcdef') },
      { friendly_name: 'b', chat_service_sid: sid('IS', '22abcdef') },
      { friendly_name: 'c', chat_service_sid: sid('IS', '123456') },
    ];
    expect([...liftVariables(flows).vars.keys()]).toEqual(['CHAT_SERVICE_SID_11ABCDEF', 'CHAT_SERVICE_SID_123456', 'CHAT_SERVICE_SID_22ABCDEF']);
  });

  it('does not depend on flow order', () => {
    const flows: FlowFields[] = [
      { friendly_name: 'a', chat_service_sid: sid('IS', '1') },
      { friendly_name: 'b', chat_service_sid: sid('IS', '2') },
    ];
    expect(liftVariables([...flows].reverse()).vars).toEqual(liftVariables(flows).vars);
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
      { kind: ADDRESS_CONFIGURATION, fields: { address: '+15005550006', type: 'sms', auto_creation: { type: 'studio', conversation_service_sid: sid('IS', 'abc123'), studio_flow_sid: sid('FW', 'f1') } } },
    ]);
    expect(resources.map((resource) => resource.fields)).toEqual([
      { friendly_name: 'a', chat_service_sid: '${CHAT_SERVICE_SID_ABC123}' },
      { address: '+15005550006', type: 'sms', auto_creation: { type: 'studio', conversation_service_sid: '${CONVERSATION_SERVICE_SID_ABC123}', studio_flow_sid: '${STUDIO_FLOW_SID_0000F1}' } },
    ]);
    expect([...vars.keys()]).toEqual(['CHAT_SERVICE_SID_ABC123', 'CONVERSATION_SERVICE_SID_ABC123', 'STUDIO_FLOW_SID_0000F1']);
  });
});
