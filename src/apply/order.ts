import { identityMoves, type IdentityMove } from '../plan/identity.js';
import type { Change } from '../plan/types.js';
import { type ExecutableChange, isExecutable } from './report.js';

/** A plan's changes in the groups apply runs them in. */
export interface ApplyOrder {
  /** Each contact identity that moves: freed, then taken. */
  readonly moves: readonly IdentityMove[];
  /** The other creates and updates, beside the moves. */
  readonly writes: readonly ExecutableChange[];
  /** The other deletes, last, and only when every write succeeded. */
  readonly deletes: readonly ExecutableChange[];
}

export function applyOrder(changes: readonly Change[]): ApplyOrder {
  const executable = changes.filter(isExecutable);
  const moves = identityMoves(executable);
  const moving = new Set<ExecutableChange>(moves.flatMap((move) => [move.from, move.to]));
  const rest = executable.filter((change) => !moving.has(change));
  return {
    moves,
    writes: rest.filter((change) => change.action !== 'delete'),
    deletes: rest.filter((change) => change.action === 'delete'),
  };
}
