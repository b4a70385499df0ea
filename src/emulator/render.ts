import type { EmulatedKind } from './kinds.js';
import type { StoredResource } from './store.js';

/** ISO-8601 to the second, as Twilio writes dates: `2016-08-01T22:10:40Z`. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The group as the API echoes it: the fields that are set, in the table's order. */
function renderGroup(emulated: EmulatedKind, group: unknown): Record<string, unknown> | null {
  if (typeof group !== 'object' || group === null) return null;
  const out: Record<string, unknown> = {};
  for (const spec of emulated.kind.group.fields) {
    const value = (group as Record<string, unknown>)[spec.name];
    if (value === undefined || value === null) continue;
    out[spec.name] = emulated.upperCaseInAnswers.includes(spec.name) && typeof value === 'string' ? value.toUpperCase() : value;
  }
  return out;
}

/** The absolute URL of the kind's collection on the emulator at `baseUrl`. */
export function collectionUrl(emulated: EmulatedKind, baseUrl: string): string {
  return `${baseUrl}${emulated.kind.api.collection}`;
}

/** A stored resource in the exact shape and key order of Twilio's answer. */
export function renderResource(
  emulated: EmulatedKind,
  record: StoredResource,
  accountSid: string,
  baseUrl: string,
): Record<string, unknown> {
  const answer: Record<string, unknown> = {};
  for (const key of emulated.answerKeys) {
    if (key === 'account_sid') answer[key] = accountSid;
    else if (key === 'url') answer[key] = `${collectionUrl(emulated, baseUrl)}/${record.sid}`;
    else if (key === emulated.kind.group.name) answer[key] = renderGroup(emulated, record[key]);
    else answer[key] = record[key];
  }
  return answer;
}
