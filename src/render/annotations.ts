import type { Problem } from '../source/types.js';

/**
 * GitHub Actions workflow commands as text, and the annotations of validation problems. Pure: the CLI
 * edge decides where the text goes. We format the commands here instead of calling @actions/core
 * because its functions write to process.stdout and read process.env themselves, and the CLI must
 * write only to the injected Io; the escaping is GitHub's documented one (the same as @actions/core's
 * `Command`). Apart from github.ts (apply reports, with the plan's rendering) so that `validate`
 * loads only this.
 */

/** GitHub shows at most this many error annotations per step and drops the rest silently. */
const MAX_ERROR_ANNOTATIONS = 10;

/** Escapes a command's message: a raw newline would end the command and start a line of our input's choosing. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a property value: `,` separates properties and `:` could close the property list. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export type AnnotationLevel = 'error' | 'warning' | 'notice';

export interface AnnotationProperties {
  readonly title?: string;
  readonly file?: string;
  readonly line?: number;
  readonly col?: number;
}

/** One `::level key=value,...::message` line (without the newline). */
export function formatAnnotation(level: AnnotationLevel, message: string, properties: AnnotationProperties = {}): string {
  const pairs = Object.entries(properties)
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`);
  const props = pairs.length === 0 ? '' : ` ${pairs.join(',')}`;
  return `::${level}${props}::${escapeData(message)}`;
}

/** An error annotation before escaping. */
interface ErrorAnnotation {
  readonly message: string;
  readonly properties: AnnotationProperties;
}

/**
 * Error annotations, at most `maxErrors`, then one warning that says how many more there are (a
 * warning, because an eleventh error would be dropped like the others). Ends with a newline
 * unless there are none.
 */
export function renderErrorAnnotations(errors: readonly ErrorAnnotation[], maxErrors: number = MAX_ERROR_ANNOTATIONS): string {
  const lines = errors.slice(0, maxErrors).map((error) => formatAnnotation('error', error.message, error.properties));
  const more = errors.length - lines.length;
  if (more > 0) {
    const noun = more === 1 ? 'problem' : 'problems';
    lines.push(formatAnnotation('warning', `and ${more} more ${noun}: see the log of this step`, { title: 'flexflow-sync' }));
  }
  return lines.map((line) => `${line}\n`).join('');
}

export interface ProblemAnnotationOptions {
  /** Error annotations to write before the overflow line; default MAX_ERROR_ANNOTATIONS. */
  readonly maxErrors?: number;
  /** Maps a problem's file to the path GitHub knows it by (relative to the repository root); default: unchanged. */
  readonly filePath?: (file: string) => string;
}

/** Validation problems as error annotations on the line and column they point at, titled with the rule. */
export function renderProblemAnnotations(problems: readonly Problem[], options: ProblemAnnotationOptions = {}): string {
  const filePath = options.filePath ?? ((file: string) => file);
  const errors = problems.map((problem) => ({
    message: problem.message,
    properties: { file: filePath(problem.file), line: problem.line, col: problem.column, title: `flexflow-sync: ${problem.rule}` },
  }));
  return renderErrorAnnotations(errors, options.maxErrors);
}
