import { parseYamlText } from '../source/yamlSource.js';
import { sortProblems } from '../source/problems.js';
import type { Problem } from '../source/types.js';
import { validateDocument } from '../flows/validateDocument.js';
import type { Variables } from '../flows/interpolate.js';

/**
 * What validate would say of each file export writes, read as validate reads it: a live value that
 * Twilio accepted but the files refuse (a name in decomposed Unicode or with a bidi control, a
 * webhook password with a quote) would otherwise surface only at the next plan, far from its cause.
 * A variable the var file does not define (a secret left for the environment) is no fault of export's.
 */
export function exportProblems(files: readonly { readonly file: string; readonly content: string }[], variables: Variables): Problem[] {
  const problems: Problem[] = [];
  for (const { file, content } of files) {
    const source = parseYamlText(content, file);
    problems.push(...source.problems);
    for (const document of source.documents) problems.push(...validateDocument(document, variables).problems);
  }
  return sortProblems(problems.filter((problem) => problem.rule !== 'unresolved-variable'));
}
