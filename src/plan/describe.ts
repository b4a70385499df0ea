import { DEFAULT_KIND, kindNamed } from '../model/kinds.js';
import type { ResourceRef } from './types.js';

/**
 * A resource as a message names it: its key JSON-quoted, after the kind's noun unless it is the
 * default kind, which a file need not even name (`"Support"`, `address configuration "+15005550006"`).
 */
export function describeRef(ref: ResourceRef, quote: (key: string) => string = JSON.stringify): string {
  return ref.kind === DEFAULT_KIND ? quote(ref.key) : `${kindNamed(ref.kind).noun} ${quote(ref.key)}`;
}

export function describeRefs(refs: readonly ResourceRef[]): string {
  return refs.map((ref) => describeRef(ref)).join(', ');
}

/** One string per resource (its kind and key), for the sets and maps that find a resource by both. */
export function refId(kind: string, key: string): string {
  return `${kind}\u0000${key}`;
}
