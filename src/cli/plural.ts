/** `1 flow`, `2 flows`: counts in messages read as English. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

interface Nouns {
  readonly noun: string;
  readonly nounPlural: string;
}

/** `1 flow`, `2 address configurations`: a count of one resource kind, in its own words. */
export function countOf(count: number, kind: Nouns): string {
  return `${count} ${count === 1 ? kind.noun : kind.nounPlural}`;
}

/**
 * `3 flows and 2 address configurations`: the kinds counted, in the order given, those with none left
 * out (so a folder of flows alone reads as it always did); `0 flows` (the first kind) when all are none.
 */
export function countsOfKinds(counts: ReadonlyMap<Nouns, number>): string {
  const parts = [...counts].flatMap(([kind, count]) => (count === 0 ? [] : [countOf(count, kind)]));
  if (parts.length === 0) return countOf(0, [...counts.keys()][0] ?? { noun: 'flow', nounPlural: 'flows' });
  return parts.length === 1 ? (parts[0] as string) : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1) as string}`;
}
