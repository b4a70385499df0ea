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
 * the host (a base URL never holds credentials) and, when the host is the likely culprit, where the
 * URL came from, since a mistyped region or URL is the usual cause.
 */
export class NetworkError extends FlexFlowSyncError {
  constructor(method: string, path: string, host: string, reason: string, options?: { cause?: unknown; urlSource?: string }) {
    const source = options?.urlSource ?? 'TWILIO_REGION and TWILIO_EDGE, or --api-url or FLEXFLOW_API_URL when set';
    const hint =
      reason === 'EPROTO'
        ? `; the server did not speak TLS: is the URL http://${host} (from ${source})?`
        : WRONG_HOST_CODES.has(reason)
          ? `; the URL comes from ${source}: check it`
          : '';
    super('E_NETWORK', `${method} ${path} to ${host} failed: ${reason}${hint}`, options);
  }
}
