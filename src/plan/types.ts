import type { FlowFields } from '../model/flexFlow.js';
import type { SourcePosition } from '../flows/types.js';
import type { PlanTarget } from './target.js';

/**
 * The plan contract. `Plan` is plain readonly data; its JSON form (plan/planFile) is what
 * `plan --out` saves and `apply PLANFILE` reads, so a change here is a change of
 * PLAN_FORMAT_VERSION.
 */
export const PLAN_FORMAT_VERSION = 1;

export type Action = 'create' | 'update' | 'delete' | 'noop';

/** A live flow as the plan saw it: apply compares it with the live state to detect a stale plan. */
export interface LiveSnapshot {
  readonly sid: string;
  readonly date_updated: string;
  /** The live flow's writable fields, every one of them (not only the managed ones). */
  readonly fields: FlowFields;
}

/** One field that differs: `path` is `enabled` or `integration.url`. Shown to people; apply reads `send`. */
export interface FieldChange {
  readonly path: string;
  /** Live value (`null` when the live flow has none). */
  readonly before: unknown;
  /** Declared value. */
  readonly after: unknown;
}

export interface CreateChange {
  readonly action: 'create';
  readonly friendly_name: string;
  /** The declared flow; for a create this is also exactly what is sent. */
  readonly after: FlowFields;
  readonly source?: SourcePosition;
}

export interface UpdateChange {
  readonly action: 'update';
  readonly friendly_name: string;
  readonly before: LiveSnapshot;
  /** The declared flow. */
  readonly after: FlowFields;
  readonly changes: readonly FieldChange[];
  /** Exactly the fields the update request sends. */
  readonly send: Partial<FlowFields>;
  /** Set when the live flow carried this older name and the update renames it. */
  readonly renamed_from?: string;
  readonly source?: SourcePosition;
}

export interface DeleteChange {
  readonly action: 'delete';
  readonly friendly_name: string;
  readonly before: LiveSnapshot;
}

export interface NoopChange {
  readonly action: 'noop';
  readonly friendly_name: string;
  readonly before: LiveSnapshot;
}

export type Change = CreateChange | UpdateChange | DeleteChange | NoopChange;

export interface PlanSummary {
  readonly create: number;
  readonly update: number;
  readonly delete: number;
  readonly noop: number;
}

export interface Plan {
  readonly format_version: typeof PLAN_FORMAT_VERSION;
  /** Sorted by friendly_name (code-point order); noops included so renderers can count them. */
  readonly changes: readonly Change[];
  readonly summary: PlanSummary;
  /** Live flows left alone because they match an `ignore` glob (names only). */
  readonly ignored: readonly string[];
  /** Live flows no file declares, kept because prune is off or they are protected. */
  readonly unmanaged: readonly string[];
  /** The account and API host the live flows were read from; set by the CLI, saved with the plan. */
  readonly target?: PlanTarget;
}
