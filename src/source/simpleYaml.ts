import type { SourcePosition } from './types.js';
import type { NodePositions, SourceDocument } from './sourceDocument.js';

/**
 * A fast reader for the plain shape nearly every flow file has: `key: value` lines, one nested
 * mapping or list of plain values (`renamed_from:` then `- Old name` lines), `[]`, `---` between
 * documents, comments on their own line or after a value that is not quoted. The yaml library spends about 0.2 ms on a
 * flow, which at 10,000 flows was most of the time `plan` spends on its own; this reads the same
 * documents about ten times faster and returns exactly what the yaml library's path returns.
 *
 * It returns undefined for anything outside that shape or in doubt (tabs, CRLF, lists, aliases,
 * tags, block scalars, escapes, multi-line values, duplicate keys, empty documents or values, values
 * of a list that are not plain, comments after quoted text,
 * YAML would read as something other than the text, number or boolean seen here). The caller then
 * parses with the yaml library, so every error message and hostile-input check stays with it.
 */
export function parseSimpleYaml(text: string, file: string): SourceDocument[] | undefined {
  const documents: SourceDocument[] = [];
  let current: DocumentBuilder | undefined;
  let nested: NestedMapping | undefined;
  let sawMarker = false;
  let lineNumber = 0;

  const finishDocument = (): boolean => {
    if (current === undefined || (nested !== undefined && nested.indent === undefined)) return false;
    documents.push({ file, value: current.value, positions: current.positions, start: current.start });
    current = undefined;
    nested = undefined;
    return true;
  };

  for (const line of text.split('\n')) {
    lineNumber++;
    if (line === '---') {
      // A marker with no document before it is fine only once, at the top; otherwise a document is empty.
      if (current === undefined ? sawMarker || documents.length > 0 : !finishDocument()) return undefined;
      sawMarker = true;
      continue;
    }
    if (BLANK_OR_COMMENT.test(line)) continue;
    const item = ITEM_LINE.exec(line);
    if (item !== null) {
      // A list item belongs to the key above it, which holds nothing else: `key:` then `- value` lines.
      if (current === undefined || nested === undefined || line.length > MAX_LINE) return undefined;
      const indent = (item[1] as string).length;
      if (nested.indent === undefined) {
        if (Object.keys(nested.object).length > 0) return undefined;
        nested.items = [];
        nested.indent = indent;
        current.value[nested.pointer.slice(1)] = nested.items;
        current.positions.set(nested.pointer, { key: nested.keyAt, value: { file, line: lineNumber, column: indent + 1 } });
      } else if (nested.items === undefined || indent !== nested.indent) {
        return undefined;
      }
      const value = scalarValue(line.slice(item[0].length));
      if (value === UNSUPPORTED || Array.isArray(value)) return undefined;
      current.positions.set(`${nested.pointer}/${nested.items.length}`, { value: { file, line: lineNumber, column: item[0].length + 1 } });
      nested.items.push(value);
      continue;
    }
    const match = KEY_LINE.exec(line);
    if (match === null || line.length > MAX_LINE) return undefined;
    const indent = (match[1] as string).length;
    const key = match[2] as string;
    if (RESERVED_WORD.test(key)) return undefined;
    const keyAt: SourcePosition = { file, line: lineNumber, column: indent + 1 };
    const afterKey = line.slice(match[0].length);
    const rest = afterKey.startsWith('#') ? '' : afterKey;
    const valueAt: SourcePosition = { file, line: lineNumber, column: match[0].length + 1 };

    if (indent === 0) {
      if (nested !== undefined && nested.indent === undefined) return undefined;
      nested = undefined;
      if (current === undefined) {
        current = { value: Object.create(null) as Record<string, unknown>, positions: new Map(), start: keyAt };
        current.positions.set('', { value: keyAt });
      }
      const pointer = `/${key}`;
      if (current.positions.has(pointer)) return undefined;
      if (rest === '') {
        const object = Object.create(null) as Record<string, unknown>;
        current.value[key] = object;
        // The mapping's position is its first key's; set when that key is read, keeping the pointer's place in the map.
        current.positions.set(pointer, { key: keyAt, value: keyAt });
        nested = { object, pointer, keyAt };
        continue;
      }
      const value = scalarValue(rest);
      if (value === UNSUPPORTED) return undefined;
      current.value[key] = value;
      current.positions.set(pointer, { key: keyAt, value: valueAt });
      continue;
    }

    if (current === undefined || nested === undefined || nested.items !== undefined || rest === '') return undefined;
    if (nested.indent === undefined) {
      nested.indent = indent;
      current.positions.set(nested.pointer, { key: nested.keyAt, value: keyAt });
    } else if (indent !== nested.indent) {
      return undefined;
    }
    const pointer = `${nested.pointer}/${key}`;
    if (current.positions.has(pointer)) return undefined;
    const value = scalarValue(rest);
    if (value === UNSUPPORTED) return undefined;
    nested.object[key] = value;
    current.positions.set(pointer, { key: keyAt, value: valueAt });
  }
  // With no document open at the end, the file is empty or ends with a marker and an empty document.
  return finishDocument() ? documents : undefined;
}

interface DocumentBuilder {
  readonly value: Record<string, unknown>;
  readonly positions: Map<string, NodePositions>;
  readonly start: SourcePosition;
}

interface NestedMapping {
  readonly object: Record<string, unknown>;
  readonly pointer: string;
  readonly keyAt: SourcePosition;
  /** Set by the first key (or `- ` item) read inside; every other one must share it. */
  indent?: number;
  /** Set when the first line inside is a list item: the key then holds a list, never keys. */
  items?: unknown[];
}

/** YAML limits an implicit key to 1,024 characters; well below it, nothing needs the yaml library's check. */
const MAX_LINE = 1000;
const BLANK_OR_COMMENT = /^ *(?:#.*)?$/;
/** Indent, a plain name and `:`, then the value after spaces, or nothing (trailing spaces dropped). */
const KEY_LINE = /^( *)([A-Za-z_][A-Za-z0-9_]*):(?: +(?=[^ ])| *$)/;
/** Indent, `-` and the spaces before a value. */
const ITEM_LINE = /^( *)- +(?=[^ ])/;
/** YAML reads these, in any of their spellings, as null or a boolean, even as keys. */
const RESERVED_WORD = /^(?:null|true|false)$/i;
/** Characters outside ASCII that YAML treats as plain content (not line breaks, byte order marks or controls). */
const OTHER_TEXT = '\\u00a0-\\u2027\\u202a-\\ufefe\\uff00-\\uffff';
const PLAIN_INNER = `A-Za-z0-9_./+=@()?,\\-${OTHER_TEXT}`;
/** Starts with a letter (so not a number, `.inf`, `~` or an indicator); no `#`, quotes, brackets or `: `. */
const PLAIN_TEXT = new RegExp(`^[A-Za-z${OTHER_TEXT}](?:[${PLAIN_INNER} :]*[${PLAIN_INNER}])?$`);
const DOUBLE_QUOTED = new RegExp(`^"[ !#-\\[\\]-~${OTHER_TEXT}]*"$`);
const SINGLE_QUOTED = new RegExp(`^'[ -&(-~${OTHER_TEXT}]*'$`);
/** After a closing quote: spaces, or spaces and a comment. */
const AFTER_QUOTED = /^(?: *| +#.*)$/;
const DECIMAL = /^(?:0|[1-9][0-9]{0,14})$/;
/** `0.3` (a settings share): digits on both sides of the point, few enough that Number reads it as YAML does. */
const FRACTION = /^(?:0|[1-9][0-9]{0,5})\.[0-9]{1,6}$/;
const UNSUPPORTED = Symbol('unsupported');

function scalarValue(raw: string): unknown {
  const quote = raw[0];
  if (quote === '"' || quote === "'") {
    // The quoted text holds no quote of its kind (no escapes, no ''): it ends at the next one. A `#` inside is text.
    const end = raw.indexOf(quote, 1);
    if (end === -1 || !AFTER_QUOTED.test(raw.slice(end + 1))) return UNSUPPORTED;
    const quoted = raw.slice(0, end + 1);
    return DOUBLE_QUOTED.test(quoted) || SINGLE_QUOTED.test(quoted) ? quoted.slice(1, -1) : UNSUPPORTED;
  }
  const comment = raw.indexOf(' #');
  if (comment !== -1) return scalarValue(raw.slice(0, comment));
  const text = raw.endsWith(' ') ? raw.replace(/ +$/, '') : raw;
  if (text === '[]') return [];
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null') return null;
  if (DECIMAL.test(text) || FRACTION.test(text)) return Number(text);
  if (RESERVED_WORD.test(text)) return UNSUPPORTED;
  if (PLAIN_TEXT.test(text)) return text.includes(': ') ? UNSUPPORTED : text;
  return UNSUPPORTED;
}
