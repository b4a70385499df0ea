import type { DesiredResource } from '../../src/flows/types.js';
import type { FlexFlow, FlowFields } from '../../src/model/flexFlow.js';
import type { LiveResource, ResourceFields } from '../../src/model/kind.js';
import { type LiveByKind, summarize, summarizeByKind } from '../../src/plan/diff.js';
import { type Change, PLAN_FORMAT_VERSION, type Plan } from '../../src/plan/types.js';
import { DEFAULT_SETTINGS, type Settings } from '../../src/settings/types.js';

export const CHAT_SERVICE = 'IS' + '1'.repeat(32);
export const STUDIO_FLOW = 'FW' + '2'.repeat(32);

/** Settings that let a test plan delete freely. */
export const PRUNE_ALL: Settings = { ...DEFAULT_SETTINGS, prune: true, maxDeleteFraction: 1 };

/** A web flow's fields, typed for both the Flex Flows client and a kind's ResourceApi. */
export function webFlow(name: string, extra: Partial<FlowFields> = {}): FlowFields & ResourceFields {
  return { friendly_name: name, chat_service_sid: CHAT_SERVICE, channel_type: 'web', enabled: true, ...extra };
}

/** A declared flow, as the loader gives it. */
export function declared(fields: FlowFields, line = 1, renamedFrom: readonly string[] = []): DesiredResource {
  return { kind: 'flex-flow', fields: fields as unknown as ResourceFields, renamedFrom, source: { file: 'flows/test.yaml', line, column: 1 } };
}

/** Live flows as the diff takes them: by kind. */
export function liveFlows(live: readonly FlexFlow[]): LiveByKind {
  return { 'flex-flow': live as unknown as LiveResource[] };
}


/** A plan of flows, as diff would make it of `changes` (counts included). */
export function flowPlan(changes: readonly Change[], extra: Partial<Plan> = {}): Plan {
  return {
    format_version: PLAN_FORMAT_VERSION,
    kinds: ['flex-flow'],
    changes,
    summary: summarize(changes),
    summary_by_kind: summarizeByKind(['flex-flow'], changes),
    ignored: [],
    unmanaged: [],
    ...extra,
  };
}
