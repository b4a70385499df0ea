import { type Document, LineCounter, type Node, type YAMLError, isAlias, isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import { escapePointer } from './pointer.js';
import { problemAt } from './problems.js';
import { parseSimpleYaml } from './simpleYaml.js';
import type { Problem, SourcePosition } from './types.js';
import type { NodePositions, SourceDocument } from './sourceDocument.js';

/** A flow nests three levels deep; this leaves room for mistakes while keeping hostile input cheap. */
const MAX_NESTING = 32;
/** Past this many YAML errors in one file the rest are noise that follows from the first ones. */
const MAX_YAML_ERRORS_PER_FILE = 10;

export interface SourceFile {
  /** Documents that parsed cleanly; documents with YAML errors appear only as problems. */
  readonly documents: readonly SourceDocument[];
  readonly problems: readonly Problem[];
}

/**
 * Parses every document of a file; never throws, never expands aliases. Loads the yaml library:
 * readYamlFile.ts reads files without it where it can.
 */
export function parseYamlText(text: string, file: string): SourceFile {
  const tooDeep = firstOffsetDeeperThan(text, MAX_NESTING);
  if (tooDeep !== undefined) {
    const lineCounter = new LineCounter();
    lineCounter.addNewLine(0);
    for (let i = text.indexOf('\n'); i !== -1 && i < tooDeep; i = text.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
    return { documents: [], problems: [nestingProblem(positionIn(lineCounter, file)(tooDeep))] };
  }
  const simple = parseSimpleYaml(text, file);
  return simple ? { documents: simple, problems: [] } : parseWithYaml(text, file);
}

/** The general path, for what parseSimpleYaml declines: the yaml library, its errors, and checks on what it built. */
export function parseWithYaml(text: string, file: string): SourceFile {
  const lineCounter = new LineCounter();
  const at = positionIn(lineCounter, file);
  const parsed = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const docs: Document.Parsed[] = Array.isArray(parsed) ? parsed : [];
  const problems: Problem[] = [];
  const documents: SourceDocument[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      problems.push(...doc.errors.map((error) => yamlErrorProblem(error, text, at)));
      continue;
    }
    const root = doc.contents;
    if (root === null || (isScalar(root) && root.value === null && root.source === '')) continue;
    const converted = toPlainData(root, at);
    problems.push(...converted.problems);
    if (converted.problems.length === 0) {
      documents.push({ file, value: converted.value, positions: converted.positions, start: at(root.range?.[0] ?? 0) });
    }
  }
  return { documents, problems: problems.slice(0, MAX_YAML_ERRORS_PER_FILE) };
}

function positionIn(lineCounter: LineCounter, file: string): (offset: number) => SourcePosition {
  return (offset) => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
}

function yamlErrorProblem(error: YAMLError, text: string, at: (offset: number) => SourcePosition): Problem {
  const position = at(error.pos[0]);
  switch (error.code) {
    case 'DUPLICATE_KEY': {
      const key = /^[^:\r\n]*/.exec(text.slice(error.pos[0], error.pos[0] + 200))?.[0].trim() ?? '';
      return problemAt(position, 'duplicate-key', `duplicate key "${key}"; a key may appear only once in a mapping`);
    }
    case 'TAB_AS_INDENT':
      return problemAt(position, 'tab-indent', 'tabs are not allowed for indentation in YAML; indent with spaces');
    case 'RESOURCE_EXHAUSTION':
      return nestingProblem(position);
    default:
      return problemAt(position, 'yaml-syntax', `YAML syntax error: ${firstLine(error.message)}`);
  }
}

function nestingProblem(position: SourcePosition): Problem {
  return problemAt(
    position,
    'nesting-too-deep',
    `nesting is deeper than ${MAX_NESTING} levels; a document of any kind nests at most 3 (a list in a mapping in the document): remove the extra levels`,
  );
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

/**
 * The offset of the first `[` or `{` past the given depth, counted without regard to quoting.
 * Checked before parsing because very deep flow collections exhaust the parser's stack.
 */
function firstOffsetDeeperThan(text: string, limit: number): number | undefined {
  if (!text.includes('[') && !text.includes('{')) return undefined;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > limit) return i;
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) {
      depth--;
    }
  }
  return undefined;
}

interface Converted {
  value: unknown;
  positions: Map<string, NodePositions>;
  problems: Problem[];
}

function toPlainData(root: Node, at: (offset: number) => SourcePosition): Converted {
  const positions = new Map<string, NodePositions>();
  const problems: Problem[] = [];
  // One alias is enough to refuse the document; an alias bomb would otherwise report thousands.
  let aliasReported = false;

  const convert = (node: Node | null, pointer: string, depth: number, key?: SourcePosition): unknown => {
    const position = node?.range ? at(node.range[0]) : (key ?? at(0));
    positions.set(pointer, key ? { key, value: position } : { value: position });
    if (node === null) return null;
    if (depth > MAX_NESTING) {
      problems.push(nestingProblem(position));
      return null;
    }
    if (isAlias(node)) {
      if (aliasReported) return null;
      aliasReported = true;
      problems.push(
        problemAt(position, 'yaml-alias', `YAML aliases (*${node.source}) are not allowed in flow files; write the value out in full`),
      );
      return null;
    }
    if (isScalar(node)) return node.value;
    if (isSeq(node)) return node.items.map((item, index) => convert(item as Node | null, `${pointer}/${index}`, depth + 1));
    if (isMap(node)) {
      const object: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      for (const pair of node.items) {
        const keyNode = pair.key as Node | null;
        const keyPosition = keyNode?.range ? at(keyNode.range[0]) : position;
        if (!isScalar(keyNode) || keyNode.value === null || typeof keyNode.value === 'object') {
          problems.push(problemAt(keyPosition, 'key-not-text', 'a key must be plain text (a name such as friendly_name)'));
          continue;
        }
        const name = (keyNode.value as string | number | boolean | bigint).toString();
        object[name] = convert(pair.value as Node | null, `${pointer}/${escapePointer(name)}`, depth + 1, keyPosition);
      }
      return object;
    }
    problems.push(problemAt(position, 'yaml-syntax', 'YAML syntax error: unsupported node'));
    return null;
  };

  const value = convert(root, '', 1);
  return { value, positions, problems };
}
