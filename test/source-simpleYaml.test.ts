import { describe, expect, it } from 'vitest';
import { parseSimpleYaml } from '../src/source/simpleYaml.js';
import type { SourceDocument } from '../src/source/sourceDocument.js';
import { parseWithYaml } from '../src/source/yamlSource.js';
import { CHAT_SERVICE, STUDIO_FLOW } from './helpers/fixtures.js';

/** Everything a caller can observe, with the positions in the order the map holds them. */
function observed(documents: readonly SourceDocument[]): unknown[] {
  return documents.map((document) => ({
    value: JSON.stringify(document.value),
    prototypes: [document.value, ...Object.values(document.value as Record<string, unknown>)]
      .filter((v) => v !== null && typeof v === 'object')
      .map(Object.getPrototypeOf),
    positions: [...document.positions],
    start: document.start,
  }));
}

describe('parseSimpleYaml reads the plain shape exactly as the yaml library does', () => {
  it.each([
    { name: 'one flow', text: `friendly_name: A\nchat_service_sid: ${CHAT_SERVICE}\nchannel_type: web\n` },
    { name: 'nested integration', text: `friendly_name: A\nintegration:\n  flow_sid: ${STUDIO_FLOW}\n  retry_count: 2\nenabled: true\n` },
    { name: 'wider nested indent', text: `integration:\n    url: https://example.com/hook?a=b\n    priority: 0\nlong_lived: false\n` },
    { name: 'documents and a leading marker', text: `---\nfriendly_name: A\n---\nfriendly_name: B\nintegration:\n  channel: web\n` },
    {
      name: 'comments and blank lines',
      text: `# yaml-language-server: $schema=../schema/flexflow.schema.json\n\nfriendly_name: A\n  # note\nintegration:\n\n  flow_sid: ${STUDIO_FLOW}\n`,
    },
    { name: 'quoted values', text: `contact_identity: "+15005550006"\nfriendly_name: 'Sales # EU: 2'\nurl: ""\n` },
    { name: 'spaces around values', text: 'friendly_name:    Support  Chat   \nretry_count: 3  \n' },
    { name: 'null and text that only looks special', text: 'a: null\nb: yes\nc: Infinity\nd: x:y\ne: Straße\n' },
    { name: 'hostile key names', text: '__proto__: a\nconstructor: b\ntoString: c\n' },
    { name: 'no final newline', text: 'friendly_name: A' },
    { name: 'list', text: 'renamed_from:\n  - Old\n  - "Older # one"  # the first name\nenabled: false\n' },
    { name: "list at the key's indent", text: 'renamed_from:\n- Old\n- 12\n' },
    { name: 'empty lists', text: 'ignore: []\nprotect: []   # none yet\n' },
    { name: 'fractions', text: 'max_delete_fraction: 0.3\nmax_update_fraction: 0.25 # a quarter\nx: 12.500\n' },
    {
      name: 'comments after values and keys',
      text: 'a: 1 # one\nb: Sales  # team\nc: "x" # q\nd: \'y\'  #\nrate_limits:   # per second\n  list: 10    # GET /FlexFlows\n',
    },
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
    { name: 'flow list', text: 'renamed_from: [Old]\n' },
    { name: 'list item without a key', text: '- a\n' },
    { name: 'list after keys', text: 'i:\n  a: 1\n  - b\n' },
    { name: 'key after list items', text: 'r:\n  - a\n  b: 1\n' },
    { name: 'uneven list indent', text: 'r:\n  - a\n   - b\n' },
    { name: 'mapping in a list', text: 'r:\n  - a: 1\n' },
    { name: 'list in a list', text: 'r:\n  - []\n' },
    { name: 'list under a value', text: 'a: 1\n  - b\n' },
    { name: 'text after a closing quote', text: 'a: "x"y\n' },
    { name: 'comment glued to a quote', text: 'a: "x"# c\n' },
    { name: 'doubled single quote', text: "a: 'it''s'\n" },
    { name: 'alias', text: 'a: &x 1\nb: *x\n' },
    { name: 'duplicate key', text: 'a: 1\na: 2\n' },
    { name: 'uneven nested indent', text: 'i:\n  a: 1\n   b: 2\n' },
    { name: 'deeper nesting', text: 'i:\n  a:\n    b: 1\n' },
    { name: 'continued plain scalar', text: 'a: one\n  two\n' },
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

/** mulberry32: a seeded generator, so the differential run below is the same run every time. */
function seededRandom(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

describe('parseSimpleYaml against the yaml library on generated files', () => {
  const values = [
    'true',
    'false',
    'null',
    'True',
    'NULL',
    '~',
    '0',
    '42',
    '007',
    '-1',
    '+1',
    '1.5',
    '1e3',
    '0x1F',
    '0o7',
    '.inf',
    'yes',
    'on',
    'https://a.b/c?d=e&f',
    'a: b',
    'a:b',
    'a #b',
    'a#b',
    'x y  z',
    'é',
    '"q"',
    "'q'",
    '""',
    "''",
    '"a\'b"',
    '"a#b"',
    '123456789012345',
    '1234567890123456',
    '9007199254740993',
    '0.1',
    '0.30',
    '00.5',
    '1.',
    '.5',
    '1.0e2',
    '123456.123456',
    '1234567.1',
    '[]',
    '[ ]',
    '[a]',
    '"a" # c',
    '"a"#c',
    "'a' x",
    '"a" "b"',
    '{a: 1}',
    '&x a',
    '*x',
    '|',
    '>',
    '- a',
    '`a`',
    '%a',
    '@a',
    '!a',
  ];
  const plain = [
    'Support',
    'web chat',
    'x:y',
    'https://hooks.example.com/a?b=c',
    '12',
    '0',
    'true',
    'false',
    'null',
    '"+1500"',
    "'a # b'",
    'Straße',
    'yes',
  ];
  const keys = ['friendly_name', 'integration', '__proto__', 'constructor', 'y', 'on', 'True', 'null', '_x', 'A1', 'a b', 'k'];
  const chars = 'aZ09 :#"\'-.~_()/=?,@+!&*|>%`[]{}\\é\u00a0\u2028\u0085\ufeff\t';

  it('accepts only what it reads exactly as the library does (6,000 seeded files)', () => {
    const random = seededRandom(20261125);
    const pick = <T>(list: readonly T[]): T => list[random(list.length)] as T;
    const word = () => Array.from({ length: random(8) }, () => chars[random(chars.length)]).join('');
    // Mostly values the fast path takes, so that it is exercised; the rest probe where it must decline.
    const key = () => (random(10) < 8 ? pick(['friendly_name', 'channel_type', 'flow_sid', 'retry_count', 'url']) : pick(keys));
    const value = () => (random(10) < 8 ? pick(plain) : random(2) === 0 ? pick(values) : word());
    let accepted = 0;
    const mismatches: string[] = [];
    for (let file = 0; file < 6000; file++) {
      let text = random(4) === 0 ? '# c\n' : '';
      if (random(3) === 0) text += '---\n';
      for (let doc = 0, docs = 1 + random(3); doc < docs; doc++) {
        if (doc > 0) text += '---\n';
        for (let entry = 0, entries = 1 + random(5); entry < entries; entry++) {
          const name = key();
          if (random(8) === 0) {
            text += `${name}:${random(5) === 0 ? ' # c' : ''}\n`;
            const indent = random(4);
            for (let item = 0, count = 1 + random(3); item < count; item++) {
              text += `${' '.repeat(random(10) === 0 ? indent + 1 : indent)}-${' '.repeat(1 + random(2))}${value()}${random(6) === 0 ? ' # c' : ''}\n`;
            }
          } else if (random(4) === 0) {
            text += `${name}:${' '.repeat(random(3))}${random(5) === 0 ? ' # c' : ''}\n`;
            const indent = 1 + random(4);
            // The fast path needs the nested mapping to hold at least one key.
            text += `${' '.repeat(indent)}${key()}: ${value()}\n`;
            for (let inner = 0, count = random(4); inner < count; inner++) {
              if (random(6) === 0) text += `${' '.repeat(random(6))}# x\n`;
              text += `${' '.repeat(random(10) === 0 ? indent + 1 : indent)}${key()}:${' '.repeat(1 + random(2))}${value()}\n`;
            }
          } else {
            text += `${name}:${' '.repeat(1 + random(3))}${value()}${' '.repeat(random(3))}${random(8) === 0 ? ' # c' : ''}\n`;
          }
        }
      }
      const fast = parseSimpleYaml(text, 'f.yaml');
      if (fast === undefined) continue;
      accepted++;
      const slow = parseWithYaml(text, 'f.yaml');
      if (slow.problems.length > 0 || JSON.stringify(observed(fast)) !== JSON.stringify(observed(slow.documents))) mismatches.push(text);
    }
    expect(mismatches).toEqual([]);
    // The generator must reach the fast path often enough for this to mean something.
    expect(accepted).toBeGreaterThan(500);
  });
});
