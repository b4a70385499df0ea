import { DEFAULT_KIND, kindNamed } from '../model/kinds.js';
import type { ResourceRef } from './types.js';

/**
 * A resource as a message names it: its key JSON-quoted, after the kind's noun unless it is the
 * default kind, which a file need not even name (`"Support"`, `address configuration "+15005550006"`).
 */
export function describeRef(ref: ResourceRef, quote: (key: string) => string = JSON.stringify): string {
  return ref.kind === DEFAULT_KIND ? quote(ref.key) : `${kindNamed(ref.kind).noun} ${quote(ref.key)}`;
}

/** How many names a refusal or error lists before it counts the rest: one line stays readable for a plan of 2,500 changes. */
const MAX_LISTED_NAMES = 10;

/** `items` joined (with commas), the first MAX_LISTED_NAMES only, then how many more there are. */
export function listBounded(items: readonly string[], separator = ', ', rest = (count: string): string => ` and ${count} more`): string {
  if (items.length <= MAX_LISTED_NAMES) return items.join(separator);
  return `${items.slice(0, MAX_LISTED_NAMES).join(separator)}${rest((items.length - MAX_LISTED_NAMES).toLocaleString('en-US'))}`;
}

export function describeRefs(refs: readonly ResourceRef[]): string {
  return listBounded(refs.map((ref) => describeRef(ref)));
}

/** One string per resource (its kind and key), for the sets and maps that find a resource by both. */
export function refId(kind: string, key: string): string {
  return `${kind}\u0000${key}`;
}
