import { redactUrlCredentials } from '../redactUrl.js';

/** A value as a message shows it: short, and with no webhook credentials. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') {
    // Redact before cutting: a cut that drops the `@` would leave the credentials unrecognised.
    const redacted = redactUrlCredentials(value);
    const shown = redacted.length > 60 ? `${redacted.slice(0, 57)}...` : redacted;
    return JSON.stringify(shown);
  }
  // What is left of a YAML or JSON value: a number or a boolean.
  return (value as number | boolean).toString();
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'text',
  boolean: 'true or false',
  integer: 'a whole number',
  number: 'a number',
  object: 'a mapping',
  array: 'a list',
  null: 'null',
};

/** `["integer", "null"]` → `a whole number`. */
export function describeTypes(types: unknown): string {
  const list: unknown[] = Array.isArray(types) ? types : [types];
  // null is allowed (it manages a field as empty) but is never what someone who wrote a wrong value meant.
  const shown = list.length > 1 ? list.filter((type) => type !== 'null') : list;
  return shown.map((type) => TYPE_WORDS[String(type)] ?? String(type)).join(' or ');
}

export function describeRange(minimum: unknown, maximum: unknown): string {
  if (typeof minimum === 'number' && typeof maximum === 'number') return `between ${minimum} and ${maximum}`;
  if (typeof minimum === 'number') return `at least ${minimum}`;
  return `at most ${String(maximum)}`;
}
