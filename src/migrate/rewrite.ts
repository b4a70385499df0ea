import { isDeepStrictEqual } from 'node:util';
import { Document, LineCounter, type Node, Pair, Scalar, YAMLMap, isMap, isScalar, parseAllDocuments } from 'yaml';
import { FlexFlowSyncError } from '../errors.js';
import { formatPosition } from '../source/problems.js';
import { EDITOR_SCHEMA_FILE, kindSchemaFile } from '../flows/schema.js';
import { FLEX_FLOW } from '../model/kinds.js';
import { parseYamlText } from '../source/yamlSource.js';
import type { ReadFile } from './files.js';
import { type FlowMigration, addressConfigurationOf } from './mapping.js';

/**
 * Replaces the Flex Flow documents of one file by their address configuration documents, as text:
 * each document's contents is cut out by its source range and the new one put in its place, so every
 * other byte of the file (other documents, the comments and `---` around them, the schema line on
 * top) stays as it was. Values are copied as nodes, in their quoting style, with the comments written
 * on their keys; `${NAME}` placeholders stay placeholders.
 */
export function rewriteFile(source: Pick<ReadFile, 'text' | 'displayPath' | 'documents'>, migrations: readonly FlowMigration[]): string {
  const { text, displayPath: file } = source;
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, uniqueKeys: true, strict: true });
  if (!Array.isArray(documents)) return text;
  const startOf = (document: Document.Parsed): string => {
    const { line, col } = lineCounter.linePos(document.contents?.range?.[0] ?? 0);
    return `${line}:${col}`;
  };
  const byStart = new Map(migrations.map((migration) => [`${migration.source.line}:${migration.source.column}`, migration]));
  let result = '';
  let copiedUpTo = 0;
  const replaced: FlowMigration[] = [];
  for (const document of documents) {
    const migration = byStart.get(startOf(document));
    const contents = document.contents;
    if (migration === undefined || migration.assignments.length === 0 || !isMap(contents) || !contents.range) continue;
    const [start, , end] = contents.range;
    // A document whose mapping does not start a line (`--- {…}`, or indented) gets its block mapping on a line of its own.
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const cut = /^[ ]*$/.test(text.slice(lineStart, start)) ? lineStart : start;
    const rendered = renderDocument(document, migration);
    const before = text.slice(copiedUpTo, cut);
    result += cut === lineStart ? before : `${before.trimEnd()}\n`;
    const replacedText = text.slice(start, end);
    // A file written with CRLF line ends keeps them.
    const lines = replacedText.includes('\r\n') ? rendered.replace(/\n/g, '\r\n') : rendered;
    result += replacedText.endsWith('\n') ? lines : lines.replace(/\r?\n$/, '');
    copiedUpTo = end;
    replaced.push(migration);
  }
  result = editorSchemaForEveryKind(result + text.slice(copiedUpTo));
  if (replaced.length !== migrations.length) {
    throw new FlexFlowSyncError(
      'E_MIGRATE_REWRITE',
      `could not find ${migrations.length - replaced.length} of the documents to rewrite in ${file}; nothing was written, please report this`,
    );
  }
  checkRewrite(source, result, replaced);
  return result;
}

/**
 * A `# yaml-language-server: $schema=…/flex-flow.schema.json` line would make editors flag the new
 * documents: it is pointed at the schema beside it that takes every kind. Other schema lines are the
 * file's own business (flexflow.schema.json, which export writes, already takes every kind).
 */
function editorSchemaForEveryKind(text: string): string {
  const flexFlowOnly = kindSchemaFile(FLEX_FLOW).replace(/[.]/g, '\\.');
  return text.replace(
    new RegExp(`^(#\\s*yaml-language-server:\\s*\\$schema=(?:\\S*/)?)${flexFlowOnly}(?=\\s*$)`, 'gm'),
    `$1${EDITOR_SCHEMA_FILE}`,
  );
}

/** The new document's contents as block YAML text, ending with a newline. */
function renderDocument(document: Document.Parsed, migration: FlowMigration): string {
  const map = new YAMLMap();
  const copied = new Set<string>();
  for (const assignment of migration.assignments) {
    const [first, second] = assignment.to as [string, string | undefined];
    const key = new Scalar(second ?? first);
    let value: Node;
    if ('from' in assignment) {
      // The mapping assigns only what the document writes; a miss fails checkRewrite.
      const source = writtenAt(document, assignment.from);
      value = source?.pair.value ? (source.pair.value.clone() as Node) : new Scalar(null);
      // A value used twice (friendly_name, then migrated_from.flex_flow) brings its comments once.
      if (copied.has(assignment.from)) delete value.comment;
      else if (source?.comment !== undefined) key.commentBefore = source.comment;
      copied.add(assignment.from);
    } else {
      value = document.createNode(assignment.value, { flow: true });
      const derivedFrom = assignment.commentsFrom === undefined ? undefined : writtenAt(document, assignment.commentsFrom);
      if (derivedFrom?.comment !== undefined) key.commentBefore = derivedFrom.comment;
      const trailing = derivedFrom?.pair.value?.comment;
      if (trailing !== undefined) value.comment = trailing;
    }
    if (second === undefined) {
      map.items.push(new Pair(key, value));
      continue;
    }
    let group = map.items.find((item) => (item.key as Scalar).value === first)?.value as YAMLMap | undefined;
    if (group === undefined) {
      group = new YAMLMap();
      const groupKey = new Scalar(first);
      const integrationComment = first === 'auto_creation' ? writtenAt(document, '/integration')?.comment : undefined;
      if (integrationComment !== undefined) groupKey.commentBefore = integrationComment;
      map.items.push(new Pair(groupKey, group));
    }
    group.items.push(new Pair(key, value));
  }
  return new Document(map).toString({ lineWidth: 0, flowCollectionPadding: false });
}

interface Written {
  readonly pair: Pair<Node, Node | null>;
  /** The comment lines above its key, when they move with it (not those above the document's first key, which stay in place). */
  readonly comment?: string;
}

/** The key/value pair at a JSON pointer of a parsed document (`/integration/url`), if written. */
function writtenAt(document: Document.Parsed, pointer: string): Written | undefined {
  let map: unknown = document.contents;
  let found: Written | undefined;
  for (const part of pointer.split('/').slice(1)) {
    if (!isMap(map)) return undefined;
    const items = map.items as Pair<Node, Node | null>[];
    const pair = items.find((item) => isScalar(item.key) && String(item.key.value) === part);
    if (pair === undefined) return undefined;
    // yaml keeps the comment above a nested mapping's first key on the mapping itself.
    const first = items[0] === pair;
    const comment = first ? (map === document.contents ? undefined : map.commentBefore) : (pair.key as Scalar).commentBefore;
    found = { pair, ...(comment ? { comment } : {}) };
    map = pair.value;
  }
  return found;
}

/**
 * The rewritten text must read back as the same documents, each replaced one as the address
 * configuration the mapping describes: a mistake here must stop before a file is written.
 */
function checkRewrite(before: Pick<ReadFile, 'displayPath' | 'documents'>, after: string, replaced: readonly FlowMigration[]): void {
  const file = before.displayPath;
  const old = before.documents;
  const reread = parseYamlText(after, file);
  const fail = (why: string): never => {
    throw new FlexFlowSyncError('E_MIGRATE_REWRITE', `could not rewrite ${file} (${why}); nothing was written, please report this`);
  };
  if (reread.problems.length > 0 || reread.documents.length !== old.length) fail('the result does not read back');
  const indexOf = new Map(old.map((document, index) => [formatPosition(document.start), index]));
  for (const migration of replaced) {
    const index = indexOf.get(formatPosition(migration.source)) ?? -1;
    const expected = addressConfigurationOf(migration, old[index]?.value);
    if (!isDeepStrictEqual(plain(reread.documents[index]?.value), plain(expected)))
      fail(`document at line ${migration.source.line} reads back differently`);
  }
}

/** Documents read from YAML have null-prototype mappings; compared as the JSON they stand for. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? null)) as unknown;
}
