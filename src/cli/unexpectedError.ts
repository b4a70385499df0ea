import { redactUrlCredentials } from '../redactUrl.js';
import { escapeUnprintableLines } from '../printable.js';

/** Set to 1 (any value but empty or 0) to print the stack of an unexpected error. */
const DEBUG_VARIABLE = 'FLEXFLOW_SYNC_DEBUG';

/** What Node attaches to a failed file-system or network call (`EACCES`, `ENOSPC`, ...). */
interface SystemError extends Error {
  readonly code: string;
  readonly syscall: string;
  readonly path?: string;
  readonly dest?: string;
}

function isSystemError(error: unknown): error is SystemError {
  if (!(error instanceof Error)) return false;
  const { code, syscall } = error as Partial<SystemError>;
  return typeof code === 'string' && typeof syscall === 'string';
}

/** Node writes `EACCES: permission denied, open '/x'`; the description is between the code and the call. */
function systemDescription(error: SystemError): string {
  const prefix = `${error.code}: `;
  const text = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  const end = text.indexOf(`, ${error.syscall}`);
  return end === -1 ? text : text.slice(0, end);
}

export function debugEnabled(env: Readonly<Record<string, string | undefined>>): boolean {
  const value = env[DEBUG_VARIABLE];
  return value !== undefined && value !== '' && value !== '0';
}

/**
 * The lines for an error that is not a FlexFlowSyncError. A system error (the disk, permissions)
 * is the user's to fix and names its path; anything else is a bug, whose stack is printed only
 * in debug mode so that a normal run never shows a trace.
 */
export function formatUnexpectedError(error: unknown, debug: boolean): string {
  const lines: string[] = [];
  if (isSystemError(error)) {
    const target = error.path === undefined ? '' : `${error.path}${error.dest === undefined ? '' : ` -> ${error.dest}`}: `;
    lines.push(`error: ${target}${systemDescription(error)} (${error.code} from ${error.syscall})`);
  } else {
    lines.push(`error: ${error instanceof Error ? error.message : String(error)}`);
    if (!debug)
      lines.push(
        `error: this is a bug in flexflow-sync; run again with ${DEBUG_VARIABLE}=1 for the stack trace and report it with that output`,
      );
  }
  if (debug && error instanceof Error && error.stack !== undefined) lines.push(error.stack);
  return `${escapeUnprintableLines(redactUrlCredentials(lines.join('\n')))}\n`;
}
