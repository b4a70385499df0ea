import type { Problem } from '../flows/types.js';

/**
 * GitHub Actions workflow commands and file commands, as text. Pure: the CLI edge decides where the
 * text goes. We format the commands here instead of calling @actions/core because its functions
 * write to process.stdout and read process.env themselves, and the CLI must write only to the
 * injected Io; the escaping is GitHub's documented one (the same as @actions/core's `Command`).
 */

/** GitHub shows at most this many error annotations per step and drops the rest silently. */
export const MAX_ERROR_ANNOTATIONS = 10;

/** A step summary larger than this (1 MiB) is refused by the runner and the step's summary is lost. */
export const STEP_SUMMARY_MAX_BYTES = 1024 * 1024;

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

export interface ProblemAnnotationOptions {
  /** Error annotations to write before the overflow line; default MAX_ERROR_ANNOTATIONS. */
  readonly maxErrors?: number;
  /** Maps a problem's file to the path GitHub knows it by (relative to the repository root); default: unchanged. */
  readonly filePath?: (file: string) => string;
}

/**
 * One error annotation per problem, at most `maxErrors`, then one warning that says how many more
 * there are (a warning, because an eleventh error would be dropped like the others). Ends with a
 * newline unless there are no problems.
 */
export function renderProblemAnnotations(problems: readonly Problem[], options: ProblemAnnotationOptions = {}): string {
  const maxErrors = options.maxErrors ?? MAX_ERROR_ANNOTATIONS;
  const filePath = options.filePath ?? ((file: string) => file);
  const lines = problems.slice(0, maxErrors).map((problem) =>
    formatAnnotation('error', problem.message, {
      file: filePath(problem.file),
      line: problem.line,
      col: problem.column,
      title: `flexflow-sync: ${problem.rule}`,
    }),
  );
  const more = problems.length - lines.length;
  if (more > 0) {
    const noun = more === 1 ? 'problem' : 'problems';
    lines.push(formatAnnotation('warning', `and ${more} more ${noun}: see the log of this step`, { title: 'flexflow-sync' }));
  }
  return lines.map((line) => `${line}\n`).join('');
}

/**
 * `$GITHUB_OUTPUT` text for the given outputs, each in the multi-line form `name<<DELIM`, value,
 * `DELIM`, so that a value with newlines cannot add outputs of its own. `newDelimiter` is asked
 * again until its answer appears in neither the name nor the value.
 */
export function renderOutputFile(outputs: Readonly<Record<string, string>>, newDelimiter: () => string): string {
  return Object.entries(outputs)
    .map(([name, value]) => {
      let delimiter = newDelimiter();
      while (name.includes(delimiter) || value.includes(delimiter)) delimiter = newDelimiter();
      return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
    })
    .join('');
}

/**
 * Cuts `text` to at most `maxBytes` of UTF-8 without splitting a character, ending it with `notice`
 * when cut. The plan renderers bound their output in characters; the runner counts bytes.
 */
export function truncateUtf8(text: string, maxBytes: number, notice: string): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  const budget = maxBytes - Buffer.byteLength(notice, 'utf8');
  const bytes = Buffer.from(text, 'utf8');
  let end = Math.max(0, budget);
  // Back up to the start of a character: UTF-8 continuation bytes are 0b10xxxxxx.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return bytes.subarray(0, end).toString('utf8') + notice;
}
