import type { ErrorObject } from 'ajv';
import { closest, distance } from 'fastest-levenshtein';
import { redactUrlCredentials } from '../redactUrl.js';
import { describeRange, describeTypes, describeValue } from './describe.js';
import { escapePointer, pointerToPath } from './pointer.js';
import { problemAt } from './problems.js';
import type { Problem } from './types.js';
import type { SourceDocument } from './sourceDocument.js';

/** What the caller knows about a document's keys, to turn Ajv errors into messages. */
export interface SchemaVocabulary {
  /** The keys allowed in the mapping at a pointer (`` for the root). */
  readonly keysAt: (pointer: string) => readonly string[];
  /** A better message for a pattern failure at a pointer, e.g. the SID format. */
  readonly patternMessage?: (pointer: string) => string | undefined;
  /** Where an unknown key belongs instead, when it is a known key at another level. */
  readonly belongsElsewhere?: (key: string, pointer: string) => string | undefined;
  /** A message that replaces "unknown key" for a key that means something, but not here (renamed_from of a kind whose key is fixed). */
  readonly unknownKeyMessage?: (key: string, pointer: string) => string | undefined;
  /** A message for a `null` the schema refuses at a pointer, saying what to write instead. */
  readonly nullMessage?: (pointer: string) => string | undefined;
  /** Why a required key is required. */
  readonly requiredReason?: string;
  /** What a message calls the whole document (`the settings file`); default: `the document`. */
  readonly documentName?: string;
}

/**
 * Maps Ajv errors (run with `allErrors` and `verbose`) to problems at the offending key or value.
 * A type error hides the other errors at the same place, which would only repeat it.
 */
export function schemaProblems(
  errors: readonly ErrorObject[],
  document: SourceDocument,
  vocabulary: SchemaVocabulary,
  written: ReadonlyMap<string, string> = new Map(),
): Problem[] {
  const typeErrorAt = new Set(errors.filter((error) => error.keyword === 'type').map((error) => error.instancePath));
  const problems: Problem[] = [];
  for (const error of errors) {
    if (error.keyword !== 'type' && typeErrorAt.has(error.instancePath)) continue;
    if (error.keyword === 'anyOf' || error.keyword === 'if') continue;
    const problem = toProblem(error, document, vocabulary, written);
    if (problem) problems.push(problem);
  }
  return problems;
}

function toProblem(
  error: ErrorObject,
  document: SourceDocument,
  vocabulary: SchemaVocabulary,
  written: ReadonlyMap<string, string>,
): Problem | undefined {
  const pointer = error.instancePath;
  const valueAt = document.positions.get(pointer)?.value ?? document.start;
  const path = pointerToPath(pointer);
  // A message about the whole document (a list where a mapping belongs) has no key to name.
  const subject = path === '' ? (vocabulary.documentName ?? 'the document') : path;
  const source = written.get(pointer);
  const from = source === undefined ? '' : ` (from ${JSON.stringify(redactUrlCredentials(source))})`;
  const got = `got ${describeValue(error.data)}${from}`;
  const params = error.params as Record<string, unknown>;
  const parent = error.parentSchema ?? {};
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const at = document.positions.get(`${pointer}/${escapePointer(key)}`)?.key ?? valueAt;
      const where = path === '' ? '' : ` in ${path}`;
      const instead = vocabulary.unknownKeyMessage?.(key, pointer);
      if (instead !== undefined) return problemAt(at, 'unknown-key', instead);
      return problemAt(at, 'unknown-key', `unknown key "${key}"${where}; ${suggestion(key, pointer, vocabulary)}`);
    }
    case 'required': {
      const key = String(params.missingProperty);
      // The reason is Twilio's, for the resource's own fields; migrated_from.flex_flow is required by flexflow-sync.
      const reason = vocabulary.requiredReason && path === '' ? ` (${vocabulary.requiredReason})` : '';
      return problemAt(valueAt, 'required', `missing required key "${path === '' ? key : `${path}.${key}`}"${reason}`);
    }
    case 'type': {
      if (error.data === null) {
        const instead = vocabulary.nullMessage?.(pointer);
        if (instead !== undefined) return problemAt(valueAt, 'type', instead);
      }
      return problemAt(valueAt, 'type', `${subject} must be ${describeTypes(params.type)}, ${got}${typeFix(params.type, error.data)}`);
    }
    case 'pattern': {
      // `us` for a country code, `is0123…` for a SID: the fix is often the case alone.
      const upper = typeof error.data === 'string' ? error.data.toUpperCase() : '';
      const fix =
        upper !== '' && new RegExp(String(params.pattern)).test(upper)
          ? `; write ${describeValue(upper)}`
          : error.data === '' && [parent.type].flat().includes('null')
            ? '; write null to clear it, or remove the key to leave it unmanaged'
            : '';
      return problemAt(
        valueAt,
        'pattern',
        `${vocabulary.patternMessage?.(pointer) ?? `${path} must match ${String(params.pattern)}`}, ${got}${fix}`,
      );
    }
    case 'enum': {
      // Our schemas' enums are the field table's strings, and null where a field may be cleared.
      const allowed = (params.allowedValues as (string | null)[]).filter((value) => value !== null).join(', ');
      return problemAt(valueAt, 'enum', `${path} must be one of ${allowed}; ${got}`);
    }
    case 'minimum':
    case 'maximum':
      return problemAt(valueAt, 'range', `${path} must be ${describeRange(parent.minimum, parent.maximum)}, ${got}`);
    case 'exclusiveMinimum':
      return problemAt(valueAt, 'range', `${path} must be above ${String(parent.exclusiveMinimum)}, ${got}`);
    case 'minLength': {
      const clear = [parent.type].flat().includes('null')
        ? 'write null to clear it, or remove the key to leave it unmanaged'
        : 'write a value';
      return problemAt(valueAt, 'empty', `${path} must not be empty; ${clear}`);
    }
    case 'maxLength':
      return problemAt(
        valueAt,
        'too-long',
        `${path} must be at most ${String(params.limit)} characters, got ${[...String(error.data)].length}; shorten it`,
      );
    case 'uniqueItems': {
      // Point at the repeat (Ajv names both items), where "remove one" is the fix.
      const index = Math.max(Number(params.i), Number(params.j));
      const at = document.positions.get(`${pointer}/${index}`)?.value ?? valueAt;
      const list = error.data as unknown[];
      return problemAt(at, 'duplicate-item', `${path} lists ${describeValue(list[index])} twice; remove one`);
    }
    default:
      return problemAt(valueAt, 'schema', `${subject} ${error.message ?? 'is invalid'}`);
  }
}

/** How to fix a value of the wrong type, where the fix is plain. */
function typeFix(expected: unknown, data: unknown): string {
  const types = [expected].flat();
  // YAML reads an unquoted +15005550006 or yes as a number or boolean; quoting is the fix.
  if (types.includes('string') && ['number', 'boolean'].includes(typeof data))
    return '; put the value in quotes so that YAML reads it as text';
  if (typeof data === 'string') {
    if (types.includes('integer') && /^-?\d+$/.test(data.trim())) return '; remove the quotes so that YAML reads it as a number';
    if (types.includes('boolean') && /^(true|false)$/i.test(data.trim()))
      return '; remove the quotes so that YAML reads it as true or false';
  }
  if (data === null) return '; null cannot clear it: write a value';
  return '';
}

function suggestion(key: string, pointer: string, vocabulary: SchemaVocabulary): string {
  const elsewhere = vocabulary.belongsElsewhere?.(key, pointer);
  if (elsewhere !== undefined) return `did you mean "${elsewhere}"?`;
  const allowed = vocabulary.keysAt(pointer);
  if (allowed.length > 0) {
    const best = closest(key, [...allowed]);
    if (distance(key, best) <= Math.max(2, Math.floor(key.length / 3))) return `did you mean "${best}"?`;
  }
  return allowed.length > 0 ? `allowed keys: ${allowed.join(', ')}` : 'remove it';
}
