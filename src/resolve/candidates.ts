import { distance } from 'fastest-levenshtein';
import type { ListedItem } from '../api/listCollection.js';
import { compareText } from '../compareText.js';
import { serverText } from '../printable.js';

/** Candidates shown for a name that matched nothing: enough to spot a typo, too few to flood a log. */
const MAX_CANDIDATES = 5;
/** SIDs shown for a name that matched several. */
export const MAX_MATCHES_SHOWN = 10;
/** Longest part of a server's name shown in a message. */
const MAX_NAME_SHOWN = 80;
/** Names are compared on at most this many characters, so that a hostile list costs bounded work. */
const MAX_NAME_COMPARED = 256;

/** A name from a server or a file, quoted for a message: terminal sequences removed, at most MAX_NAME_SHOWN characters. */
export function quoteName(name: string): string {
  const plain = serverText(name);
  return JSON.stringify(plain.length > MAX_NAME_SHOWN ? `${plain.slice(0, MAX_NAME_SHOWN)}…` : plain);
}

/** How far `candidate` is from `name`, or undefined when it is not close: case, containment or a few edits apart. */
function closeness(name: string, candidate: string): number | undefined {
  const a = name.slice(0, MAX_NAME_COMPARED).toLowerCase();
  const b = candidate.slice(0, MAX_NAME_COMPARED).toLowerCase();
  if (a === b) return 0;
  const edits = distance(a, b);
  if (edits <= Math.max(2, Math.floor(a.length / 3))) return edits;
  return a.length >= 3 && b.length >= 3 && (a.includes(b) || b.includes(a)) ? edits : undefined;
}

/**
 * The items whose names are close to `name` (it matched none exactly), closest first, then by name
 * and SID, at most MAX_CANDIDATES; `more` counts the close ones left out.
 */
export function closeCandidates(
  name: string,
  items: readonly ListedItem[],
): { readonly shown: readonly ListedItem[]; readonly more: number } {
  const close: { item: ListedItem; edits: number }[] = [];
  for (const item of items) {
    if (item.friendly_name === null) continue;
    const edits = closeness(name, item.friendly_name);
    if (edits !== undefined) close.push({ item, edits });
  }
  close.sort(
    (a, b) =>
      a.edits - b.edits || compareText(a.item.friendly_name ?? '', b.item.friendly_name ?? '') || compareText(a.item.sid, b.item.sid),
  );
  return { shown: close.slice(0, MAX_CANDIDATES).map(({ item }) => item), more: Math.max(0, close.length - MAX_CANDIDATES) };
}

/** `"Inbound Sms" FWaa…, "inbound" FWbb…`, and `and N more` past the shown ones. */
export function describeItems(items: readonly ListedItem[], more: number, withNames: boolean): string {
  const listed = items.map((item) => (withNames ? `${quoteName(item.friendly_name ?? '')} ${item.sid}` : item.sid)).join(', ');
  return more > 0 ? `${listed} and ${more} more` : listed;
}
