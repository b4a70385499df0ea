/** `npm run schema`: rewrites the JSON Schemas and the compiled validators after a change to the field table or the settings. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedFiles } from './schemaFiles.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
for (const file of generatedFiles()) {
  await writeFile(path.join(root, file.path), file.content);
  process.stdout.write(`wrote ${file.path}\n`);
}
