import { FlexFlowSyncError } from '../errors.js';

/**
 * A create was sent but no answer says whether Twilio made the flow (a timeout, a reset
 * connection, a 5xx). Repeating it blindly could duplicate the flow; apply first looks it up.
 */
export class OutcomeUnknownError extends FlexFlowSyncError {
  constructor(method: string, path: string, reason: string, options?: { cause?: unknown }) {
    super('E_OUTCOME_UNKNOWN', `${method} ${path}: outcome unknown (${reason})`, options);
  }
}

/** Failures that usually mean the wrong host rather than a network hiccup. */
const WRONG_HOST_CODES = new Set(['ENOTFOUND', 'ECONNREFUSED']);

/**
 * The API could not be reached, or stopped answering, within the retry budget. The message names
 * the host (a base URL never holds credentials) since a mistyped region or URL is the usual cause.
 */
export class NetworkError extends FlexFlowSyncError {
  constructor(method: string, path: string, host: string, reason: string, options?: { cause?: unknown }) {
    const hint = WRONG_HOST_CODES.has(reason)
      ? '; the host comes from TWILIO_REGION and TWILIO_EDGE, or from --api-url or FLEXFLOW_API_URL when set: check them'
      : '';
    super('E_NETWORK', `${method} ${path} to ${host} failed: ${reason}${hint}`, options);
  }
}
