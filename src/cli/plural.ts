/** `1 flow`, `2 flows`: counts in messages read as English. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** `1 flow`, `2 address configurations`: a count of one resource kind, in its own words. */
export function countOf(count: number, kind: { readonly noun: string; readonly nounPlural: string }): string {
  return `${count} ${count === 1 ? kind.noun : kind.nounPlural}`;
}
