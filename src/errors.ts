/**
 * One error hierarchy. Every error the tool raises for a user's mistake or an API answer is a
 * FlexFlowSyncError with a stable `code`; the CLI prints its message on one line (no stack trace)
 * and exits 1. Anything else is a system error or a bug: see src/cli/unexpectedError.ts.
 */
export class FlexFlowSyncError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Bad input from the user: flags, files, settings, environment. */
export class UserInputError extends FlexFlowSyncError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_INPUT', message, options);
  }
}

/** The Twilio API (or the emulator) answered with an error body `{code, message, more_info, status}`. */
export class TwilioApiError extends FlexFlowSyncError {
  readonly status: number;
  readonly twilioCode: number | undefined;
  readonly moreInfo: string | undefined;

  constructor(init: { status: number; twilioCode?: number; message: string; moreInfo?: string; method: string; path: string }) {
    const code = init.twilioCode === undefined ? '' : ` (Twilio error ${init.twilioCode})`;
    super('E_API', `${init.method} ${init.path} failed: HTTP ${init.status}${code}: ${init.message}`);
    this.status = init.status;
    this.twilioCode = init.twilioCode;
    this.moreInfo = init.moreInfo;
  }
}

/** A plan that the safety rails refuse (mass delete, duplicate live names, stale saved plan). */
export class UnsafePlanError extends FlexFlowSyncError {
  constructor(message: string) {
    super('E_UNSAFE_PLAN', message);
  }
}
