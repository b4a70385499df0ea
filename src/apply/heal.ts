import type { FlexFlow } from '../model/flexFlow.js';
import { compareText } from '../compareText.js';
import type { CreateOrigin } from './create.js';

/**
 * Two applies started together both see a name free and both create it. The Flex API has no lock,
 * so each run heals afterwards: once its creates are done and a settle delay longer than
 * `date_created`'s one-second resolution has passed, it lists again and, for each name it created
 * that now exists more than once, every run keeps the same copy (earliest `date_created`, then
 * lowest SID) and deletes only the copy it made itself. A copy created after the list of a run that
 * already healed is at least the settle delay younger than that run's copy, so it is never the one
 * kept: the run that made it deletes it when it heals in turn.
 */

/** A flow this run's create answered with, or adopted (see CreateOrigin). */
export interface CreatedFlow {
  readonly name: string;
  readonly sid: string;
  readonly origin: CreateOrigin;
}

export type CopyDecision =
  | { readonly kind: 'keep' }
  /** Delete this run's copy `sid`; `keeper` stays. */
  | { readonly kind: 'delete-own'; readonly keeper: FlexFlow }
  /** This run made no copy (its create was refused): the flow is `keeper`, which another run keeps. */
  | { readonly kind: 'follow'; readonly keeper: FlexFlow }
  /** Leave it, and report it: the name exists more than once and this run may not delete any copy. */
  | { readonly kind: 'unresolved'; readonly message: string };

/** The copy every run keeps: earliest date_created (ISO 8601 in UTC sorts as text), then lowest SID. */
function keeperOf(copies: readonly FlexFlow[]): FlexFlow | undefined {
  return [...copies].sort((a, b) => compareText(a.date_created, b.date_created) || compareText(a.sid, b.sid))[0];
}

/** What to do with each flow this run created, given the live flows listed after the settle delay. */
export function decideCopies(created: readonly CreatedFlow[], live: readonly FlexFlow[]): CopyDecision[] {
  const byName = new Map<string, FlexFlow[]>();
  const names = new Set(created.map((flow) => flow.name));
  for (const flow of live) {
    if (names.has(flow.friendly_name)) byName.set(flow.friendly_name, [...(byName.get(flow.friendly_name) ?? []), flow]);
  }
  return created.map((flow): CopyDecision => {
    const copies = byName.get(flow.name) ?? [];
    const keeper = keeperOf(copies);
    if (copies.length <= 1 || keeper === undefined) return { kind: 'keep' };
    switch (flow.origin) {
      case 'from-concurrent-apply':
        return keeper.sid === flow.sid ? { kind: 'keep' } : { kind: 'follow', keeper };
      case 'made':
        if (keeper.sid === flow.sid) return { kind: 'keep' };
        if (copies.some((copy) => copy.sid === flow.sid)) return { kind: 'delete-own', keeper };
        break;
      case 'after-lost-answer':
        // The create whose answer was lost may have made one of the other copies: none is this run's to delete.
        break;
    }
    const sids = copies.map((copy) => copy.sid).sort(compareText).join(', ');
    return { kind: 'unresolved', message: `flow ${JSON.stringify(flow.name)} now exists ${copies.length} times (${sids}) and this run cannot tell which copy it made; keep ${keeper.sid} and delete the others` };
  });
}
