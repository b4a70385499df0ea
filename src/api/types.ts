import type { FlexFlow, FlowFields } from '../model/flexFlow.js';

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
