import type { ResourceKind } from './kind.js';
import { DEFAULT_KIND } from './kinds.js';

/**
 * Reading order: the key and the required choices first (a flow's name and channel, an address and
 * its type), then the table's order, with the group right after the top-level discriminator that
 * governs it, or last when its discriminator is inside it. Documents of a kind other than the default
 * start with `kind:`.
 */
export function documentFieldOrder(kind: ResourceKind): string[] {
  const leading = [
    kind.key,
    ...kind.fields
      .filter((spec) => spec.enum !== undefined && kind.requiredOnCreate.includes(spec.name) && spec.name !== kind.key)
      .map((spec) => spec.name),
  ];
  const rest = kind.fields.flatMap((spec) =>
    leading.includes(spec.name) ? [] : spec.name === kind.group.discriminator ? [spec.name, kind.group.name] : [spec.name],
  );
  return [
    ...(kind.name === DEFAULT_KIND ? [] : ['kind']),
    ...leading,
    ...rest,
    ...(rest.includes(kind.group.name) ? [] : [kind.group.name]),
  ];
}
