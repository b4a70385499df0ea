import { describe, expect, it } from 'vitest';
import { APPLY_REPORT_FORMAT_VERSION, type ApplyReport } from '../src/apply/report.js';
import type { Problem } from '../src/source/types.js';
import { applySummary } from './helpers/fixtures.js';
import { escapeData, escapeProperty, formatAnnotation, renderProblemAnnotations } from '../src/render/annotations.js';
import { renderOutputFile, fitToBytes, renderApplyFailureAnnotations, renderApplyMarkdown } from '../src/render/github.js';

function problem(index: number, overrides: Partial<Problem> = {}): Problem {
  return { file: 'flows/a.yaml', line: index, column: 3, rule: 'unknown-key', message: `problem ${index}`, ...overrides };
}

describe('escapeData / escapeProperty', () => {
  it.each([
    { name: 'plain text is unchanged', input: 'hello world', data: 'hello world', property: 'hello world' },
    { name: 'percent first, so escapes stay unambiguous', input: '100%0A', data: '100%250A', property: '100%250A' },
    { name: 'newline and carriage return', input: 'a\r\nb', data: 'a%0D%0Ab', property: 'a%0D%0Ab' },
    { name: 'colon and comma only in properties', input: 'a:b,c', data: 'a:b,c', property: 'a%3Ab%2Cc' },
  ])('$name', ({ input, data, property }) => {
    expect(escapeData(input)).toBe(data);
    expect(escapeProperty(input)).toBe(property);
  });
});

describe('formatAnnotation', () => {
  it.each([
    { name: 'no properties', level: 'warning' as const, message: 'm', props: {}, expected: '::warning::m' },
    {
      name: 'properties in order, empty ones left out',
      level: 'error' as const,
      message: 'bad',
      props: { file: 'flows/a.yaml', line: 4, col: 2, title: '' },
      expected: '::error file=flows/a.yaml,line=4,col=2::bad',
    },
    {
      name: 'an injected command in a message stays on the same line',
      level: 'error' as const,
      message: 'name "x\n::set-output name=has-changes::false"',
      props: { title: 'a,b::c' },
      expected: '::error title=a%2Cb%3A%3Ac::name "x%0A::set-output name=has-changes::false"',
    },
  ])('$name', ({ level, message, props, expected }) => {
    expect(formatAnnotation(level, message, props)).toBe(expected);
  });
});

describe('renderProblemAnnotations', () => {
  it('writes nothing for no problems', () => {
    expect(renderProblemAnnotations([])).toBe('');
  });

  it('writes one error per problem with file, line, col and the rule as title', () => {
    const text = renderProblemAnnotations([problem(7, { file: '/repo/flows/a.yaml' })], { filePath: (f) => f.replace('/repo/', '') });
    expect(text).toBe('::error file=flows/a.yaml,line=7,col=3,title=flexflow-sync%3A unknown-key::problem 7\n');
  });

  it.each([
    { count: 10, errors: 10, overflow: undefined },
    { count: 11, errors: 10, overflow: '::warning title=flexflow-sync::and 1 more problem: see the log of this step' },
    { count: 25, errors: 10, overflow: '::warning title=flexflow-sync::and 15 more problems: see the log of this step' },
  ])('caps $count problems at $errors errors and says how many more', ({ count, errors, overflow }) => {
    const problems = Array.from({ length: count }, (_, i) => problem(i + 1));
    const lines = renderProblemAnnotations(problems).trimEnd().split('\n');
    expect(lines.filter((line) => line.startsWith('::error '))).toHaveLength(errors);
    expect(lines[errors]).toBe(overflow);
    expect(lines).toHaveLength(overflow === undefined ? errors : errors + 1);
  });
});

describe('renderOutputFile', () => {
  it('uses the heredoc form with a delimiter found in neither name nor value', () => {
    const delimiters = ['D1', 'D2', 'D3'];
    const text = renderOutputFile({ summary: 'has D1 inside', 'has-changes': 'true' }, () => delimiters.shift() ?? 'X');
    expect(text).toBe('summary<<D2\nhas D1 inside\nD2\nhas-changes<<D3\ntrue\nD3\n');
  });
});

describe('fitToBytes', () => {
  const cut = (text: string) => (maxLength: number) => text.slice(0, maxLength);
  it.each([
    { name: 'ASCII that fits is rendered once, unchanged', text: 'abcdef', max: 6, expected: 'abcdef' },
    { name: 'ASCII too long is rendered shorter', text: 'abcdef', max: 4, expected: 'abcd' },
    { name: 'multi-byte text is rendered again until its bytes fit', text: 'éééééé', max: 6, expected: 'éé' },
    { name: 'nothing fits: empty', text: '€', max: 2, expected: '' },
  ])('$name', ({ text, max, expected }) => {
    const result = fitToBytes(cut(text), max);
    expect(result).toBe(expected);
    expect(Buffer.byteLength(result)).toBeLessThanOrEqual(max);
  });
});

describe('apply report', () => {
  const report: ApplyReport = {
    format_version: APPLY_REPORT_FORMAT_VERSION,
    summary: applySummary({ created: 1, failed: 1 }),
    results: [
      { action: 'create', kind: 'flex-flow', key: 'web | chat', status: 'applied', sid: 'FO' + '1'.repeat(32) },
      {
        action: 'update',
        kind: 'flex-flow',
        key: 'sms\n::set-output name=x::y',
        status: 'failed',
        error: { code: 'E_API', message: 'POST /v1/FlexFlows/FO1 failed: HTTP 400', http_status: 400 },
      },
    ],
  };

  it('annotates each failed flow on one line', () => {
    expect(renderApplyFailureAnnotations(report)).toBe(
      '::error title=flexflow-sync apply::update "sms\\n::set-output name=x::y" failed: POST /v1/FlexFlows/FO1 failed: HTTP 400\n',
    );
  });

  it('summarises every result in a table with escaped names', () => {
    expect(renderApplyMarkdown(report)).toBe(
      [
        '## flexflow-sync apply',
        '',
        '**Apply finished with failures: 1 created, 0 updated, 0 deleted, 1 failed.**',
        '',
        '| action | flow | sid | result |',
        '| --- | --- | --- | --- |',
        `| + create | web &#124; chat | FO${'1'.repeat(32)} | applied |`,
        '| ~ update | sms&#92;n::set-output name=x::y |  | **failed**: POST /v1/FlexFlows/FO1 failed: HTTP 400 |',
        '',
      ].join('\n'),
    );
  });

  it('leaves rows out from the end, and says how many, to stay within maxLength', () => {
    const full = renderApplyMarkdown(report);
    const lastRow = full.split('\n').at(-2) ?? '';
    const cut = renderApplyMarkdown(report, full.length - 1);
    expect(cut).toBe(full.replace(`${lastRow}\n`, '') + '\n1 more result is not shown: see the log of this step.\n');
    expect(cut.length).toBeLessThanOrEqual(full.length - 1);
  });
});
