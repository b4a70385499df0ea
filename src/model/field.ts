/**
 * What a field table says about one writable field of a Twilio resource. Every resource kind
 * (src/model/kinds.ts) is described with these; validation, the JSON Schema, the diff, the form
 * encoding, export and the emulator read them, so that they cannot disagree.
 */

import type { TargetKind } from './lookupTargets.js';

/**
 * A SID field that a file may give by name instead (issue 20): the name field beside it, resolved at
 * plan time to the SID of the one resource of `target` holding that name. The name field is never
 * sent to Twilio; it stands in the file only, in the same group as the SID field.
 */
export interface FieldLookup<Name extends string = string> {
  /** The YAML key of the name field (`chat_service`, `studio_flow`). */
  readonly nameField: string;
  readonly target: TargetKind;
  /**
   * For a target listed within a parent (a workflow, within its workspace): the SID field of the
   * same group that names the parent, by SID or through its own name field.
   */
  readonly within?: Name;
  /** Hover help of the name field (JSON Schema). */
  readonly description: string;
}

/** `string-set`: a list of strings whose order and repeats do not matter (sent as a repeated form parameter). */
export type FieldType = 'string' | 'boolean' | 'integer' | 'string-set';

/**
 * `Name`: the keys of the table the field belongs to, `Variant`: the values of its kind's discriminator.
 * A table declares them (`as const satisfies readonly FieldSpec<…>[]`), so that a misspelt name,
 * `within` or `appliesTo` fails to compile; code generic over kinds reads the defaults (`string`).
 */
export interface FieldSpec<Name extends string = string, Variant extends string = string> {
  /** The resource's JSON name (and the YAML key). */
  readonly name: Name;
  /** The form parameter Twilio's API takes on create and update. */
  readonly param: string;
  readonly type: FieldType;
  /** Two-letter SID prefix the value must carry (`IS` + 32 hex, ...). */
  readonly sidPrefix?: string;
  /** Allowed values (of each item, for a `string-set`). */
  readonly enum?: readonly string[];
  /** Twilio compares the value without regard to case (`type`, `webhook_method`): compared and validated lower-cased. */
  readonly caseInsensitive?: boolean;
  /**
   * Written in lower case when the top-level field `field` holds one of `values`, and compared
   * lower-cased: an email address, for which Twilio documents no case rule. The lower-case spelling
   * reads back the same whether Twilio keeps the case or lowers it.
   */
  readonly lowerCaseWhen?: { readonly field: string; readonly values: readonly string[] };
  /** A webhook URL: https only, written as the WHATWG parser writes it, credentials redacted in every output. */
  readonly url?: boolean;
  /** A regular expression (JSON Schema `pattern` syntax) the value must match. */
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  /** Longest text, in characters (code points): bounds the work any value can cause. */
  readonly maxLength?: number;
  /**
   * Fixed at create: Twilio's update does not take it. A change is a replacement (delete, then
   * create), shown as `-/+` with this field as the reason.
   */
  readonly immutable?: boolean;
  /** Values of the kind's discriminator (see NestedGroup) the field applies to; absent: all. */
  readonly appliesTo?: readonly Variant[];
  /** The name field that may stand for this SID field in a file. */
  readonly lookup?: FieldLookup<Name>;
  /** What the field means, after Twilio's API reference: editors show it as hover help (JSON Schema). */
  readonly description: string;
}

/**
 * Twilio documents no length for a Flex Flow's text fields. 256 characters is the documented limit
 * of the successor's FriendlyName (Conversations address configurations) and holds any real name or
 * identity; 2,048 is the URL length browsers and servers commonly accept. Either way it is safe: a
 * longer value is refused with a clear message before any request, never cut.
 */
export const MAX_NAME_LENGTH = 256;
export const MAX_URL_LENGTH = 2048;
/** Integers Twilio's API stores (a signed 32-bit integer) unless it documents a smaller range. */
export const MAX_INTEGER = 2_147_483_647;

export function sidPattern(prefix: string): RegExp {
  return new RegExp(`^${prefix}[0-9a-fA-F]{32}$`);
}
