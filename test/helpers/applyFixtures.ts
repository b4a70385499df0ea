import type { DesiredFlow } from '../../src/flows/types.js';
import type { FlowFields } from '../../src/model/flexFlow.js';
import { DEFAULT_SETTINGS, type Settings } from '../../src/settings/types.js';

export const CHAT_SERVICE = 'IS' + '1'.repeat(32);
export const STUDIO_FLOW = 'FW' + '2'.repeat(32);

/** Settings that let a test plan delete freely. */
export const PRUNE_ALL: Settings = { ...DEFAULT_SETTINGS, prune: true, maxDeleteFraction: 1 };

export function webFlow(name: string, extra: Partial<FlowFields> = {}): FlowFields {
  return { friendly_name: name, chat_service_sid: CHAT_SERVICE, channel_type: 'web', enabled: true, ...extra };
}

export function declared(fields: FlowFields, line = 1): DesiredFlow {
  return { fields, renamedFrom: [], source: { file: 'flows/test.yaml', line, column: 1 } };
}
