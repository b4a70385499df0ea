import type { FlexFlow, FlowFields } from '../model/flexFlow.js';
import type { LiveResource, ResourceFields, ResourceKind } from '../model/kind.js';

/**
 * What the rest of the tool needs from the Flex Flows API. The got-based client implements it
 * against Twilio or the emulator; retries, backoff and adaptive concurrency live behind it.
 */
export interface FlexFlowsApi {
  /**
   * Every live flow, all pages; with `friendlyName`, only the flows carrying exactly that name.
   * An aborted `signal` stops it between requests (rejecting with the signal's reason).
   */
  list(options?: { friendlyName?: string; signal?: AbortSignal }): Promise<FlexFlow[]>;
  fetch(sid: string): Promise<FlexFlow>;
  create(fields: FlowFields): Promise<FlexFlow>;
  update(sid: string, fields: Partial<FlowFields>): Promise<FlexFlow>;
  remove(sid: string): Promise<void>;
}

/**
 * The same five calls for any resource kind (src/model/kinds.ts): the client reads the kind's
 * host, collection, list key, page size, rate limits and field table. Replaces FlexFlowsApi once
 * every caller takes a kind.
 */
export interface ResourceApi {
  readonly kind: ResourceKind;
  /** Every live resource of the kind, all pages; an aborted `signal` stops it between requests. */
  list(options?: { signal?: AbortSignal }): Promise<LiveResource[]>;
  fetch(sid: string): Promise<LiveResource>;
  create(fields: ResourceFields): Promise<LiveResource>;
  update(sid: string, fields: ResourceFields): Promise<LiveResource>;
  remove(sid: string): Promise<void>;
}
