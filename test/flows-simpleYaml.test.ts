import { describe, expect, it } from 'vitest';
import { parseSimpleYaml } from '../src/flows/simpleYaml.js';
import { type SourceDocument, parseWithYaml } from '../src/flows/yamlSource.js';

const IS = `IS${'0'.repeat(32)}`;
const FW = `FW${'1'.repeat(32)}`;

/** Everything a caller can observe, with the positions in the order the map holds them. */
function observed(documents: readonly SourceDocument[]): unknown[] {
  return documents.map((document) => ({
    value: JSON.stringify(document.value),
    prototypes: [document.value, ...Object.values(document.value as object)].filter((v) => v !== null && typeof v === 'object').map(Object.getPrototypeOf),
    positions: [...document.positions],
    start: document.start,
  }));
}

describe('parseSimpleYaml reads the plain shape exactly as the yaml library does', () => {
  it.each([
    { name: 'one flow', text: `friendly_name: A\nchat_service_sid: ${IS}\nchannel_type: web\n` },
    { name: 'nested integration', text: `friendly_name: A\nintegration:\n  flow_sid: ${FW}\n  retry_count: 2\nenabled: true\n` },
    { name: 'wider nested indent', text: `integration:\n    url: https://example.com/hook?a=b\n    priority: 0\nlong_lived: false\n` },
    { name: 'documents and a leading marker', text: `---\nfriendly_name: A\n---\nfriendly_name: B\nintegration:\n  channel: web\n` },
    { name: 'comments and blank lines', text: `# yaml-language-server: $schema=../schema/flexflow.schema.json\n\nfriendly_name: A\n  # note\nintegration:\n\n  flow_sid: ${FW}\n` },
    { name: 'quoted values', text: `contact_identity: "+15005550006"\nfriendly_name: 'Sales # EU: 2'\nurl: ""\n` },
    { name: 'spaces around values', text: 'friendly_name:    Support  Chat   \nretry_count: 3  \n' },
    { name: 'null and text that only looks special', text: 'a: null\nb: yes\nc: Infinity\nd: x:y\ne: Straße\n' },
    { name: 'hostile key names', text: '__proto__: a\nconstructor: b\ntoString: c\n' },
    { name: 'no final newline', text: 'friendly_name: A' },
  ])('$name', ({ text }) => {
    const fast = parseSimpleYaml(text, 'flows/a.yaml');
    const slow = parseWithYaml(text, 'flows/a.yaml');
    expect(slow.problems).toEqual([]);
    expect(fast).toBeDefined();
    expect(observed(fast ?? [])).toEqual(observed(slow.documents));
  });
});

describe('parseSimpleYaml leaves everything else to the yaml library', () => {
  it.each([
    { name: 'empty file', text: '' },
    { name: 'comments only', text: '# nothing\n' },
    { name: 'empty document between markers', text: 'a: 1\n---\n---\nb: 2\n' },
    { name: 'trailing marker', text: 'a: 1\n---\n' },
    { name: 'empty value', text: 'a:\nb: 1\n' },
    { name: 'CRLF', text: 'a: 1\r\nb: 2\r\n' },
    { name: 'tab indent', text: 'a:\n\tb: 1\n' },
    { name: 'list', text: 'renamed_from:\n  - Old\n' },
    { name: 'flow list', text: 'renamed_from: [Old]\n' },
    { name: 'alias', text: 'a: &x 1\nb: *x\n' },
    { name: 'duplicate key', text: 'a: 1\na: 2\n' },
    { name: 'uneven nested indent', text: 'i:\n  a: 1\n   b: 2\n' },
    { name: 'deeper nesting', text: 'i:\n  a:\n    b: 1\n' },
    { name: 'continued plain scalar', text: 'a: one\n  two\n' },
    { name: 'trailing comment', text: 'a: 1 # one\n' },
    { name: 'escape in double quotes', text: 'a: "x\\ty"\n' },
    { name: 'number forms', text: 'a: 0x1F\n' },
    { name: 'negative number', text: 'a: -1\n' },
    { name: 'boolean spelling', text: 'a: True\n' },
    { name: 'reserved key', text: 'null: 1\n' },
    { name: 'mapping inside a value', text: 'a: b: c\n' },
    { name: 'document end marker', text: 'a: 1\n...\n' },
  ])('$name', ({ text }) => {
    expect(parseSimpleYaml(text, 'flows/a.yaml')).toBeUndefined();
  });
});
