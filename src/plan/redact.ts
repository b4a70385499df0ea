import { redactUrlCredentials } from '../redactUrl.js';

/**
 * A copy of `value` with credentials stripped from every string in it. Each string is one field's
 * value, not a message: only a real URL's credentials go, so an address such as
 * `email:support@example.com` or `sip:alice@example.com` stays as written.
 */
export function redactDeep<T>(value: T): T {
  return mapStrings(value, redactValue) as T;
}

/** One field's value with a URL's credentials redacted (see redactDeep). */
export function redactValue(text: string): string {
  return redactUrlCredentials(text, [text]);
}

/** A copy of `value` with `map` applied to every string in it. */
export function mapStrings(value: unknown, map: (text: string) => unknown): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, map)]));
  }
  return value;
}
