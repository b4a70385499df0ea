/**
 * Orders text by UTF-16 code units, not by the machine's locale, so that plans, problem lists and
 * file names come out the same everywhere.
 */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
