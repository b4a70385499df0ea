import { redactUrlCredentials } from '../redactUrl.js';

/** A copy of `value` with credentials stripped from every string in it. */
export function redactDeep<T>(value: T): T {
  return mapStrings(value, (text) => redactUrlCredentials(text)) as T;
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
