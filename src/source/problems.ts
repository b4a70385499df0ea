import { compareText } from '../compareText.js';
import { escapeUnprintable } from '../printable.js';
import { redactUrlCredentials } from '../redactUrl.js';
import type { Problem, SourcePosition } from './types.js';

/** Sorted by file, line, column, then rule, so that output is the same bytes on every run. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) =>
      compareText(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      compareText(a.rule, b.rule) ||
      compareText(a.message, b.message),
  );
}

/** `file:line:col: message`, the form editors and CI annotations understand. */
export function formatProblem(problem: Problem): string {
  return `${formatPosition(problem)}: ${problem.message}`;
}

export function formatPosition(position: SourcePosition): string {
  return `${position.file}:${position.line}:${position.column}`;
}

/**
 * A problem at `position`. Keys, file names and values from files reach the message: each problem is
 * made printable here, once, and its message redacted, whatever built it: a rule quoting a name or an
 * identity may quote a URL with credentials in it (any text field may hold one). `verbatim` are the
 * keys and addresses it quotes, which are not URLs: `sip:alice@example.com` stays as declared.
 */
export function problemAt(position: SourcePosition, rule: string, message: string, verbatim: readonly string[] = []): Problem {
  return {
    file: escapeUnprintable(position.file),
    line: position.line,
    column: position.column,
    rule,
    message: escapeUnprintable(redactUrlCredentials(message, verbatim)),
  };
}

/** Where a problem about a whole file (size, encoding, emptiness) points. */
export function fileStart(file: string): SourcePosition {
  return { file, line: 1, column: 1 };
}
