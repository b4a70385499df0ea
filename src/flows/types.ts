import type { FlowFields } from '../model/flexFlow.js';
import type { KindName, ResourceFields } from '../model/kind.js';

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

/** A flow declared in a file, after variables are resolved and types checked. */
export interface DesiredFlow {
  readonly fields: FlowFields;
  /** Names this flow had before, so that plan renames instead of delete + create. */
  readonly renamedFrom: readonly string[];
  /** Where the document starts. */
  readonly source: SourcePosition;
}

/** A resource of any kind declared in a file (a document's `kind:`; none: a Flex Flow). */
export interface DesiredResource {
  readonly kind: KindName;
  readonly fields: ResourceFields;
  /** Keys this resource had before (`renamed_from`), for kinds whose key may change. */
  readonly renamedFrom: readonly string[];
  /** The key of the resource of the replaced kind it succeeds (`migrated_from`, see ResourceKind.replaces). */
  readonly migratedFrom?: string;
  /** Where the document starts. */
  readonly source: SourcePosition;
}

export interface LoadResult {
  /** Every valid document, of every kind, in reading order (file, then position). */
  readonly resources: readonly DesiredResource[];
  /** The Flex Flows among `resources`, for the callers that handle flows only. */
  readonly flows: readonly DesiredFlow[];
  readonly problems: readonly Problem[];
  /** Number of flow files read (0: the folder is empty or missing, which never deletes anything). */
  readonly fileCount: number;
  /** The problems are the var file's: no flow file was read, as every `${NAME}` in them would be suspect. */
  readonly badVarFile: boolean;
}
