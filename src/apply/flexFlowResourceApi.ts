import type { FlexFlowsApi, ResourceApi } from '../api/types.js';
import type { FlowFields } from '../model/flexFlow.js';
import type { LiveResource, ResourceFields } from '../model/kind.js';
import { FLEX_FLOW } from '../model/kinds.js';

/**
 * The Flex Flows client seen as the ResourceApi of FLEX_FLOW, until the generic client
 * (createResourceClient in src/api/client.ts) replaces both; then this adapter goes.
 */
export function flexFlowResourceApi(api: FlexFlowsApi): ResourceApi {
  const live = (flow: object): LiveResource => flow as LiveResource;
  return {
    kind: FLEX_FLOW,
    list: async (options) => (await api.list(options?.signal === undefined ? {} : { signal: options.signal })).map(live),
    fetch: async (sid) => live(await api.fetch(sid)),
    create: async (fields: ResourceFields) => live(await api.create(fields as unknown as FlowFields)),
    update: async (sid, fields: ResourceFields) => live(await api.update(sid, fields as Partial<FlowFields>)),
    remove: (sid) => api.remove(sid),
  };
}
