import { problemAt } from './problems.js';
import type { SourceDocument } from './sourceDocument.js';
import type { Problem } from './types.js';

/**
 * A file that holds one YAML document (the settings file, a var file): its first document, and a
 * problem at the start of every further one, so that each stray `---` is found in one run.
 * `holder` names the file as the message says it: "the settings file", "a var file".
 */
export function singleDocument(
  documents: readonly SourceDocument[],
  rule: string,
  holder: string,
): { document: SourceDocument | undefined; problems: Problem[] } {
  const [document, ...extra] = documents;
  const problems = extra.map((other) =>
    problemAt(other.start, rule, `another YAML document starts here, and ${holder} holds one: remove the --- above and what follows it`),
  );
  return { document, problems };
}
