import type { KindName, ResourceFields } from '../model/kind.js';
import type { TargetKind } from '../model/lookupTargets.js';
import type { Problem, SourcePosition } from '../source/types.js';

/** A workflow's workspace: by SID, or by name (looked up as a workspace first). */
export type WorkspaceChoice = { readonly sid: string } | { readonly name: string };

/** One name in a file that stands for a SID (issue 20): src/resolve turns it into the SID. */
export interface NameReference {
  readonly kind: TargetKind;
  readonly name: string;
  /** Where the name is written: problems point here. */
  readonly position: SourcePosition;
  /** Required for a workflow (looked up in that workspace); ignored for other kinds. */
  readonly workspace?: WorkspaceChoice;
}

/** A name a resource's file gives instead of the SID at `sidPath` (`integration.flow_sid`). */
export interface ResourceName {
  readonly sidPath: string;
  readonly reference: NameReference;
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
  /** SIDs the file gives by name (absent: none); their fields are absent from `fields` until resolved. */
  readonly names?: readonly ResourceName[];
}

export interface LoadResult {
  /** Every valid document, of every kind, in reading order (file, then position). */
  readonly resources: readonly DesiredResource[];
  readonly problems: readonly Problem[];
  /** Number of flow files read (0: the folder is empty or missing, which never deletes anything). */
  readonly fileCount: number;
  /** The problems are the var file's: no flow file was read, as every `${NAME}` in them would be suspect. */
  readonly badVarFile: boolean;
}
