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

/** The API could not be reached, or stopped answering, within the retry budget. */
export class NetworkError extends FlexFlowSyncError {
  constructor(method: string, path: string, reason: string, options?: { cause?: unknown }) {
    super('E_NETWORK', `${method} ${path} failed: ${reason}`, options);
  }
}
