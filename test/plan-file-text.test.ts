/** A saved plan's text as read back: encodings, nesting, JSON faults and the target (atk-20 #5, #6, #9, #13). */
import { describe, expect, it } from 'vitest';
import { UserInputError } from '../src/errors.js';
import { formatSavedPlanFile, parsePlanFile } from '../src/plan/planFile.js';

const NONE = { create: 0, update: 0, replace: 0, delete: 0, noop: 0 };
const ACCOUNT = `AC${'0'.repeat(32)}`;

/** An empty plan for the emulator's account, as plan saves it. */
function emptyPlan(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    format_version: 3,
    kinds: ['flex-flow'],
    summary: NONE,
    summary_by_kind: { 'flex-flow': NONE },
    changes: [],
    unmanaged: [{ kind: 'flex-flow', key: 'Console flow' }],
    ignored: [],
    target: { account_sid: ACCOUNT, api_host: '127.0.0.1:4010' },
    ...extra,
  };
}

const text = (document: Record<string, unknown>): string => `${JSON.stringify(document, null, 2)}\n`;
const AGAIN = '; write it again with `flexflow-sync plan --out FILE`';

describe('reading a plan file', () => {
  it('accepts a UTF-8 byte order mark', () => {
    expect(parsePlanFile(`\uFEFF${text(emptyPlan())}`)).toEqual(parsePlanFile(text(emptyPlan())));
  });

  it.each([
    {
      name: 'UTF-16LE with its byte order mark',
      bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text(emptyPlan()), 'utf16le')]),
    },
    { name: 'UTF-16LE without one', bytes: Buffer.from(text(emptyPlan()), 'utf16le') },
    { name: 'UTF-16BE', bytes: Buffer.from(text(emptyPlan()), 'utf16le').swap16() },
  ])('refuses $name in one line saying how to save it', ({ bytes }) => {
    expect(() => parsePlanFile(bytes.toString('utf8'))).toThrow(
      new UserInputError(
        'plan file is UTF-16, not UTF-8; save it with `flexflow-sync plan --out FILE`, or in PowerShell pipe it to `Out-File -Encoding utf8 FILE` instead of `>`',
      ),
    );
  });

  it('refuses nesting deeper than a plan has, before any walk over it could overflow the stack', () => {
    const deep = text(emptyPlan()).replace('"changes": []', `"changes": [], "junk": ${'['.repeat(3000)}${']'.repeat(3000)}`);
    expect(() => parsePlanFile(deep)).toThrow(new UserInputError(`plan file nests deeper than 32 levels, which no plan does${AGAIN}`));
    const counts = text(
      emptyPlan({ live_counts: { 'flex-flow': { total: JSON.parse(`${'['.repeat(40)}1${']'.repeat(40)}`) as unknown, managed: 0 } } }),
    );
    expect(() => parsePlanFile(counts)).toThrow(/^plan file nests deeper than 32 levels/);
    // Brackets inside strings, escaped quotes included, are text.
    const quoted = emptyPlan({ unmanaged: [{ kind: 'flex-flow', key: `\\"${'['.repeat(100)}` }] });
    expect(parsePlanFile(text(quoted)).unmanaged).toEqual(quoted.unmanaged);
  });

  it('says where the JSON breaks, never quoting the file', () => {
    const broken = '{\n  "format_version": 3 "\u001b[2J\nerror: forged"\n}';
    expect(() => parsePlanFile(broken)).toThrow(
      new UserInputError('plan file is not valid JSON at line 2, column 23; write it with `flexflow-sync plan --out FILE`'),
    );
    expect(() => parsePlanFile('{"changes": [1,')).toThrow(
      new UserInputError(
        'plan file is not valid JSON (it ends too early: was it cut short?); write it with `flexflow-sync plan --out FILE`',
      ),
    );
    expect(() => parsePlanFile('{"a": x\n}')).toThrow(
      new UserInputError('plan file is not valid JSON; write it with `flexflow-sync plan --out FILE`'),
    );
  });

  it.each([
    {
      target: { account_sid: `AC\u001b]0;PWNED\u0007\nerror: fake line`, api_host: 'h' },
      message: 'target.account_sid must be AC followed by 32 hex digits',
    },
    { target: { account_sid: `AC${'0'.repeat(31)}`, api_host: 'h' }, message: 'target.account_sid must be AC followed by 32 hex digits' },
    {
      target: { account_sid: ACCOUNT, api_host: 'evil\u001b[31mRED' },
      message: 'target.api_host must be a host name or address, with an optional :port',
    },
    {
      target: { account_sid: ACCOUNT, api_host: 'h\nerror: x' },
      message: 'target.api_host must be a host name or address, with an optional :port',
    },
  ])('refuses a target that is not an account SID and a host: $target.api_host', ({ target, message }) => {
    expect(() => parsePlanFile(text(emptyPlan({ target })))).toThrow(new UserInputError(`plan file: ${message}${AGAIN}`));
  });

  it.each(['flex-api.twilio.com', '127.0.0.1:4010', '[::1]:4010', 'localhost'])('accepts the API host %s', (api_host) => {
    expect(parsePlanFile(text(emptyPlan({ target: { account_sid: ACCOUNT, api_host } }))).target).toEqual({
      account_sid: ACCOUNT,
      api_host,
    });
  });
});

describe('formatSavedPlanFile (show --format json)', () => {
  it('prints an unedited plan file byte for byte', () => {
    expect(formatSavedPlanFile(text(emptyPlan()))).toBe(text(emptyPlan()));
  });

  it('prints the known keys only, and redacts values before serializing: always one JSON document', () => {
    const edited = text(
      emptyPlan({ unmanaged: [{ kind: 'flex-flow', key: 'See https://wiki.example.com/?key=1"} for details' }] }),
    ).replace('"format_version": 3,', '"format_version": 3, "__proto__": {"polluted": true}, "junk": [1, 2],');
    parsePlanFile(edited);
    const shown = formatSavedPlanFile(edited);
    expect(JSON.parse(shown)).toEqual(
      emptyPlan({ unmanaged: [{ kind: 'flex-flow', key: 'See https://wiki.example.com/?key=***"} for details' }] }),
    );
    expect(shown).not.toContain('junk');
    expect(shown).not.toContain('__proto__');
  });
});
