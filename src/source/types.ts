/** Where something stands in a file: 1-based line and column. */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** One thing wrong with the input, as data; the CLI decides how to print it. */
export interface Problem extends SourcePosition {
  /** Stable id of the rule that found it (`yaml-syntax`, `unknown-key`, `sid-pattern`, ...). */
  readonly rule: string;
  readonly message: string;
}
