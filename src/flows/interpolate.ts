import type { ResourceKind } from '../model/kind.js';
import { fieldAt } from './fields.js';
import { problemAt } from '../source/problems.js';
import type { Problem } from '../source/types.js';
import type { SourceDocument } from '../source/sourceDocument.js';
import { escapePointer } from '../source/pointer.js';

export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Environment variables `${NAME}` reads are named FLEXFLOW_VAR_NAME (Terraform's TF_VAR_ convention):
 * flow files come from pull requests, and `${TWILIO_AUTH_TOKEN}` must not be able to put the token
 * into a plan that is posted publicly.
 */
export const ENV_VARIABLE_PREFIX = 'FLEXFLOW_VAR_';

export type Variables = ReadonlyMap<string, string>;

export interface Substitution {
  readonly text: string;
  /** Names referenced and not defined. */
  readonly missing: readonly string[];
  /** Text between `${` and `}` that is not a name, or a `${` that is never closed. */
  readonly malformed: readonly string[];
  readonly usedVariables: boolean;
}

const TOKEN = /\$\$\{|\$\{([^}]*)\}|\$\{/g;

/** Replaces each `${NAME}`; `$${` stands for a literal `${`. */
export function substitute(text: string, variables: Variables): Substitution {
  const missing: string[] = [];
  const malformed: string[] = [];
  let usedVariables = false;
  const result = text.replace(TOKEN, (token: string, name: string | undefined) => {
    if (token === '$${') return '${';
    if (name === undefined || !VARIABLE_NAME.test(name)) {
      malformed.push(token);
      return token;
    }
    usedVariables = true;
    const value = variables.get(name);
    if (value === undefined) {
      missing.push(name);
      return token;
    }
    return value;
  });
  return { text: result, missing, malformed, usedVariables };
}

export interface ResolvedDocument {
  readonly value: unknown;
  readonly problems: readonly Problem[];
  /** Pointers whose value came from variables, with the text as written (for messages). */
  readonly written: ReadonlyMap<string, string>;
}

/**
 * Substitutes variables in every string of a document, then types the result by the field table:
 * `${RETRY}` used for an integer field becomes an integer, for a boolean field true/false. A value
 * that does not convert is left as text so that the type check reports it. `kind` is the document's.
 */
export function resolveVariables(document: SourceDocument, variables: Variables, kind: ResourceKind): ResolvedDocument {
  // Most documents use no variables; they need no copy, and no pointer built for each value.
  if (!hasPlaceholder(document.value)) return { value: document.value, problems: [], written: new Map() };
  const problems: Problem[] = [];
  const written = new Map<string, string>();

  const resolve = (value: unknown, pointer: string): unknown => {
    if (typeof value === 'string') {
      if (!value.includes('${')) return value;
      const result = substitute(value, variables);
      const position = document.positions.get(pointer)?.value ?? document.start;
      for (const token of result.malformed) {
        problems.push(
          problemAt(
            position,
            'variable-syntax',
            `malformed variable ${JSON.stringify(token)}: write \${NAME} with a letter, digit or _ name, or $\${ for a literal \${`,
          ),
        );
      }
      for (const name of result.missing) {
        problems.push(
          problemAt(
            position,
            'unresolved-variable',
            `unresolved variable \${${name}}: set ${ENV_VARIABLE_PREFIX}${name} in the environment or ${name} in the --var-file`,
          ),
        );
      }
      if (!result.usedVariables) return result.text;
      written.set(pointer, value);
      return typed(result.text, fieldAt(kind, pointer)?.type);
    }
    if (Array.isArray(value)) return value.map((item, index) => resolve(item, `${pointer}/${index}`));
    if (value !== null && typeof value === 'object') {
      const copy: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      for (const [key, item] of Object.entries(value)) copy[key] = resolve(item, `${pointer}/${escapePointer(key)}`);
      return copy;
    }
    return value;
  };

  return { value: resolve(document.value, ''), problems, written };
}

function hasPlaceholder(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('${');
  if (value === null || typeof value !== 'object') return false;
  return (Array.isArray(value) ? value : Object.values(value)).some(hasPlaceholder);
}

function typed(text: string, type: string | undefined): unknown {
  if (type === 'integer' && /^-?\d+$/.test(text)) return Number(text);
  if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}
