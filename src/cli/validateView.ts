/**
 * How validate shows its problems on stdout, chosen once by `--format` (as applyView.ts for apply):
 * the command hands the view what it loaded and never asks which format it has.
 */
import type { DesiredResource } from '../flows/types.js';
import { kindNamed } from '../model/kinds.js';
import { redactUrlCredentials } from '../redactUrl.js';
import { formatProblem } from '../source/problems.js';
import type { Problem } from '../source/types.js';
import { type Io, writeJsonDocument } from './io.js';

export const VALIDATE_FORMATS = ['text', 'json'] as const;
export type ValidateFormat = (typeof VALIDATE_FORMATS)[number];

/**
 * The shape of `validate --format json`. Version 1 was a bare array of problems; version 2 says
 * also which resources, of which kind, the valid documents declare.
 */
const VALIDATE_FORMAT_VERSION = 2;

/** What validate found: every problem, sorted, and what the valid documents declare. */
export interface Validation {
  readonly problems: readonly Problem[];
  readonly resources: readonly DesiredResource[];
  readonly fileCount: number;
}

function jsonReport({ problems, resources, fileCount }: Validation) {
  return {
    format_version: VALIDATE_FORMAT_VERSION,
    valid: problems.length === 0,
    files: fileCount,
    resources: resources.map(({ kind, fields, source }) => ({
      kind,
      // A key may come from a variable; a webhook URL's password in it stays out of the output, while
      // a key is no URL: `sip:alice@example.com` is reported as declared, for a consumer to match.
      key: redactUrlCredentials(String(fields[kindNamed(kind).key]), [String(fields[kindNamed(kind).key])]),
      file: source.file,
      line: source.line,
      column: source.column,
    })),
    problems: problems.map(({ file, line, column, message, rule }) => ({ file, line, column, message, rule })),
  };
}

const WRITERS: Readonly<Record<ValidateFormat, (out: Io['stdout'], validation: Validation) => void>> = {
  text: (out, { problems }) => {
    for (const problem of problems) out.write(`${formatProblem(problem)}\n`);
  },
  json: (out, validation) => writeJsonDocument(out, jsonReport(validation)),
};

/** Writes what validate found on `io.stdout`: a line a problem, or one versioned JSON document. */
export function validateView(format: ValidateFormat, io: Io): { report(validation: Validation): void } {
  const write = WRITERS[format];
  return { report: (validation) => write(io.stdout, validation) };
}
