/**
 * Whether the hand-written reader for plain flow files (src/source/simpleYaml.ts) earns its place:
 * parsing 2,500 flows (Twilio's per-account cap) in 25 files with the reader's path and with the
 * `yaml` library alone, rounds interleaved. Issue 16 keeps the reader only if the library alone costs
 * more than 0.3 s at that size.
 */
import { parseWithYaml, parseYamlText } from '../src/source/yamlSource.js';
import { median } from './median.js';

const FLOWS = 2500;
const PER_FILE = 100;
const LIBRARY_BUDGET_MS = 300;

function flowDocument(index: number): string {
  const n = String(index).padStart(4, '0');
  return [
    `friendly_name: Flow ${n}`,
    `chat_service_sid: IS${'0'.repeat(28)}${n}`,
    'channel_type: sms',
    `contact_identity: "+1555000${n}"`,
    'enabled: true',
    'integration_type: studio',
    'integration:',
    `  flow_sid: FW${'a'.repeat(32)}`,
    '  retry_count: 3',
    '',
  ].join('\n');
}

function files(): string[] {
  const texts: string[] = [];
  for (let start = 0; start < FLOWS; start += PER_FILE) {
    texts.push(Array.from({ length: PER_FILE }, (_, offset) => flowDocument(start + offset)).join('---\n'));
  }
  return texts;
}

function timeParse(texts: readonly string[], parse: (text: string, file: string) => { documents: readonly unknown[] }): number {
  const start = performance.now();
  let documents = 0;
  for (const [index, text] of texts.entries()) documents += parse(text, `flows-${index}.yaml`).documents.length;
  if (documents !== FLOWS) throw new Error(`parsed ${documents} documents, expected ${FLOWS}`);
  return performance.now() - start;
}

export function yamlReaderSection(rounds: number): string {
  const texts = files();
  const reader: number[] = [];
  const library: number[] = [];
  for (let round = -1; round < rounds; round++) {
    const a = timeParse(texts, parseYamlText);
    const b = timeParse(texts, parseWithYaml);
    if (round < 0) continue;
    reader.push(a);
    library.push(b);
  }
  const [readerMs, libraryMs] = [median(reader), median(library)];
  const verdict = libraryMs > LIBRARY_BUDGET_MS ? 'more than 0.3 s: the reader stays' : 'within 0.3 s: the reader can go';
  return [
    '### yaml',
    '',
    `Parsing ${FLOWS.toLocaleString('en')} flows in ${FLOWS / PER_FILE} files (positions included), median of ${rounds} interleaved rounds in one process. ` +
      '`npm run bench -- --only yaml` runs this section alone.',
    '',
    '| parser | median | ratio |',
    '| --- | --- | --- |',
    `| flexflow-sync's reader (plain files), the \`yaml\` library otherwise | ${readerMs.toFixed(0)} ms | **1.00x** |`,
    `| the \`yaml\` library alone | ${libraryMs.toFixed(0)} ms | **${(libraryMs / readerMs).toFixed(2)}x** |`,
    '',
    `The library alone: ${verdict}.`,
  ].join('\n');
}
