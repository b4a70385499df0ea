import type { LiveResource, ResourceKind } from '../model/kind.js';
import { compareText } from '../compareText.js';
import { keyOf } from '../plan/normalize.js';
import type { CreateOrigin } from './create.js';

/**
 * Two applies started together both see a key free and both create it. Twilio's API has no lock,
 * so each run heals afterwards: once its creates are done and a settle delay longer than
 * `date_created`'s one-second resolution has passed, it lists again and, for each key it created
 * that now exists more than once, every run keeps the same copy (earliest `date_created`, then
 * lowest SID) and deletes only the copy it made itself. A copy created after the list of a run that
 * already healed is at least the settle delay younger than that run's copy, so it is never the one
 * kept: the run that made it deletes it when it heals in turn.
 */

/** A resource this run's create answered with, or adopted (see CreateOrigin). */
export interface CreatedResource {
  readonly key: string;
  readonly sid: string;
  readonly origin: CreateOrigin;
}

export type CopyDecision =
  | { readonly kind: 'keep' }
  /** Delete this run's copy `sid`; `keeper` stays. */
  | { readonly kind: 'delete-own'; readonly keeper: LiveResource }
  /** This run made no copy (its create was refused): the resource is `keeper`, which another run keeps. */
  | { readonly kind: 'follow'; readonly keeper: LiveResource }
  /** Leave it, and report it: the key exists more than once and this run may not delete any copy. */
  | { readonly kind: 'unresolved'; readonly message: string };

/** The copy every run keeps: earliest date_created (ISO 8601 in UTC sorts as text), then lowest SID. */
function keeperOf(copies: readonly LiveResource[]): LiveResource | undefined {
  const created = (resource: LiveResource): string => String(resource.date_created);
  return [...copies].sort((a, b) => compareText(created(a), created(b)) || compareText(a.sid, b.sid))[0];
}

/** What to do with each resource of `kind` this run created, given the live ones listed after the settle delay. */
export function decideCopies(kind: ResourceKind, created: readonly CreatedResource[], live: readonly LiveResource[]): CopyDecision[] {
  const byKey = new Map<string, LiveResource[]>();
  const keys = new Set(created.map((flow) => flow.key));
  for (const resource of live) {
    const key = keyOf(kind, resource);
    if (keys.has(key)) byKey.set(key, [...(byKey.get(key) ?? []), resource]);
  }
  return created.map((flow): CopyDecision => {
    const copies = byKey.get(flow.key) ?? [];
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
    const sids = copies
      .map((copy) => copy.sid)
      .sort(compareText)
      .join(', ');
    return {
      kind: 'unresolved',
      message: `${kind.noun} ${JSON.stringify(flow.key)} now exists ${copies.length} times (${sids}) and this run cannot tell which copy it made; keep ${keeper.sid} and delete the others`,
    };
  });
}
